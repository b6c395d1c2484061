import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { QuickXorHash, quickXorHashFile } from './quickxorhash';

interface Vector {
  length: number;
  input_base64: string;
  quickXorHash: string;
}
// Read at run time: the fixture lives outside this TypeScript project.
const vectorsUrl = new URL('../../../../e2e/fixtures/quickxorhash-vectors.json', import.meta.url);
const vectors = (JSON.parse(readFileSync(vectorsUrl, 'utf8')) as { vectors: Vector[] }).vectors;

function hashInChunks(data: Uint8Array, sizes: (i: number) => number): string {
  const h = new QuickXorHash();
  let at = 0;
  let n = 0;
  while (at < data.length) {
    const size = Math.max(1, sizes(n++));
    h.update(data.subarray(at, at + size));
    at += size;
  }
  return h.digest();
}

/** A copy placed at a given memory offset, to exercise misaligned word views. */
function atOffset(data: Uint8Array, offset: number): Uint8Array {
  const buf = new Uint8Array(data.length + offset);
  buf.set(data, offset);
  return buf.subarray(offset);
}

describe('QuickXorHash', () => {
  it('has vectors to check against', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(10);
  });

  for (const v of vectors) {
    const input = new Uint8Array(Buffer.from(v.input_base64, 'base64'));
    it(`matches the vector of ${v.length} bytes, whole and in chunks of every size`, () => {
      expect(input.length).toBe(v.length);
      expect(new QuickXorHash().update(input).digest()).toBe(v.quickXorHash);
      for (const size of [1, 2, 3, 7, 19, 20, 21, 159, 160, 161, 4096]) {
        expect(
          hashInChunks(input, () => size),
          `chunk size ${size}`,
        ).toBe(v.quickXorHash);
      }
      let seed = v.length + 1;
      const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) % 300;
      expect(hashInChunks(input, random), 'random chunks').toBe(v.quickXorHash);
      for (const offset of [1, 2, 3]) {
        expect(new QuickXorHash().update(atOffset(input, offset)).digest(), `memory offset ${offset}`).toBe(v.quickXorHash);
      }
    });
  }

  it('hashes "hello world" and the empty input like Graph', () => {
    expect(new QuickXorHash().digest()).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    expect(new QuickXorHash().update(new TextEncoder().encode('hello world')).digest()).toBe('aCgDG9jwBhDc4Q1yawMZAAAAAAA=');
  });

  it('never changes the digest however the input is chunked or placed in memory', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 2000 }),
        fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: 3 }),
        (data, sizes, offset) => {
          const whole = new QuickXorHash().update(data).digest();
          const chunked = hashInChunks(atOffset(data, offset), (n) => sizes[n % sizes.length]!);
          expect(chunked).toBe(whole);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('can digest midway and keep hashing', () => {
    const data = new Uint8Array(1000).map((_, i) => i * 7);
    const h = new QuickXorHash().update(data.subarray(0, 333));
    h.digest();
    h.update(data.subarray(333));
    expect(h.digest()).toBe(new QuickXorHash().update(data).digest());
    expect(h.bytes).toBe(1000);
  });

  describe('quickXorHashFile', () => {
    let dir = '';
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it('hashes a file bigger than its read block like the in-memory hasher', async () => {
      dir = await mkdtemp(join(tmpdir(), 'qxh-'));
      const data = new Uint8Array(3 * 1024 * 1024 + 12345).map((_, i) => (i * 131) ^ (i >>> 9));
      const path = join(dir, 'big.bin');
      await writeFile(path, data);
      expect(await quickXorHashFile(path)).toBe(new QuickXorHash().update(data).digest());
    });

    it('stops when aborted', async () => {
      const path = join(dir, 'big.bin');
      await expect(quickXorHashFile(path, AbortSignal.abort())).rejects.toThrow();
    });

    it('refuses a symlink instead of hashing what it points at', async () => {
      const link = join(dir, 'link.bin');
      await symlink(join(dir, 'big.bin'), link);
      await expect(quickXorHashFile(link)).rejects.toThrow();
    });

    // A FIFO planted under a tracked name would block an open for reading until a writer came: the run would hang.
    it.runIf(process.platform !== 'win32')('refuses a FIFO at once instead of waiting for a writer', async () => {
      const fifo = join(dir, 'pipe');
      execFileSync('mkfifo', [fifo]);
      await expect(quickXorHashFile(fifo)).rejects.toThrow(/not a regular file/);
    });
  });
});
