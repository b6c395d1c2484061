import { afterEach, describe, expect, it } from 'vitest';
import { config, HOUR, MIN, SECOND, startHarness, T0, type Harness } from '../testing/scheduler-harness';

let h: Harness;
afterEach(async () => {
  await h?.scheduler.stop();
});

describe('scheduler: intervals', () => {
  it('runs an active config every interval, measured from the END of its last run', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: T0 })]);

    await h.clock.advance(HOUR - 1);
    expect(h.runs.calls).toHaveLength(0);
    await h.clock.advance(1);
    expect(h.runs.startsOf('a')).toEqual([T0 + HOUR]);

    await h.clock.advance(3 * MIN); // a slow run: 3 minutes
    h.runs.finish('a');
    await h.clock.advance(HOUR - 1);
    expect(h.runs.calls).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.runs.startsOf('a')).toEqual([T0 + HOUR, T0 + 2 * HOUR + 3 * MIN]);
  });

  it('waits only for the rest of the interval when the last run ended a while ago', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: T0 - 20 * MIN })]);
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')?.nextRunAt).toBe(T0 + 40 * MIN);
    await h.clock.advance(40 * MIN);
    expect(h.runs.startsOf('a')).toEqual([T0 + 40 * MIN]);
  });

  it('treats an interval under one minute as one minute', async () => {
    h = startHarness({}, { autoFinish: () => ({ ok: true }) });
    h.scheduler.setConfigs([config('a', { intervalMinutes: 0 })]);
    await h.clock.advance(3 * MIN);
    expect(h.runs.startsOf('a')).toEqual([T0 + MIN, T0 + 2 * MIN, T0 + 3 * MIN]);
  });

  it('adds jitter of up to 10% of the interval, never more than 5 minutes, chosen by the injected random', async () => {
    h = startHarness({ random: () => 0.5, jitterRatio: 0.1 });
    h.scheduler.setConfigs([
      config('ten-minutes', { intervalMinutes: 10 }),
      config('hourly', { intervalMinutes: 60 }),
      config('daily', { intervalMinutes: 1440 }),
    ]);
    await h.clock.flush();
    const next = (id: string) => h.scheduler.snapshot().get(id)?.nextRunAt;
    expect(next('ten-minutes')).toBe(T0 + 10 * MIN + 30 * SECOND); // half of 1 min
    expect(next('hourly')).toBe(T0 + HOUR + 150 * SECOND); // half of the 5 min cap (10% = 6 min)
    expect(next('daily')).toBe(T0 + 24 * HOUR + 150 * SECOND);
  });

  it('draws a new jitter for each cycle, so configs that start together drift apart', async () => {
    const draws = [0.1, 0.9, 0.5];
    let i = 0;
    h = startHarness({ random: () => draws[i++ % draws.length]! }, { autoFinish: () => ({ ok: true }) });
    h.scheduler.setConfigs([config('a', { intervalMinutes: 10 })]);
    await h.clock.advance(35 * MIN);
    // creation drew 0.1 (6 s), the first run's end drew 0.9 (54 s), the second's 0.5 (30 s)
    expect(h.runs.startsOf('a')).toEqual([T0 + 10 * MIN + 6 * SECOND, T0 + 20 * MIN + 60 * SECOND, T0 + 31 * MIN + 30 * SECOND]);
  });

  it('starts overdue configs soon after start, 5 s apart, oldest first', async () => {
    h = startHarness({ maxConcurrent: 8 });
    h.scheduler.setConfigs([
      config('fresh', { lastRunEndAt: T0 - 5 * MIN }),
      config('two-hours-ago', { lastRunEndAt: T0 - 2 * HOUR }),
      config('never', { lastRunEndAt: null }),
      config('three-hours-ago', { lastRunEndAt: T0 - 3 * HOUR }),
    ]);
    await h.clock.advance(30 * SECOND);
    expect(h.runs.calls.map((c) => [c.id, c.startedAt - T0])).toEqual([
      ['never', 0],
      ['three-hours-ago', 5 * SECOND],
      ['two-hours-ago', 10 * SECOND],
    ]);
  });

  it('does not schedule inactive configs, and schedules them once activated', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { active: false, lastRunEndAt: null })]);
    await h.clock.advance(5 * HOUR);
    expect(h.runs.calls).toHaveLength(0);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(h.scheduler.snapshot().get('a')).toEqual({
      running: false,
      queued: false,
      nextRunAt: null,
      retrying: 0,
    });

    h.scheduler.setConfigs([config('a', { active: true, lastRunEndAt: null })]);
    await h.clock.flush();
    expect(h.runs.startsOf('a')).toEqual([T0 + 5 * HOUR]);
  });

  it('keeps its schedule when the same configs are set again (the store changes often)', async () => {
    let r = 0.2;
    h = startHarness({ random: () => r });
    const configs = [config('a'), config('b', { intervalMinutes: 30 })];
    h.scheduler.setConfigs(configs);
    await h.clock.flush();
    const before = h.scheduler.snapshot();
    r = 0.9;
    for (let i = 0; i < 5; i++) {
      await h.clock.advance(MIN);
      h.scheduler.setConfigs(configs.map((c) => ({ ...c })));
    }
    await h.clock.flush();
    expect(h.scheduler.snapshot()).toEqual(before);
  });

  it('reschedules an idle config from its last end when the interval changes', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { intervalMinutes: 60, lastRunEndAt: T0 })]);
    await h.clock.advance(10 * MIN);
    h.scheduler.setConfigs([config('a', { intervalMinutes: 15, lastRunEndAt: T0 })]);
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')?.nextRunAt).toBe(T0 + 15 * MIN);

    // Shorter than the time already waited: it is overdue and runs now.
    h.scheduler.setConfigs([config('a', { intervalMinutes: 5, lastRunEndAt: T0 })]);
    await h.clock.flush();
    expect(h.runs.startsOf('a')).toEqual([T0 + 10 * MIN]);
  });

  it('never disturbs a running run when configs change; the new interval applies after it ends', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    const [call] = h.runs.open();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null, intervalMinutes: 5 })]);
    h.scheduler.setConfigs([config('a', { lastRunEndAt: T0 - HOUR, intervalMinutes: 5 })]);
    await h.clock.advance(9 * MIN);
    call!.ctx.progress();
    await h.clock.advance(9 * MIN);
    expect(call!.ctx.signal.aborted).toBe(false);
    expect(h.runs.calls).toHaveLength(1);
    h.runs.finish('a');
    await h.clock.advance(5 * MIN);
    expect(h.runs.startsOf('a')).toEqual([T0, T0 + 23 * MIN]);
  });

  it('takes a newer last-run time from the store as the start of the interval', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: T0 })]);
    await h.clock.advance(30 * MIN);
    // e.g. `onedrive-mirror sync run` ran it while the app was closed... or another path updated it
    h.scheduler.setConfigs([config('a', { lastRunEndAt: T0 + 30 * MIN })]);
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')?.nextRunAt).toBe(T0 + 90 * MIN);
  });

  it('forgets a removed config, and lets a removed running config finish first', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('idle'), config('busy', { lastRunEndAt: null })]);
    await h.clock.flush();
    const [busy] = h.runs.open();
    h.scheduler.setConfigs([]);
    await h.clock.flush();
    expect([...h.scheduler.snapshot().keys()]).toEqual([]);
    expect(busy!.ctx.signal.aborted).toBe(false);
    expect(h.clock.pendingTimers()).toBe(1); // only busy's stall deadline
    h.runs.finish('busy');
    await h.clock.advance(3 * HOUR);
    expect(h.runs.calls).toHaveLength(1);
    expect(h.ends.map((e) => e.id)).toEqual(['busy']);
    expect(h.clock.pendingTimers()).toBe(0);
  });
});
