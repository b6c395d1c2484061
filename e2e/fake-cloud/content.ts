import { createHash } from 'node:crypto';
import { createQuickXorHasher } from './quickxorhash';

/** File bytes: held in memory, or generated deterministically from a seed so big files cost no memory. */
export type ContentSource = { kind: 'bytes'; bytes: Buffer } | { kind: 'generated'; size: number; seed: number };

export interface ContentHashes {
  quickXorHash: string;
  sha1Hash: string;
  sha256Hash: string;
}

const BLOCK = 64 * 1024;

export function contentSize(source: ContentSource): number {
  return source.kind === 'bytes' ? source.bytes.length : source.size;
}

// xorshift32 per 64 KiB block, seeded from (seed, block index): any block can be produced on its own.
function generatedBlock(seed: number, block: number): Buffer {
  const words = new Uint32Array(BLOCK / 4);
  let x = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(block + 1, 0xc2b2ae35)) >>> 0 || 0x1234567;
  for (let i = 0; i < words.length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    words[i] = x;
  }
  return Buffer.from(words.buffer);
}

/** Yields the bytes [start, end) in chunks of at most 64 KiB. */
export function* readContent(source: ContentSource, start = 0, end = contentSize(source)): Generator<Buffer> {
  if (source.kind === 'bytes') {
    for (let at = start; at < end; at += BLOCK) yield source.bytes.subarray(at, Math.min(end, at + BLOCK));
    return;
  }
  let at = start;
  while (at < end) {
    const block = Math.floor(at / BLOCK);
    const from = at - block * BLOCK;
    const to = Math.min(BLOCK, end - block * BLOCK);
    yield generatedBlock(source.seed, block).subarray(from, to);
    at = block * BLOCK + to;
  }
}

export function contentBytes(source: ContentSource): Buffer {
  return source.kind === 'bytes' ? source.bytes : Buffer.concat([...readContent(source)]);
}

export function computeHashes(source: ContentSource): ContentHashes {
  const qx = createQuickXorHasher();
  const sha1 = createHash('sha1');
  const sha256 = createHash('sha256');
  for (const chunk of readContent(source)) {
    qx.update(chunk);
    sha1.update(chunk);
    sha256.update(chunk);
  }
  return {
    quickXorHash: qx.digest(),
    sha1Hash: sha1.digest('hex').toUpperCase(),
    sha256Hash: sha256.digest('hex').toUpperCase(),
  };
}
