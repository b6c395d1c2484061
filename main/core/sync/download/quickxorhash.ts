/**
 * QuickXorHash (OneDrive's file hash), streaming and fast.
 *
 * Definition: a 160-bit state; byte i of the stream is XORed in at bit offset (i * 11) mod 160, wrapping from bit
 * 159 to bit 0; the state is serialized as 20 little-endian bytes; the total length (64-bit LE) is XORed into bytes
 * 12..19; the result is base64.
 *
 * Speed trick: 11 * 160 ≡ 0 (mod 160), so bytes i and i + 160 land at the same offset. XOR is linear, so we first
 * fold the whole stream into 160 byte cells (cell k = XOR of every byte with i mod 160 == k), 32 bits at a time,
 * and only at digest() spread the 160 cells over the 160-bit state. The hot loop is one XOR per 4 input bytes.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

// A local file is read only if it is a regular file reached without a final symlink: a planted link or FIFO
// must neither lead the hash elsewhere nor block a run (opening a FIFO for reading waits for a writer).
const READ_LOCAL_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

const CELLS = 160; // bytes per period
const WORDS = CELLS / 4;
const STATE_BYTES = 20;

/**
 * One aligned scratch buffer for input whose memory alignment does not match the phase, shared by every hasher:
 * update() never yields, so no two use it at once. (One per hasher cost a 64 KiB allocation per small file: most
 * HTTP body chunks start at an odd offset of the socket's buffer.)
 */
let scratch = new Uint32Array(16384);

export class QuickXorHash {
  /** cell k holds the XOR of every input byte whose position mod 160 is k. */
  private readonly cells = new Uint32Array(WORDS);
  private readonly cellBytes = new Uint8Array(this.cells.buffer);
  private length = 0;
  /** position of the next byte mod 160. */
  private phase = 0;

  update(chunk: Uint8Array): this {
    const n = chunk.length;
    let i = 0;
    const cellBytes = this.cellBytes;
    let phase = this.phase;
    // Byte by byte until the phase is word aligned.
    while (i < n && (phase & 3) !== 0) {
      cellBytes[phase]! ^= chunk[i]!;
      i++;
      phase = phase + 1 === CELLS ? 0 : phase + 1;
    }
    const wordCount = (n - i) >>> 2;
    if (wordCount > 0) {
      const start = chunk.byteOffset + i;
      let words: Uint32Array;
      if ((start & 3) === 0) {
        words = new Uint32Array(chunk.buffer, start, wordCount);
      } else {
        // Misaligned memory: one memcpy into an aligned buffer is still far cheaper than byte-wise work.
        if (scratch.length < wordCount) scratch = new Uint32Array(wordCount);
        new Uint8Array(scratch.buffer, 0, wordCount * 4).set(chunk.subarray(i, i + wordCount * 4));
        words = scratch;
      }
      phase = foldWords(this.cells, words, wordCount, phase >>> 2) << 2;
      i += wordCount * 4;
    }
    while (i < n) {
      cellBytes[phase]! ^= chunk[i]!;
      i++;
      phase = phase + 1 === CELLS ? 0 : phase + 1;
    }
    this.phase = phase;
    this.length += n;
    return this;
  }

  /** The base64 digest of everything so far. Does not reset: more update() calls may follow. */
  digest(): string {
    const state = new Uint8Array(STATE_BYTES);
    const cellBytes = this.cellBytes;
    for (let k = 0; k < CELLS; k++) {
      const v = cellBytes[k]!;
      if (v === 0) continue;
      const bit = (k * 11) % 160;
      const lo = bit >>> 3;
      const shift = bit & 7;
      state[lo]! ^= (v << shift) & 0xff;
      if (shift !== 0) state[(lo + 1) % STATE_BYTES]! ^= v >>> (8 - shift);
    }
    // The length as 64-bit little endian, XORed into bytes 12..19. Lengths stay below 2^53.
    let len = this.length;
    for (let b = 12; b < 20; b++) {
      state[b]! ^= len % 256;
      len = Math.floor(len / 256);
    }
    return Buffer.from(state).toString('base64');
  }

  /** Bytes hashed so far. */
  get bytes(): number {
    return this.length;
  }
}

/**
 * XORs `count` words into the 40 cell words starting at cell word `at`; returns the next cell word index.
 * Whole 160-byte periods go through 40 local accumulators, which V8 keeps in registers or stack slots.
 */
