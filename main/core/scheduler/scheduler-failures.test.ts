import { afterEach, describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../../shared/model';
import { config, HOUR, MIN, SECOND, startHarness, T0, type Harness } from '../testing/scheduler-harness';

let h: Harness;
afterEach(async () => {
  await h?.scheduler.stop();
});

const fail = (code: ErrorCode, retryAfterMs?: number) =>
  retryAfterMs === undefined ? { ok: false as const, code } : { ok: false as const, code, retryAfterMs };

describe('scheduler: failures, retries and the stall time-out', () => {
  it.each(['offline', 'throttled', 'timeout', 'internal'] as const)(
    'retries a transient %s failure after 2 s, 4 s, 8 s, then waits for the next interval',
    async (code) => {
      h = startHarness({}, { autoFinish: () => fail(code) });
      h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
      await h.clock.advance(MIN);
      const starts = h.runs.startsOf('a').map((t) => t - T0);
      expect(starts).toEqual([0, 2 * SECOND, 6 * SECOND, 14 * SECOND]);
      expect(h.scheduler.snapshot().get('a')).toEqual({
        running: false,
        queued: false,
        nextRunAt: T0 + 14 * SECOND + HOUR,
        retrying: 0,
      });
      await h.clock.advance(HOUR);
      // The interval run fails too and gets its own three retries.
      expect(
        h.runs
          .startsOf('a')
          .slice(4)
          .map((t) => t - T0 - HOUR),
      ).toEqual([14, 16, 20, 28].map((s) => s * SECOND));
    },
  );

  it('shows which retry is pending', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.runs.finish('a', fail('offline'));
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')).toEqual({
      running: false,
      queued: false,
      nextRunAt: T0 + 2 * SECOND,
      retrying: 1,
    });
    await h.clock.advance(2 * SECOND);
    expect(h.scheduler.snapshot().get('a')).toMatchObject({ running: true, retrying: 1 });
    h.runs.finish('a', fail('offline'));
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')).toMatchObject({ nextRunAt: T0 + 6 * SECOND, retrying: 2 });
  });

  it('a success during the retries ends them; the next failure starts again at 2 s', async () => {
    const outcomes = [fail('offline'), fail('offline'), { ok: true as const }, fail('offline')];
    h = startHarness({}, { autoFinish: () => outcomes.shift() ?? { ok: true } });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null, intervalMinutes: 10 })]);
    await h.clock.advance(10 * MIN + 10 * SECOND);
    expect(h.runs.startsOf('a').map((t) => t - T0)).toEqual([
      0,
      2 * SECOND,
      6 * SECOND,
      6 * SECOND + 10 * MIN,
      8 * SECOND + 10 * MIN,
    ]);
  });

  it('honours a throttled Retry-After longer than the backoff, and keeps the backoff when it is shorter', async () => {
    const outcomes = [fail('throttled', 30 * SECOND), fail('throttled', 1 * SECOND), { ok: true as const }];
    h = startHarness({}, { autoFinish: () => outcomes.shift() });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.advance(MIN);
    expect(h.runs.startsOf('a').map((t) => t - T0)).toEqual([0, 30 * SECOND, 34 * SECOND]);
  });

  it.each(['reconnect_required', 'local_missing', 'disk_full', 'confirm_deletes', 'access_denied', 'remote_missing'] as const)(
    'stops a config after %s until the user acts (inactive then active again, or sync now)',
    async (code) => {
      h = startHarness({}, { autoFinish: (_id, call) => (h.runs.calls.indexOf(call) === 0 ? fail(code) : { ok: true }) });
      h.scheduler.setConfigs([config('a', { lastRunEndAt: null, intervalMinutes: 5 })]);
      await h.clock.advance(MIN);
      // The store still says active until the service records the error: it must stay stopped anyway.
      h.scheduler.setConfigs([config('a', { lastRunEndAt: T0, intervalMinutes: 5 })]);
      await h.clock.advance(5 * HOUR);
      expect(h.runs.calls).toHaveLength(1);
      expect(h.scheduler.snapshot().get('a')).toEqual({
        running: false,
        queued: false,
        nextRunAt: null,
        retrying: 0,
      });
      expect(h.clock.pendingTimers()).toBe(0);

      // The service marks it error (inactive), the user fixes it, it becomes active again.
      h.scheduler.setConfigs([config('a', { lastRunEndAt: T0, intervalMinutes: 5, active: false })]);
      h.scheduler.setConfigs([config('a', { lastRunEndAt: T0, intervalMinutes: 5, active: true })]);
      await h.clock.flush();
      expect(h.runs.calls).toHaveLength(2);
    },
  );

  it('sync now restarts a stopped config', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.runs.finish('a', fail('confirm_deletes'));
    await h.clock.advance(2 * HOUR);
    expect(h.runs.calls).toHaveLength(1);
    h.scheduler.runNow('a'); // the user confirmed the deletions
    await h.clock.flush();
    h.runs.finish('a');
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')?.nextRunAt).toBe(T0 + 3 * HOUR);
  });

  it('a stopping error drops a sync-now that was queued during the run', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.scheduler.runNow('a');
    h.runs.finish('a', fail('reconnect_required'));
    await h.clock.advance(HOUR);
    expect(h.runs.calls).toHaveLength(1);
  });

  it('an engine-cancelled run just waits for the next interval', async () => {
    h = startHarness({}, { autoFinish: () => fail('cancelled') });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.advance(2 * HOUR + MIN);
    expect(h.runs.startsOf('a').map((t) => t - T0)).toEqual([0, HOUR, 2 * HOUR]);
  });

  it('aborts a run that reported no progress for the stall time-out, counts it as timeout and retries it', async () => {
    h = startHarness({ stallTimeoutMs: 10 * MIN });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    const [first] = h.runs.open();
    await h.clock.advance(4 * MIN);
    first!.ctx.progress();
    await h.clock.advance(10 * MIN - 1);
    expect(first!.ctx.signal.aborted).toBe(false);
    await h.clock.advance(1);
    expect(first!.ctx.signal.aborted).toBe(true);
    expect(first!.ctx.signal.reason).toMatchObject({ code: 'timeout' });
    expect(h.ends).toEqual([{ id: 'a', outcome: { ok: false, code: 'timeout' }, at: T0 + 14 * MIN }]);
    await h.clock.advance(2 * SECOND);
    expect(h.runs.startsOf('a')).toEqual([T0, T0 + 14 * MIN + 2 * SECOND]);
  });

  it('never kills a long run that keeps reporting progress (no total time-out)', async () => {
    h = startHarness({ stallTimeoutMs: 10 * MIN });
    h.scheduler.setConfigs([config('big-first-sync', { lastRunEndAt: null })]);
    await h.clock.flush();
    const [run] = h.runs.open();
    for (let minute = 0; minute < 6 * 60; minute += 9) {
      await h.clock.advance(9 * MIN);
      run!.ctx.progress();
    }
    expect(run!.ctx.signal.aborted).toBe(false);
    // Progress is cheap: it does not set a timer per call; the one alarm moves lazily.
    expect(h.clock.pendingTimers()).toBe(1);
    expect(h.clock.firedCount()).toBeLessThan((6 * 60) / 9 + 2);
    h.runs.finish('big-first-sync');
    await h.clock.flush();
    expect(h.ends.map((e) => e.outcome)).toEqual([{ ok: true }]);
  });

  it('keeps the slot of a run that ignores its abort: a stuck run is never doubled', async () => {
    h = startHarness({ stallTimeoutMs: MIN }, { ignoreAbort: true });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.advance(MIN);
    expect(h.runs.calls[0]!.ctx.signal.aborted).toBe(true);
    h.scheduler.runNow('a');
    await h.clock.advance(3 * HOUR);
    expect(h.runs.calls).toHaveLength(1);
    expect(h.scheduler.snapshot().get('a')).toMatchObject({ running: true, queued: true });
    h.runs.finish('a', fail('cancelled'));
    await h.clock.flush();
    // Reported as the time-out it was; the queued sync-now follows.
    expect(h.ends[0]?.outcome).toEqual({ ok: false, code: 'timeout' });
    expect(h.runs.calls).toHaveLength(2);
    h.runs.calls[1]!.end({ ok: true });
  });
});
