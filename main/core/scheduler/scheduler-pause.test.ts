import { afterEach, describe, expect, it } from 'vitest';
import type { PowerEvents } from '../ports';
import { config, HOUR, MIN, SECOND, startHarness, T0, type Harness } from '../testing/scheduler-harness';

let h: Harness;
afterEach(async () => {
  await h?.scheduler.stop();
});

function fakePower(): PowerEvents & { emit(event: 'suspend' | 'resume'): void; listeners(): number } {
  const listeners = { suspend: new Set<() => void>(), resume: new Set<() => void>() };
  return {
    on(event, listener) {
      listeners[event].add(listener);
      return () => listeners[event].delete(listener);
    },
    emit: (event) => listeners[event].forEach((l) => l()),
    listeners: () => listeners.suspend.size + listeners.resume.size,
  };
}

describe('scheduler: global pause', () => {
  it('pause until resumed aborts running syncs, starts nothing, and after resume runs the interrupted ones first', async () => {
    h = startHarness({ maxConcurrent: 1 });
    h.scheduler.setConfigs([
      config('a', { lastRunEndAt: null }),
      config('b', { lastRunEndAt: T0 - 10 * MIN, intervalMinutes: 30 }),
    ]);
    await h.clock.flush();
    const [a] = h.runs.open();
    h.scheduler.pauseAll('forever');
    await h.clock.flush();
    expect(a!.ctx.signal.aborted).toBe(true);
    expect(a!.ctx.signal.reason).toMatchObject({ code: 'cancelled' });
    expect(h.ends.map((e) => [e.id, e.outcome])).toEqual([['a', { ok: false, code: 'cancelled' }]]);
    expect(h.scheduler.pausedUntil()).toBe('forever');

    await h.clock.advance(10 * HOUR);
    expect(h.runs.calls).toHaveLength(1);
    expect(h.clock.pendingTimers()).toBe(0); // paused forever: nothing to wake up for

    h.scheduler.resumeAll();
    await h.clock.flush();
    expect(h.scheduler.pausedUntil()).toBeNull();
    expect(h.runs.open().map((c) => c.id)).toEqual(['a']);
    h.runs.finish('a');
    await h.clock.advance(5 * SECOND);
    expect(h.runs.calls.map((c) => [c.id, c.startedAt - T0])).toEqual([
      ['a', 0],
      ['a', 10 * HOUR],
      ['b', 10 * HOUR + 5 * SECOND],
    ]);
  });

  it.each([1, 8, 24])('a %i-hour pause ends by itself and overdue syncs run', async (hours) => {
    h = startHarness({}, { autoFinish: () => ({ ok: true }) });
    let changes = 0;
    h.scheduler.on('change', () => changes++);
    h.scheduler.setConfigs([config('a', { intervalMinutes: 30 })]);
    await h.clock.flush();
    h.scheduler.pauseAll(T0 + hours * HOUR);
    await h.clock.flush();
    const before = changes;
    expect(h.scheduler.pausedUntil()).toBe(T0 + hours * HOUR);

    await h.clock.advance(hours * HOUR - 1);
    expect(h.runs.calls).toHaveLength(0);
    expect(h.scheduler.pausedUntil()).toBe(T0 + hours * HOUR);
    await h.clock.advance(1);
    expect(h.scheduler.pausedUntil()).toBeNull();
    expect(changes).toBeGreaterThan(before); // the UI learns the pause ended
    expect(h.runs.startsOf('a')).toEqual([T0 + hours * HOUR]);
  });

  it('sync now while paused runs (the explicit request wins) and the pause stays', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a'), config('b', { lastRunEndAt: null })]);
    h.scheduler.pauseAll('forever');
    await h.clock.advance(MIN);
    expect(h.runs.calls).toHaveLength(0);
    h.scheduler.runNow('a');
    await h.clock.flush();
    expect(h.runs.open().map((c) => c.id)).toEqual(['a']);
    await h.clock.advance(MIN);
    expect(h.runs.open()[0]!.ctx.signal.aborted).toBe(false);
    h.runs.finish('a');
    await h.clock.advance(5 * HOUR);
    expect(h.runs.calls.map((c) => c.id)).toEqual(['a']);
    expect(h.scheduler.pausedUntil()).toBe('forever');
  });

  it('pausing drops a sync-now that had not started yet', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.scheduler.runNow('a'); // queued behind the running one
    h.scheduler.pauseAll(T0 + HOUR);
    await h.clock.advance(HOUR - 1);
    expect(h.runs.calls).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.runs.calls).toHaveLength(2); // the interrupted run, once, after the pause
    h.runs.finish('a');
    await h.clock.advance(10 * MIN);
    expect(h.runs.calls).toHaveLength(2);
  });

  it('starts paused when told so at construction: nothing runs in between', async () => {
    h = startHarness({ pausedUntil: 'forever' });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.advance(HOUR);
    expect(h.runs.calls).toHaveLength(0);
  });

  it('configs set and a pause in the same turn (start-up) start nothing', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    h.scheduler.pauseAll(T0 + HOUR);
    await h.clock.advance(HOUR - 1);
    expect(h.runs.calls).toHaveLength(0);
    await h.clock.advance(1);
    expect(h.runs.calls).toHaveLength(1);
  });

  it('a pause until a time already past is a resume', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    h.scheduler.pauseAll('forever');
    h.scheduler.pauseAll(T0 - 1);
    await h.clock.flush();
    expect(h.scheduler.pausedUntil()).toBeNull();
    expect(h.runs.calls).toHaveLength(1);
  });

  it('a retry that comes due during a pause waits for the end of the pause', async () => {
    h = startHarness();
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    h.runs.finish('a', { ok: false, code: 'offline' });
    await h.clock.flush();
    h.scheduler.pauseAll(T0 + 30 * MIN);
    await h.clock.advance(30 * MIN - 1);
    expect(h.runs.calls).toHaveLength(1);
    await h.clock.advance(1);
    expect(h.runs.startsOf('a')).toEqual([T0, T0 + 30 * MIN]);
    expect(h.scheduler.snapshot().get('a')?.retrying).toBe(1);
  });
});

