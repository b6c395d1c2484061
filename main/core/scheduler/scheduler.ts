/**
 * The background scheduler: decides WHEN each sync config runs (the imperative shell over after-run.ts and
 * policy.ts). Usage, the rules it keeps and what each file of this folder does: see README.md beside it.
 */
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { AppError } from '../errors';
import { afterRun } from './after-run';
import { createAlarm } from './alarm';
import { createSchedulerEvents } from './events';
import type { AbortReason, Entry, Running } from './entry';
import { createNetworkWait } from './network-wait';
import {
  defaultNetworkProbeDelaysMs,
  defaultRetryDelaysMs,
  isOverdue,
  MINUTE,
  nextDueAfter,
  normalizeOutcome,
  outcomeFromError,
} from './policy';
import { reconcileConfigs } from './reconcile';
import type { PausedUntil, RunOutcome, ScheduledConfig, ScheduleEntryView, Scheduler, SchedulerOptions } from './types';

/** An alarm this late means the machine slept (see onWokeUp). */
const CLOCK_JUMP_MS = 60_000;

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { clock } = opts;
  const random = opts.random ?? Math.random;
  const log: Logger = (opts.logger ?? silentLogger).child({ component: 'scheduler' });
  // Set by the first setConfigs (the app, `run`): one-shot CLI commands make a scheduler they never start, and
  // their logs should not say one stopped.
  let scheduling = false;
  const jitterRatio = opts.jitterRatio ?? 0.1;
  const stallTimeoutMs = opts.stallTimeoutMs ?? 10 * MINUTE;
  const retryDelays = opts.retryDelaysMs ?? defaultRetryDelaysMs;
  const staggerMs = opts.startupStaggerMs ?? 5_000;
  const probeDelays = opts.networkProbeDelaysMs?.length ? opts.networkProbeDelaysMs : defaultNetworkProbeDelaysMs;

  const cyclePolicy = { jitterRatio, retryDelaysMs: retryDelays, random };
  const entries = new Map<string, Entry>();
  const events = createSchedulerEvents(log);
  const { emit } = events;
  let maxConcurrent = clampConcurrency(opts.maxConcurrent ?? 2);
  let paused: PausedUntil = opts.pausedUntil ?? null;
  /** From a machine suspend until the network answers after resume. */
  let suspended = false;
  /** Background runs held for the machine's power or network (battery, metered); "Sync now" still runs. */
  let held = false;
  let staggerCursor = -Infinity;
  let seq = 0;
  let dead = false;
  let stopping: Promise<void> | null = null;
  let pumpQueued = false;
  let lastChangeKey = '';
  const alarm = createAlarm(clock, (lateByMs) => {
    // Timers do not run while the machine sleeps, so a very late alarm means a sleep we were not told about.
    if (lateByMs >= CLOCK_JUMP_MS) onWokeUp();
    pump();
  });
  const network = createNetworkWait(clock, opts.isNetworkUp, probeDelays, () => {
    if (dead) return;
    log.info('network is up');
    suspended = false;
    restaggerOverdue();
    queuePump();
  });
  const unsubscribePower = [opts.power?.on('suspend', onSuspend), opts.power?.on('resume', onResume)];

  function clampConcurrency(n: number): number {
    return Math.max(1, Math.floor(Number.isFinite(n) ? n : 2));
  }

  function isPaused(): boolean {
    return paused !== null;
  }

  /** The next stagger slot: now, or 5 s after the previous overdue start, whichever is later. */
  function staggerSlot(): number {
    const slot = Math.max(clock.now(), staggerCursor + staggerMs);
    staggerCursor = slot;
    return slot;
  }

  /** Spread everything already due (after a pause or a resume) over stagger slots, keeping their order. */
  function restaggerOverdue(): void {
    const now = clock.now();
    const due = [...entries.values()].filter((e) => !e.run && e.dueAt !== null && e.dueAt <= now).sort(byDue);
    // The first may start right away even if an earlier stagger slot was handed out recently.
    staggerCursor = Math.min(staggerCursor, now - staggerMs);
    for (const e of due) e.dueAt = staggerSlot();
  }

  function byDue(a: Entry, b: Entry): number {
    return (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.dueSince - b.dueSince || a.seq - b.seq;
  }

  /** Due time from the last run's end: the next interval, or a stagger slot when already overdue. */
  function scheduleFromAnchor(e: Entry): void {
    if (isOverdue(e.anchor, e.interval, clock.now())) {
      e.dueSince = e.anchor === null ? -Infinity : e.anchor + e.interval;
      e.dueAt = staggerSlot();
    } else {
      e.dueAt = nextDueAfter(e.anchor ?? clock.now(), e.interval, jitterRatio, e.jitter);
      e.dueSince = e.dueAt;
    }
  }

  function canStart(e: Entry): boolean {
    return !e.run && !e.removed && e.dueAt !== null && !suspended && (e.manual || (!isPaused() && !held));
  }

  // ---- the pump: the only place runs start and the alarm is set ------------------------------------------

  function queuePump(): void {
    if (pumpQueued || dead) return;
    pumpQueued = true;
    queueMicrotask(() => {
      pumpQueued = false;
      pump();
    });
  }

  function pump(): void {
    if (dead) return;
    const now = clock.now();
    if (typeof paused === 'number' && paused <= now) {
      log.info('pause ended');
      paused = null;
      restaggerOverdue();
    }
    let running = 0;
    for (const e of entries.values()) {
      const r = e.run;
      if (!r) continue;
      running++;
      // While suspended (until the network answers) a silent run is asleep, not stalled.
      if (!suspended && r.abortReason === null && now - r.lastProgressAt >= stallTimeoutMs) {
        log.warn('run stalled, aborting', { configId: e.id, stallTimeoutMs });
        abortRun(e, 'stall');
      }
    }
    const ready = [...entries.values()].filter((e) => canStart(e) && (e.dueAt as number) <= now).sort(byDue);
    for (const e of ready) {
      if (running >= maxConcurrent) break;
      start(e);
      running++;
    }
    alarm.set(nextWakeAt());
    emitChangeIfNeeded();
  }

  /** The next moment anything can happen; due-but-waiting-for-a-slot configs need no timer (a run end pumps). */
  function nextWakeAt(): number {
    const now = clock.now();
    let at = typeof paused === 'number' ? paused : Infinity;
    for (const e of entries.values()) {
      if (e.run) {
        if (!suspended && e.run.abortReason === null) at = Math.min(at, e.run.lastProgressAt + stallTimeoutMs);
      } else if (canStart(e) && (e.dueAt as number) > now) {
        at = Math.min(at, e.dueAt as number);
      }
    }
    return at;
  }

  function start(e: Entry): void {
    const run: Running = {
      controller: new AbortController(),
      lastProgressAt: clock.now(),
      abortReason: null,
      dueAt: e.dueAt as number,
      manual: e.manual,
      done: Promise.resolve(),
    };
    e.run = run;
    e.dueAt = null;
    e.manual = false;
    log.info('run start', { configId: e.id, retry: e.retrying });
    const ctx = {
      signal: run.controller.signal,
      progress: () => {
        if (e.run === run) run.lastProgressAt = clock.now();
      },
    };
    emit('runStart', e.id);
    run.done = (async () => {
      let outcome: RunOutcome;
      try {
        outcome = normalizeOutcome(await opts.run(e.id, ctx));
      } catch (err) {
        outcome = outcomeFromError(err);
      }
      finish(e, run, outcome);
    })();
  }

  function abortRun(e: Entry, reason: AbortReason): void {
    const r = e.run;
    if (!r || r.abortReason !== null) return;
    r.abortReason = reason;
    const code = reason === 'stall' ? 'timeout' : 'cancelled';
    const message = reason === 'pause' ? 'Paused.' : reason === 'stall' ? 'No progress for too long.' : undefined;
    r.controller.abort(new AppError(code, message));
  }

  function finish(e: Entry, run: Running, reported: RunOutcome): void {
    e.run = null;
    const endAt = clock.now();
    const outcome: RunOutcome = run.abortReason === 'stall' && !reported.ok ? { ok: false, code: 'timeout' } : reported;
    log.info('run end', { configId: e.id, ok: outcome.ok, code: outcome.ok ? undefined : outcome.code });
    if (e.removed && !dead) entries.delete(e.id);
    else if (!dead) applyOutcome(e, run, outcome, endAt);
    emit('runEnd', e.id, outcome);
    queuePump();
  }

  function applyOutcome(e: Entry, run: Running, outcome: RunOutcome, endAt: number): void {
    const next = afterRun(
      e,
      {
        outcome,
        abortedFor: run.abortReason,
        startedForDueAt: run.dueAt,
        endAt,
        active: e.active,
        interval: e.interval,
      },
      cyclePolicy,
    );
    e.anchor = next.anchor;
    e.jitter = next.jitter;
    e.dueAt = next.dueAt;
    e.dueSince = next.dueSince;
    e.retrying = next.retrying;
    e.stopped = next.stopped;
    e.again = next.again;
    e.manual = next.manual;
  }

  // ---- change events and the snapshot --------------------------------------------------------------------

  function emitChangeIfNeeded(): void {
    const key = JSON.stringify([paused, held, [...snapshot()]]);
    if (key === lastChangeKey) return;
    lastChangeKey = key;
    emit('change');
  }

  function snapshot(): Map<string, ScheduleEntryView> {
    const now = clock.now();
    const out = new Map<string, ScheduleEntryView>();
    for (const e of entries.values()) {
      if (e.removed) continue;
      out.set(e.id, {
        running: e.run !== null,
        queued: e.run ? e.again : canStart(e) && (e.dueAt as number) <= now,
        nextRunAt: e.dueAt,
        retrying: e.retrying,
      });
    }
    return out;
  }

  // ---- power ----------------------------------------------------------------------------------------------

  function onSuspend(): void {
    if (dead) return;
    log.info('machine suspending: no new runs');
    suspended = true;
    network.cancel();
    queuePump();
  }

  /** After a sleep: the time asleep was not a stall, and everything that came due must not start at once. */
  function onWokeUp(): void {
    log.info('woke up after a sleep');
    for (const e of entries.values()) if (e.run) e.run.lastProgressAt = clock.now();
    restaggerOverdue();
  }

  function onResume(): void {
    if (dead) return;
    log.info('machine resumed: waiting for the network');
    suspended = true;
    onWokeUp();
    network.start();
  }

  // ---- the public face ------------------------------------------------------------------------------------

  function setConfigs(configs: readonly ScheduledConfig[]): void {
    if (dead) return;
    scheduling = true;
    reconcileConfigs(entries, configs, { nextSeq: () => seq++, random, scheduleFromAnchor });
    queuePump();
  }

  function runNow(id: string): boolean {
    const e = entries.get(id);
    if (!e || e.removed || dead) return false;
    e.stopped = false;
    if (e.run) {
      e.again = true;
    } else if (!e.manual) {
      e.manual = true;
      e.retrying = 0;
      e.dueAt = Math.min(e.dueAt ?? Infinity, clock.now());
      e.dueSince = Math.min(e.dueSince, e.dueAt);
    }
    queuePump();
    return true;
  }

  function cancel(id: string): Promise<void> {
    const e = entries.get(id);
    if (!e) return Promise.resolve();
    const ended = e.run?.done ?? Promise.resolve();
    e.again = false;
    abortRun(e, 'cancel');
    queuePump();
    return ended;
  }

  function pauseAll(until: number | 'forever'): void {
    if (dead) return;
    if (typeof until === 'number' && until <= clock.now()) return resumeAll();
    log.info('pause all', { until });
    paused = until;
    for (const e of entries.values()) {
      e.again = false;
      if (e.manual) {
        e.manual = false;
        if (!e.active) e.dueAt = null;
      }
      abortRun(e, 'pause');
    }
    queuePump();
  }

  function resumeAll(): void {
    if (dead || paused === null) return;
    log.info('resume all');
    paused = null;
    restaggerOverdue();
    queuePump();
  }

  /**
   * Hold background runs (on battery, metered) or let them go. Running background runs stop at the next file
   * boundary and keep their place, as after a pause; runs started by "Sync now" finish. Not stored: the shell
   * reports the power state again at every start.
   */
  function holdBackground(hold: boolean): void {
    if (dead || hold === held) return;
    log.info(hold ? 'background runs held' : 'background runs released');
    held = hold;
    if (hold) {
      for (const e of entries.values()) if (e.run && !e.run.manual) abortRun(e, 'pause');
    } else {
      restaggerOverdue();
    }
    queuePump();
  }

  function stop(): Promise<void> {
    if (stopping) return stopping;
    dead = true;
    for (const off of unsubscribePower) off?.();
    alarm.clear();
    network.cancel();
    const runs: Promise<void>[] = [];
    for (const e of entries.values()) {
      if (!e.run) continue;
      abortRun(e, 'stop');
      runs.push(e.run.done);
    }
    stopping = Promise.all(runs).then(() => {
      alarm.clear();
      if (scheduling) log.info('scheduler stopped');
    });
    return stopping;
  }

  if (paused !== null) log.info('starting paused', { until: paused });
  return {
    setConfigs,
    runNow,
    cancel,
    pauseAll,
    resumeAll,
    pausedUntil: () => paused,
    holdBackground,
    isHeld: () => held,
    setMaxConcurrent(n) {
      maxConcurrent = clampConcurrency(n);
      queuePump();
    },
    snapshot,
    on: events.on,
    stop,
  };
}
