/** Which hash verifies a download (QuickXorHash first; Graph's deprecated sha1/sha256 if that is all; else size). */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { QuickXorHash } from './quickxorhash';
import type { RemoteItem } from '../types';

export type VerifiedBy = 'quickXorHash' | 'sha1' | 'sha256' | 'size';

export interface StreamHasher {
  readonly kind: VerifiedBy;
  update(chunk: Uint8Array): void;
  /** True when what was hashed matches what Graph says (always true for 'size': the caller checks the size). */
  matches(): boolean;
}

export function hasherFor(hashes: RemoteItem['hashes']): StreamHasher {
  if (hashes.quickXorHash) {
    const expected = hashes.quickXorHash;
    const h = new QuickXorHash();
    return { kind: 'quickXorHash', update: (c) => void h.update(c), matches: () => h.digest() === expected };
  }
  const hex = hashes.sha1Hash ? { kind: 'sha1' as const, algo: 'sha1', expected: hashes.sha1Hash } : null;
  const hex256 = hashes.sha256Hash ? { kind: 'sha256' as const, algo: 'sha256', expected: hashes.sha256Hash } : null;
  const pick = hex ?? hex256;
  if (pick) {
    const h = createHash(pick.algo);
    return {
      kind: pick.kind,
      update: (c) => void h.update(c),
      matches: () => h.digest('hex').toUpperCase() === pick.expected.toUpperCase(),
    };
  }
  return { kind: 'size', update: () => {}, matches: () => true };
}

/** Feeds the first `length` bytes of an open file to the hasher (the prefix of a resumed download). */
export async function hashPrefix(file: FileHandle, length: number, hasher: StreamHasher, signal?: AbortSignal): Promise<void> {
  if (length === 0 || hasher.kind === 'size') return;
  const block = new Uint8Array(new ArrayBuffer(Math.min(1 << 20, length)));
  let at = 0;
  while (at < length) {
    signal?.throwIfAborted();
    const { bytesRead } = await file.read(block, 0, Math.min(block.length, length - at), at);
    if (bytesRead === 0) throw new Error('partial download shrank while reading it');
    hasher.update(block.subarray(0, bytesRead));
    at += bytesRead;
  }
}