describe('scheduler: machine suspend and resume', () => {
  it('starts nothing while suspended, lets a running sync be, and after resume runs overdue syncs once the network answers', async () => {
    const power = fakePower();
    let networkUp = false;
    let probes = 0;
    h = startHarness({
      power,
      isNetworkUp: async () => {
        probes++;
        return networkUp;
      },
    });
    h.scheduler.setConfigs([config('running', { lastRunEndAt: null }), config('due-later', { intervalMinutes: 30 })]);
    await h.clock.flush();
    const [running] = h.runs.open();

    power.emit('suspend');
    h.clock.sleep(2 * HOUR); // the machine sleeps: wall clock jumps, timers do not fire
    await h.clock.flush();
    expect(running!.ctx.signal.aborted).toBe(false);
    running!.end({ ok: false, code: 'offline' }); // its connection died during the sleep

    power.emit('resume');
    await h.clock.flush();
    expect(probes).toBe(1);
    expect(h.runs.calls).toHaveLength(1);
    await h.clock.advance(1 * SECOND); // second probe
    await h.clock.advance(2 * SECOND); // third probe
    expect(probes).toBe(3);
    expect(h.runs.calls).toHaveLength(1);

    networkUp = true;
    await h.clock.advance(5 * SECOND);
    expect(probes).toBe(4);
    await h.clock.advance(5 * SECOND);
    // Staggered in due order: due-later was due during the sleep, the retry 2 s after the wake.
    const networkUpAt = T0 + 2 * HOUR + 8 * SECOND;
    expect(h.runs.calls.slice(1).map((c) => [c.id, c.startedAt])).toEqual([
      ['due-later', networkUpAt],
      ['running', networkUpAt + 5 * SECOND],
    ]);
    expect(h.scheduler.snapshot().get('running')?.retrying).toBe(1);
  });

  it('a running sync does not count the sleep as a stall', async () => {
    const power = fakePower();
    h = startHarness({ power, stallTimeoutMs: 10 * MIN });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    await h.clock.flush();
    const [run] = h.runs.open();
    await h.clock.advance(5 * MIN);
    power.emit('suspend');
    h.clock.sleep(3 * HOUR);
    power.emit('resume');
    await h.clock.advance(9 * MIN);
    expect(run!.ctx.signal.aborted).toBe(false);
    await h.clock.advance(1 * MIN);
    expect(run!.ctx.signal.aborted).toBe(true); // a real stall after the resume still counts
  });

  it('notices a sleep nobody announced (its timer fires hours late): no false stall, due syncs staggered', async () => {
    h = startHarness({ stallTimeoutMs: 10 * MIN, maxConcurrent: 4 });
    h.scheduler.setConfigs([
      config('a', { lastRunEndAt: null }),
      config('b', { intervalMinutes: 30 }),
      config('c', { intervalMinutes: 30 }),
    ]);
    await h.clock.flush();
    const [run] = h.runs.open();
    await h.clock.advance(5 * MIN);
    h.clock.sleep(3 * HOUR);
    await h.clock.advance(5 * MIN); // the stall alarm fires, 3 hours late by the wall clock
    const wokeAt = T0 + 3 * HOUR + 10 * MIN;
    expect(run!.ctx.signal.aborted).toBe(false);
    // b and c came due during the sleep: they start one after the other, not together.
    expect(h.runs.calls.slice(1).map((c) => [c.id, c.startedAt])).toEqual([['b', wokeAt]]);
    await h.clock.advance(5 * SECOND);
    expect(h.runs.startsOf('c')).toEqual([wokeAt + 5 * SECOND]);
  });

  it('resumes without a network probe when none is given', async () => {
    const power = fakePower();
    h = startHarness({ power });
    h.scheduler.setConfigs([config('a', { intervalMinutes: 30 })]);
    await h.clock.flush();
    power.emit('suspend');
    h.clock.sleep(HOUR);
    power.emit('resume');
    await h.clock.flush();
    expect(h.runs.startsOf('a')).toEqual([T0 + HOUR]);
  });

  it('a suspend during the network probing cancels it; the next resume probes afresh', async () => {
    const power = fakePower();
    let up = false;
    h = startHarness({ power, isNetworkUp: async () => up });
    h.scheduler.setConfigs([config('a', { intervalMinutes: 1 })]);
    power.emit('suspend');
    power.emit('resume');
    await h.clock.advance(500);
    power.emit('suspend');
    up = true;
    await h.clock.advance(10 * MIN);
    expect(h.runs.calls).toHaveLength(0);
    expect(h.clock.pendingTimers()).toBe(0);
    power.emit('resume');
    await h.clock.flush();
    expect(h.runs.calls).toHaveLength(1);
  });

  it('treats a failing network probe as "not yet"', async () => {
    const power = fakePower();
    let calls = 0;
    h = startHarness({
      power,
      isNetworkUp: async () => {
        if (++calls < 3) throw new Error('EAI_AGAIN');
        return true;
      },
    });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null })]);
    power.emit('suspend');
    power.emit('resume');
    await h.clock.advance(3 * SECOND);
    expect(calls).toBe(3);
    expect(h.runs.calls).toHaveLength(1);
  });
});

describe('scheduler: stop', () => {
  it('aborts running syncs, waits for them to settle, clears every timer and unsubscribes', async () => {
    const power = fakePower();
    h = startHarness({ power });
    h.scheduler.setConfigs([config('a', { lastRunEndAt: null }), config('b', { lastRunEndAt: null }), config('c')]);
    await h.clock.advance(5 * SECOND);
    const open = h.runs.open();
    expect(open).toHaveLength(2);
    await h.scheduler.stop();
    expect(open.every((c) => c.ctx.signal.aborted && c.endedAt !== null)).toBe(true);
    expect(h.ends).toHaveLength(2);
    expect(h.clock.pendingTimers()).toBe(0);
    expect(power.listeners()).toBe(0);
    h.scheduler.setConfigs([config('d', { lastRunEndAt: null })]);
    expect(h.scheduler.runNow('c')).toBe(false);
    await h.clock.advance(5 * HOUR);
    expect(h.runs.calls).toHaveLength(2);
  });
});
