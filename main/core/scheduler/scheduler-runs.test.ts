import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { config, HOUR, MIN, SECOND, startHarness, T0, type Harness } from '../testing/scheduler-harness';

let h: Harness;
afterEach(async () => {
  await h?.scheduler.stop();
});

describe('scheduler: concurrency and sync now', () => {
  it('runs at most maxConcurrent at once; the others start in order of due time as slots free', async () => {
    h = startHarness({ maxConcurrent: 2, startupStaggerMs: 0 });
    h.scheduler.setConfigs([
      config('c', { lastRunEndAt: T0 - 3 * HOUR }),
      config('a', { lastRunEndAt: T0 - 5 * HOUR }),
      config('d', { lastRunEndAt: T0 - 2 * HOUR }),
      config('b', { lastRunEndAt: T0 - 4 * HOUR }),
    ]);
    await h.clock.advance(MIN);
    expect(h.runs.open().map((c) => c.id)).toEqual(['a', 'b']);
    expect(h.scheduler.snapshot().get('c')).toMatchObject({ running: false, queued: true });

    h.runs.finish('b');
    await h.clock.flush();
    expect(h.runs.open().map((c) => c.id)).toEqual(['a', 'c']);
    h.runs.finish('a');
    h.runs.finish('c');
    await h.clock.flush();
    expect(h.runs.open().map((c) => c.id)).toEqual(['d']);
    expect(h.runs.maxOpen()).toBe(2);
  });

  it('with many configs due at once never exceeds the cap and runs each exactly once', async () => {
    h = startHarness({ maxConcurrent: 3 }, { autoFinish: () => undefined });
    const ids = Array.from({ length: 20 }, (_, i) => `cfg-${i}`);
    h.scheduler.setConfigs(ids.map((id) => config(id, { lastRunEndAt: null })));
    for (let step = 0; step < 60; step++) {
      await h.clock.advance(7 * SECOND);
      const open = h.runs.open();
      expect(open.length).toBeLessThanOrEqual(3);
      if (open[0]) h.runs.finish(open[0].id);
    }
    expect(h.runs.maxOpen()).toBe(3);
    expect(h.runs.calls.map((c) => c.id).sort()).toEqual([...ids].sort());
  });

  it('sync now on an idle config far from due runs it at once, and the next interval counts from its end', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { intervalMinutes: 1440 })]);
    await h.clock.advance(HOUR);
    expect(h.scheduler.runNow('a')).toBe(true);
    await h.clock.flush();
    expect(h.runs.startsOf('a')).toEqual([T0 + HOUR]);
    await h.clock.advance(2 * MIN);
    h.runs.finish('a');
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')?.nextRunAt).toBe(T0 + HOUR + 2 * MIN + 24 * HOUR);
  });

  it('sync now while running queues exactly one more run, however often it is pressed', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    expect(h.runs.open()).toHaveLength(1);
    for (let i = 0; i < 10; i++) h.scheduler.runNow('a');
    await h.clock.flush();
    expect(h.runs.calls).toHaveLength(1); // never two runs of one config
    expect(h.scheduler.snapshot().get('a')).toMatchObject({ running: true, queued: true });

    await h.clock.advance(MIN);
    h.runs.finish('a');
    await h.clock.flush();
    expect(h.runs.startsOf('a')).toEqual([T0, T0 + MIN]);
    expect(h.scheduler.snapshot().get('a')).toMatchObject({ running: true, queued: false });

    h.runs.finish('a');
    await h.clock.advance(10 * MIN);
    expect(h.runs.calls).toHaveLength(2);
  });

  it('sync now waits in the queue when all slots are busy', async () => {
    h = startHarness({ maxConcurrent: 1 });
    h.scheduler.setConfigs([config('busy', { lastRunEndAt: null }), config('a')]);
    await h.clock.flush();
    h.scheduler.runNow('a');
    await h.clock.flush();
    expect(h.scheduler.snapshot().get('a')).toMatchObject({ running: false, queued: true, nextRunAt: T0 });
    h.runs.finish('busy');
    await h.clock.flush();
    expect(h.runs.open().map((c) => c.id)).toEqual(['a']);
  });

  it('sync now of an unknown config is refused', () => {
    h = startHarness();
    expect(h.scheduler.runNow('nope')).toBe(false);
  });

  it('sync now of an inactive config runs it once and does not schedule it afterwards', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { active: false, lastRunEndAt: null })]);
    h.scheduler.runNow('a');
    await h.clock.flush();
    h.runs.finish('a');
    await h.clock.advance(10 * HOUR);
    expect(h.runs.calls).toHaveLength(1);
    expect(h.scheduler.snapshot().get('a')?.nextRunAt).toBeNull();
  });

  it('raising maxConcurrent lets a waiting config start', async () => {
    h = startHarness({ maxConcurrent: 1 });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null }), config('b', { lastRunEndAt: null })]);
    await h.clock.advance(10 * SECOND);
    expect(h.runs.open()).toHaveLength(1);
    h.scheduler.setMaxConcurrent(2);
    await h.clock.flush();
    expect(h.runs.open().map((c) => c.id)).toEqual(['a', 'b']);
  });

  it('reports each run end with its outcome; thrown errors keep their code, anything else is internal', async () => {
    h = startHarness({ maxConcurrent: 3, startupStaggerMs: 0 });
    h.scheduler.setConfigs([
      config('ok', { lastRunEndAt: null }),
      config('app-error', { lastRunEndAt: null }),
      config('bug', { lastRunEndAt: null }),
    ]);
    await h.clock.flush();
    const byId = new Map(h.runs.open().map((c) => [c.id, c]));
    byId.get('ok')!.end({ ok: true });
    byId.get('app-error')!.fail(new AppError('throttled', undefined, 30_000));
    byId.get('bug')!.fail(new TypeError('x is undefined'));
    await h.clock.flush();
    expect(h.ends.map((e) => [e.id, e.outcome])).toEqual([
      ['ok', { ok: true }],
      ['app-error', { ok: false, code: 'throttled', retryAfterMs: 30_000 }],
      ['bug', { ok: false, code: 'internal' }],
    ]);
  });

  it('emits change when the snapshot changes and not when nothing changed', async () => {
    h = startHarness();
    let changes = 0;
    h.scheduler.on('change', () => changes++);
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    expect(changes).toBe(1); // added and started in one turn: one batched change
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    expect(changes).toBe(1);
    h.scheduler.runNow('a');
    await h.clock.flush();
    expect(changes).toBe(2); // queued
    h.runs.finish('a');
    await h.clock.flush();
    expect(changes).toBe(3); // second run started, queue empty
    h.runs.finish('a');
    await h.clock.flush();
    expect(changes).toBe(4); // idle with a next run time
    expect(h.scheduler.snapshot().get('a')).toEqual({
      running: false,
      queued: false,
      nextRunAt: T0 + HOUR,
      retrying: 0,
    });
  });

  it('cancel(id) aborts that run only; it is not retried and waits for its next interval', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null }), config('b', { lastRunEndAt: null })]);
    await h.clock.advance(5 * SECOND);
    const [a, b] = h.runs.open();
    h.scheduler.cancel('a');
    await h.clock.flush();
    expect(a!.ctx.signal.aborted).toBe(true);
    expect(b!.ctx.signal.aborted).toBe(false);
    expect(h.ends.map((e) => [e.id, e.outcome])).toEqual([['a', { ok: false, code: 'cancelled' }]]);
    expect(h.scheduler.snapshot().get('a')).toEqual({
      running: false,
      queued: false,
      nextRunAt: T0 + 5 * SECOND + HOUR,
      retrying: 0,
    });
  });

  it('cancel(id) resolves only once that run has ended', async () => {
    h = startHarness({}, { ignoreAbort: true }); // an engine finishing its last write after the abort
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.advance(5 * SECOND);
    let ended = false;
    const cancelled = h.scheduler.cancel('a').then(() => (ended = true));
    await h.clock.flush();
    expect(ended).toBe(false);
    h.runs.finish('a');
    await cancelled;
    expect(ended).toBe(true);
    await expect(h.scheduler.cancel('unknown')).resolves.toBeUndefined();
  });

  it('a config removed and added back while running is never run twice at once', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.scheduler.setConfigs([]);
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    h.scheduler.runNow('a');
    await h.clock.advance(MIN);
    expect(h.runs.calls).toHaveLength(1);
    h.runs.finish('a');
    await h.clock.flush();
    expect(h.runs.calls).toHaveLength(2);
  });

  it('announces a run start before the run can end', async () => {
    h = startHarness();
    const events: string[] = [];
    h.scheduler.on('runStart', (id) => events.push(`start ${id}`));
    h.scheduler.on('runEnd', (id) => events.push(`end ${id}`));
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.runs.finish('a');
    await h.clock.flush();
    expect(events).toEqual(['start a', 'end a']);
  });

  it('unsubscribing stops the events', async () => {
    h = startHarness();
    let changes = 0;
    const off = h.scheduler.on('change', () => changes++);
    off();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    expect(changes).toBe(0);
  });

  it('keeps working when a listener throws', async () => {
    h = startHarness();
    h.scheduler.on('runEnd', () => {
      throw new Error('listener bug');
    });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null, intervalMinutes: 1 })]);
    await h.clock.flush();
    h.runs.finish('a');
    await h.clock.advance(MIN);
    expect(h.runs.calls).toHaveLength(2);
  });
});
