/**
 * "scheduler-idle: near zero CPU": the scheduler waits on ONE timer (the next due time), never polls, and its
 * timer callbacks scale with the number of runs, not with time or with the number of configs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { config, HOUR, MIN, startHarness, T0, type Harness } from '../testing/scheduler-harness';

let h: Harness;
afterEach(async () => {
  await h?.scheduler.stop();
});

describe('scheduler: idle cost', () => {
  it('100 idle configs wait on one timer and fire no callback in a simulated hour', async () => {
    h = startHarness();
    let changes = 0;
    h.scheduler.on('change', () => changes++);
    // Daily syncs that last ran during the past 22 hours: none is due within the next hour.
    h.scheduler.setConfigs(
      Array.from({ length: 100 }, (_, i) => config(`cfg-${i}`, { intervalMinutes: 1440, lastRunEndAt: T0 - i * 13 * MIN })),
    );
    await h.clock.flush();
    expect(h.clock.pendingTimers()).toBe(1);
    const changesAfterSetup = changes;

    await h.clock.advance(HOUR);
    expect(h.clock.firedCount()).toBe(0);
    expect(h.clock.pendingTimers()).toBe(1);
    expect(h.runs.calls).toHaveLength(0);
    expect(changes).toBe(changesAfterSetup);
  });

  it('100 hourly configs over a simulated day: timer callbacks stay at about one per run, never above the cap', async () => {
    let seed = 42; // a small LCG: spread-out jitter, same every run
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    h = startHarness({ random }, { autoFinish: () => ({ ok: true }) });
    h.scheduler.setConfigs(Array.from({ length: 100 }, (_, i) => config(`cfg-${i}`, { lastRunEndAt: T0 - i * 36_000 })));
    const started = performance.now();
    await h.clock.advance(24 * HOUR);
    const elapsedMs = performance.now() - started;

    const runs = h.runs.calls.length;
    expect(runs).toBeGreaterThanOrEqual(100 * 22);
    expect(h.runs.maxOpen()).toBeLessThanOrEqual(2);
    expect(h.clock.firedCount()).toBeLessThanOrEqual(runs + 1);
    expect(h.clock.pendingTimers()).toBe(1);
    console.log(
      `scheduler-idle: 100 hourly configs, 24 simulated hours: ${runs} runs, ${h.clock.firedCount()} timer callbacks, ` +
        `${elapsedMs.toFixed(0)} ms wall time (fake clock)`,
    );
  });
});
