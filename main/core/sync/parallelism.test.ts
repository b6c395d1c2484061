import { describe, expect, it } from 'vitest';
import { afterSuccess, afterThrottle, defaultBounds, limitOf, startParallelism } from './parallelism';

describe('parallelism policy (AIMD)', () => {
  const b = { min: 4, max: 32 };

  it('grows by about one per window of passed downloads, never above the bound', () => {
    let s = startParallelism(4, b);
    for (let i = 0; i < 4; i++) s = afterSuccess(s, b, 0);
    expect(limitOf(s)).toBe(5);
    for (let i = 0; i < 5; i++) s = afterSuccess(s, b, 0);
    expect(limitOf(s)).toBe(6);
    for (let i = 0; i < 10_000; i++) s = afterSuccess(s, b, 0);
    expect(limitOf(s)).toBe(32);
  });

  it('halves on a throttle, once for the downloads already in flight, and holds still until the pause is over', () => {
    let s = { window: 20, calmUntilMs: 0 };
    s = afterThrottle(s, b, 10_000, 5_000);
    expect(limitOf(s)).toBe(10);
    s = afterThrottle(s, b, 11_000, 5_000); // an answer of the same burst
    expect(limitOf(s)).toBe(10);
    s = afterSuccess(s, b, 12_000); // still paused: no growth
    expect(s.window).toBe(10);
    s = afterSuccess(s, b, 16_001);
    expect(s.window).toBeCloseTo(10.1);
    s = afterThrottle(s, b, 17_000, null);
    expect(limitOf(s)).toBe(5);
    s = afterThrottle(s, b, 18_001, null);
    expect(limitOf(s)).toBe(4); // the floor
  });

  it('bounds start at the setting: down to 4 at most, up to 32 at least', () => {
    expect(defaultBounds(4)).toEqual({ min: 4, max: 32 });
    // Below the default the user's value is a cap: 1 stays 1, 2 may drop to 1 under throttling but never rises.
    expect(defaultBounds(1)).toEqual({ min: 1, max: 1 });
    expect(defaultBounds(2)).toEqual({ min: 1, max: 2 });
    expect(limitOf(startParallelism(16, defaultBounds(16)))).toBe(16);
  });
});