function foldWords(cells: Uint32Array, words: Uint32Array, count: number, at: number): number {
  let i = 0;
  // Head: up to the next period boundary.
  while (i < count && at !== 0) {
    cells[at]! ^= words[i]!;
    i++;
    at = at + 1 === WORDS ? 0 : at + 1;
  }
  const periods = Math.floor((count - i) / WORDS);
  if (periods > 0) {
    // The unrolled accumulators are laid out as a table, ten per row; Prettier would put each on a line of its own.
    // prettier-ignore
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5 = 0, a6 = 0, a7 = 0, a8 = 0, a9 = 0;
    // prettier-ignore
    let b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0, b7 = 0, b8 = 0, b9 = 0;
    // prettier-ignore
    let c0 = 0, c1 = 0, c2 = 0, c3 = 0, c4 = 0, c5 = 0, c6 = 0, c7 = 0, c8 = 0, c9 = 0;
    // prettier-ignore
    let d0 = 0, d1 = 0, d2 = 0, d3 = 0, d4 = 0, d5 = 0, d6 = 0, d7 = 0, d8 = 0, d9 = 0;
    const end = i + periods * WORDS;
    // prettier-ignore
    for (let j = i; j < end; j += WORDS) {
      a0 ^= words[j]!; a1 ^= words[j + 1]!; a2 ^= words[j + 2]!; a3 ^= words[j + 3]!; a4 ^= words[j + 4]!;
      a5 ^= words[j + 5]!; a6 ^= words[j + 6]!; a7 ^= words[j + 7]!; a8 ^= words[j + 8]!; a9 ^= words[j + 9]!;
      b0 ^= words[j + 10]!; b1 ^= words[j + 11]!; b2 ^= words[j + 12]!; b3 ^= words[j + 13]!; b4 ^= words[j + 14]!;
      b5 ^= words[j + 15]!; b6 ^= words[j + 16]!; b7 ^= words[j + 17]!; b8 ^= words[j + 18]!; b9 ^= words[j + 19]!;
      c0 ^= words[j + 20]!; c1 ^= words[j + 21]!; c2 ^= words[j + 22]!; c3 ^= words[j + 23]!; c4 ^= words[j + 24]!;
      c5 ^= words[j + 25]!; c6 ^= words[j + 26]!; c7 ^= words[j + 27]!; c8 ^= words[j + 28]!; c9 ^= words[j + 29]!;
      d0 ^= words[j + 30]!; d1 ^= words[j + 31]!; d2 ^= words[j + 32]!; d3 ^= words[j + 33]!; d4 ^= words[j + 34]!;
      d5 ^= words[j + 35]!; d6 ^= words[j + 36]!; d7 ^= words[j + 37]!; d8 ^= words[j + 38]!; d9 ^= words[j + 39]!;
    }
    // prettier-ignore
    const acc = [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, b0, b1, b2, b3, b4, b5, b6, b7, b8, b9,
      c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, d0, d1, d2, d3, d4, d5, d6, d7, d8, d9];
    for (let k = 0; k < WORDS; k++) cells[k]! ^= acc[k]!;
    i = end;
  }
  // Tail: less than one period left, starting at cell word 0.
  while (i < count) {
    cells[at]! ^= words[i]!;
    i++;
    at = at + 1 === WORDS ? 0 : at + 1;
  }
  return at;
}

/** Hashes a whole file, reading it in blocks of up to 1 MiB into one reused aligned buffer. */
export async function quickXorHashFile(path: string, signal?: AbortSignal): Promise<string> {
  signal?.throwIfAborted();
  const file = await open(path, READ_LOCAL_FLAGS);
  try {
    const hasher = new QuickXorHash();
    // Small files (the common case when checking many local files) get a small buffer.
    const stat = await file.stat();
    if (!stat.isFile()) throw Object.assign(new Error(`not a regular file: ${path}`), { code: 'EINVAL' });
    const { size } = stat;
    const block = new Uint8Array(new ArrayBuffer(Math.max(4096, Math.min(1 << 20, size + 1))));
    for (;;) {
      signal?.throwIfAborted();
      const { bytesRead } = await file.read(block, 0, block.length, null);
      if (bytesRead === 0) break;
      hasher.update(block.subarray(0, bytesRead));
    }
    return hasher.digest();
  } finally {
    await file.close();
  }
}
