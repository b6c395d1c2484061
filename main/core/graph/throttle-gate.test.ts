import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../testing/fake-clock';
import { ThrottleGate, backoffMs } from './throttle-gate';

function track(p: Promise<unknown>) {
  const state = { done: false, error: undefined as unknown };
  p.then(
    () => (state.done = true),
    (e: unknown) => (state.error = e),
  );
  return state;
}

describe('ThrottleGate', () => {
  it('lets requests through at once when not paused', async () => {
    const clock = createFakeClock();
    const gate = new ThrottleGate(clock);
    const w = track(gate.wait());
    await clock.advance(0);
    expect(w.done).toBe(true);
  });

  it('holds every waiter of the account for the Retry-After period, then releases them all', async () => {
    const clock = createFakeClock();
    const gate = new ThrottleGate(clock);
    gate.throttled(41_000);
    const waiters = [track(gate.wait()), track(gate.wait()), track(gate.wait())];
    await clock.advance(40_999);
    expect(waiters.some((w) => w.done)).toBe(false);
    await clock.advance(1);
    expect(waiters.every((w) => w.done)).toBe(true);
    expect(gate.pausedUntil()).toBe(clock.now());
  });

  it('keeps waiting when the pause is extended meanwhile, and never shortens a pause', async () => {
    const clock = createFakeClock();
    const gate = new ThrottleGate(clock);
    gate.pauseFor(10_000);
    const w = track(gate.wait());
    await clock.advance(5_000);
    gate.pauseFor(315_000); // the second Retry-After grew
    gate.pauseFor(1_000); // a smaller one does not shorten it
    await clock.advance(10_000);
    expect(w.done).toBe(false);
    await clock.advance(310_000);
    expect(w.done).toBe(true);
    expect(clock.elapsed()).toBe(325_000);
  });

  it('backs off exponentially with jitter when Graph throttles without Retry-After, and resets after a success', () => {
    const clock = createFakeClock();
    const gate = new ThrottleGate(clock, { baseMs: 1000, maxMs: 60_000, random: () => 1 });
    expect(gate.throttled()).toBe(1000);
    expect(gate.throttled(null)).toBe(2000);
    expect(gate.throttled()).toBe(4000);
    gate.passed();
    expect(gate.throttled()).toBe(1000);
  });

  it('spreads backoff between half and all of the exponential ceiling, capped', () => {
    expect(backoffMs(0, 1000, 60_000, () => 0)).toBe(500);
    expect(backoffMs(3, 1000, 60_000, () => 0.5)).toBe(6000);
    expect(backoffMs(20, 1000, 60_000, () => 0.999)).toBeLessThanOrEqual(60_000);
    expect(backoffMs(20, 1000, 60_000, () => 0)).toBe(30_000);
  });

  it('stops waiting when the caller aborts', async () => {
    const clock = createFakeClock();
    const gate = new ThrottleGate(clock);
    gate.pauseFor(60_000);
    const ac = new AbortController();
    const w = track(gate.wait(ac.signal));
    await clock.advance(1000);
    ac.abort(new Error('stop'));
    await clock.advance(0);
    expect((w.error as Error).message).toBe('stop');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('fires timers by itself in auto mode, so integration tests never sleep', async () => {
    const clock = createFakeClock(0, { auto: true });
    const gate = new ThrottleGate(clock);
    gate.pauseFor(300_000);
    await gate.wait();
    expect(clock.now()).toBe(300_000);
  });
});
