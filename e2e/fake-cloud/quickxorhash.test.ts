import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createQuickXorHasher, quickXorHash } from './quickxorhash';

interface Vector {
  length: number;
  input_base64: string;
  quickXorHash: string;
}
const vectors = (
  JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/quickxorhash-vectors.json', import.meta.url)), 'utf8')) as {
    vectors: Vector[];
  }
).vectors;

describe('fake cloud QuickXorHash', () => {
  it('matches every fixture vector', () => {
    expect(vectors.length).toBeGreaterThan(2);
    for (const v of vectors) expect(quickXorHash(Buffer.from(v.input_base64, 'base64'))).toBe(v.quickXorHash);
  });

  it('gives the same digest when the input arrives in uneven chunks', () => {
    const longest = vectors.reduce((a, b) => (b.length > a.length ? b : a));
    const input = Buffer.from(longest.input_base64, 'base64');
    const hasher = createQuickXorHasher();
    for (let at = 0, step = 1; at < input.length; at += step, step = ((step * 7) % 13) + 1)
      hasher.update(input.subarray(at, at + step));
    expect(hasher.digest()).toBe(longest.quickXorHash);
  });

  it('knows the two published vectors', () => {
    expect(quickXorHash(Buffer.alloc(0))).toBe('AAAAAAAAAAAAAAAAAAAAAAAAAAA=');
    expect(quickXorHash(Buffer.from('hello world'))).toBe('aCgDG9jwBhDc4Q1yawMZAAAAAAA=');
  });
});
