import { afterEach, describe, expect, it } from 'vitest';
import { config, HOUR, MIN, SECOND, startHarness, T0, type Harness } from '../testing/scheduler-harness';

let h: Harness;
afterEach(async () => {
  await h?.scheduler.stop();
});

describe('scheduler: holding background runs (power policy)', () => {
  it('stops background runs and starts none while held; released, the interrupted and overdue ones run', async () => {
    h = startHarness({ maxConcurrent: 2 });
    h.scheduler.setConfigs([
      config('a', { lastRunEndAt: null }),
      config('b', { lastRunEndAt: T0 - 10 * MIN, intervalMinutes: 30 }),
    ]);
    await h.clock.flush();
    const [a] = h.runs.open();
    let changes = 0;
    h.scheduler.on('change', () => changes++);
    h.scheduler.holdBackground(true);
    await h.clock.flush();
    expect(a!.ctx.signal.aborted).toBe(true);
    expect(h.scheduler.isHeld()).toBe(true);
    expect(changes).toBeGreaterThan(0);
    expect(h.scheduler.pausedUntil()).toBeNull(); // not the user's pause

    await h.clock.advance(2 * HOUR);
    expect(h.runs.calls.map((c) => c.id)).toEqual(['a']);

    h.scheduler.holdBackground(false);
    await h.clock.advance(5 * SECOND);
    expect(h.runs.calls.map((c) => [c.id, c.startedAt - T0])).toEqual([
      ['a', 0],
      ['a', 2 * HOUR],
      ['b', 2 * HOUR + 5 * SECOND],
    ]);
  });

  it('"Sync now" still runs while held, and a run it started is not stopped by a hold', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a')]);
    h.scheduler.holdBackground(true);
    await h.clock.advance(2 * HOUR);
    expect(h.runs.calls).toHaveLength(0);
    h.scheduler.runNow('a');
    await h.clock.flush();
    expect(h.runs.open().map((c) => c.id)).toEqual(['a']);
    h.scheduler.holdBackground(false);
    h.scheduler.holdBackground(true); // plugged in and out again during the manual run
    await h.clock.flush();
    expect(h.runs.open()[0]!.ctx.signal.aborted).toBe(false);
    h.runs.finish('a');
    await h.clock.advance(3 * HOUR);
    expect(h.runs.calls).toHaveLength(1);
  });
});
