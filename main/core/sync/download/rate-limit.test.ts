import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../testing/fake-clock';
import { BURST_MS, RateLimiter, reserve, type BucketState } from './rate-limit';

const MB = 1_000_000;

/** Sends `chunks` of `size` bytes from `streams` concurrent senders through one limiter; returns send times. */
async function simulate(rate: number, streams: number, chunks: number, size: number) {
  const clock = createFakeClock(0);
  const limiter = new RateLimiter(rate, clock);
  const sent: { at: number; bytes: number; stream: number }[] = [];
  const sender = async (stream: number): Promise<void> => {
    for (let i = 0; i < chunks; i++) {
      await limiter.take(size);
      sent.push({ at: clock.now(), bytes: size, stream });
    }
  };
  const all = Promise.all(Array.from({ length: streams }, (_, i) => sender(i)));
  while (await clock.next()) {
    /* time moves to each wake-up */
  }
  await all;
  return sent;
}

describe('reserve (pure)', () => {
  it('lets an idle bucket send its burst at once, then paces at the rate', () => {
    let s: BucketState = { debtUntil: -Infinity };
    const r1 = reserve(s, 100_000, 0, MB); // 100 ms of the rate: 50 ms burst, 50 ms wait
    expect(r1.waitMs).toBeCloseTo(100 - BURST_MS);
    s = r1.state;
    expect(reserve(s, 100_000, 50, MB).waitMs).toBeCloseTo(100);
  });

  it('unlimited (0) never waits and keeps no state', () => {
    const s = { debtUntil: 5 };
    expect(reserve(s, 1e9, 0, 0)).toEqual({ state: s, waitMs: 0 });
  });

  it('an idle pause does not save up more than the burst', () => {
    const after = reserve({ debtUntil: 0 }, 2 * MB, 60_000, MB);
    expect(after.waitMs).toBeCloseTo(2000 - BURST_MS);
  });
});

describe('RateLimiter', () => {
  it('holds ten concurrent streams of 5 MB at 2 MB/s to 25 s, no second above the limit by more than 10 %', async () => {
    const sent = await simulate(2 * MB, 10, (5 * MB) / 65_536 + 1, 65_536);
    const total = sent.reduce((n, s) => n + s.bytes, 0);
    const end = Math.max(...sent.map((s) => s.at));
    expect(end / 1000).toBeGreaterThan((total / (2 * MB)) * 0.95);
    expect(end / 1000).toBeLessThan((total / (2 * MB)) * 1.05);
    const perSecond = new Map<number, number>();
    for (const s of sent) perSecond.set(Math.floor(s.at / 1000), (perSecond.get(Math.floor(s.at / 1000)) ?? 0) + s.bytes);
    for (const bytes of perSecond.values()) expect(bytes).toBeLessThanOrEqual(2 * MB * 1.1);
  });

  it('shares the rate evenly between concurrent streams', async () => {
    const sent = await simulate(MB, 2, 50, 10_000);
    // Chunks alternate: each stream has sent about half of the first 50.
    const first = sent.slice(0, 50).filter((s) => s.stream === 0).length;
    expect(first).toBeGreaterThanOrEqual(24);
    expect(first).toBeLessThanOrEqual(26);
    const firstSecond = sent.filter((s) => s.at < 1000).length;
    expect(firstSecond).toBeGreaterThanOrEqual(99);
    expect(firstSecond).toBeLessThanOrEqual(106);
  });

  it('a new rate applies to the next chunk; 0 lifts the limit', async () => {
    const clock = createFakeClock(0);
    const limiter = new RateLimiter(1000, clock);
    await limiter.take(50);
    let done = false;
    void limiter.take(1000).then(() => (done = true));
    await clock.flush();
    expect(done).toBe(false);
    limiter.setRate(0);
    await limiter.take(1e9); // resolves at once
    await clock.advance(1000);
    expect(done).toBe(true);
  });

  it('stops waiting when the download is cancelled', async () => {
    const clock = createFakeClock(0);
    const limiter = new RateLimiter(1000, clock);
    const ac = new AbortController();
    const waiting = limiter.take(10_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(0);
  });
});
