import { describe, expect, it } from 'vitest';
import { createSpaceCheck } from './disk-space';

describe('free-space check', () => {
  it('reuses an answer for a second, minus what was reserved, and asks again when it falls short or ages', async () => {
    let t = 0;
    let free = 10_000;
    const asked: number[] = [];
    const reserve = createSpaceCheck({ freeBytes: async () => (asked.push(t), free), now: () => t, reserve: 1_000 });
    await reserve('/r', 3_000, 'a');
    await reserve('/r', 3_000, 'b');
    expect(asked).toEqual([0]); // 10,000 - 6,000 left, enough for both
    await reserve('/r', 3_000, 'c'); // 4,000 known: exactly 3,000 plus the 1,000 reserve
    expect(asked).toEqual([0]);
    await reserve('/r', 100, 'd'); // 1,000 known: short, ask again
    expect(asked).toEqual([0, 0]);
    t = 1_500;
    await reserve('/r', 100, 'e'); // older than a second
    expect(asked).toEqual([0, 0, 1_500]);
    free = 500;
    t = 3_000;
    await expect(reserve('/r', 100, 'big.bin')).rejects.toMatchObject({
      code: 'disk_full',
      message: expect.stringContaining('big.bin'),
    });
    await reserve('/r', 0, 'empty'); // nothing to write: no question
    expect(asked).toHaveLength(4);
  });
});
