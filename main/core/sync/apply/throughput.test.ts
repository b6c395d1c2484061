import { describe, expect, it } from 'vitest';
import { ThroughputMeter } from './throughput';

describe('ThroughputMeter', () => {
  it('says nothing in the first second, then the rate and the time left', () => {
    const m = new ThroughputMeter();
    expect(m.sample(0, 0, 10_000_000)).toEqual({ bytesPerSecond: null, secondsLeft: null });
    expect(m.sample(500, 1_000_000, 10_000_000)).toEqual({ bytesPerSecond: null, secondsLeft: null });
    expect(m.sample(1000, 2_000_000, 10_000_000)).toEqual({ bytesPerSecond: 2_000_000, secondsLeft: 4 });
  });

  it('follows the recent rate: a pause fades out of the window', () => {
    const m = new ThroughputMeter();
    let t = 0;
    let done = 0;
    for (; t <= 10_000; t += 500) m.sample(t, (done += 500_000), 1e9); // 1 MB/s
    const slow = m.sample(t, done, 1e9);
    expect(slow.bytesPerSecond).toBeGreaterThan(800_000);
    // Nothing for 6 s: the window holds only the stall.
    for (let i = 0; i < 12; i++) m.sample((t += 500), done, 1e9);
    expect(m.sample(t, done, 1e9)).toEqual({ bytesPerSecond: 0, secondsLeft: null });
  });
});
