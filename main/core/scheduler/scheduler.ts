/**
 * The background scheduler: decides WHEN each sync config runs. SyncService feeds it the configs and does the
 * runs; the scheduler never touches the store. Driven by an injected Clock (tests: ../testing/fake-clock.ts).
 *
 *   const scheduler = createScheduler({ clock, run: (id, { signal, progress }) => engine.run(id, ...), power });
 *   scheduler.setConfigs(configs);            // whenever the store changes
 *   scheduler.on('runEnd', (id, outcome) => ...);
 *
 * Rules:
 * - An active config runs every intervalMinutes (min 1) after its last run ENDED, plus jitter in
 *   [0, min(jitterRatio * interval, 5 min)). Overdue configs (never ran, or the interval passed) start after
 *   start-up, a pause or a machine resume, `startupStaggerMs` apart, oldest first.
 * - At most maxConcurrent runs at once; waiting configs start in order of due time. Never two runs of one config.
 * - runNow ("sync now"): starts soon; while that config runs, exactly one more run is queued however often it
 *   is called. It also works while globally paused or for an inactive/stopped config: it is the user's explicit
 *   request, and a button that silently does nothing looks broken. It still waits for a free slot and, after a
 *   machine resume, for the network. pauseAll drops sync-now requests that have not started yet.
 * - Transient failures (offline, throttled, timeout, internal) retry after 2 s, 4 s, 8 s (a throttled
 *   Retry-After wins when longer), then the config waits for its next interval. `cancelled` from the engine itself
 *   just waits for the next interval. Any other code (reconnect_required, local_missing, confirm_deletes, ...)
 *   stops the config: it is not scheduled again until setConfigs shows it inactive and later active again, or
 *   runNow asks for it.
 * - pauseAll(until | 'forever') aborts running runs through their AbortSignal (the engine stops at the next file
 *   boundary); an interrupted run keeps its place and runs again after the pause. A timed pause ends by itself.
 * - Machine suspend: nothing new starts. Running runs are NOT aborted: the process freezes anyway, and on wake
 *   their requests fail as `offline` (retried) or simply continue. Their stall clocks restart on resume so the
 *   sleep does not count as a stall. On resume, overdue configs run once isNetworkUp() says true (probed with
 *   backoff: 1 s, 2 s, 5 s, 10 s, 30 s, then every 60 s). A sleep nobody announced (no PowerEvents, as in the
 *   CLI) shows as the alarm firing a minute or more late: treated the same, minus the network wait.
 * - Stall time-out: a run that reported no progress() for stallTimeoutMs is aborted and counts as `timeout`
 *   (so it is retried). A run that keeps reporting progress is never killed: there is no total time-out. A run
 *   that ignores its abort signal keeps its slot until it settles (a second run of it would be worse).
 * - Timers, not polling: one alarm at the next moment anything can happen (a due time, a pause end, a stall
 *   deadline). An idle scheduler with 100 configs has exactly one pending timer.
 * - setConfigs never disturbs a running run: changes apply when it ends. A removed config's run finishes (use
 *   cancel(id) to stop it first), then the config is forgotten.
 * - 'change' fires (batched, after the current turn) whenever snapshot() or pausedUntil() would differ.
 * - Nothing starts synchronously inside a call: runs start in a microtask (or from the alarm), so calls made in
 *   one turn act together (setConfigs then pauseAll at start-up starts nothing; `pausedUntil` in the options
 *   does the same from construction).
 * - stop() aborts and waits for every run to settle; an engine that ignored its signal would keep it waiting,
 *   so a caller with a deadline (app quit) may race it with its own timer.
 */
import type { Logger } from '../ports';
import { silentLogger } from '../ports';
import { AppError } from '../errors';
import { afterRun, type CycleState } from './after-run';
import { createAlarm } from './alarm';
import { createNetworkWait } from './network-wait';
import {
  defaultNetworkProbeDelaysMs,
  defaultRetryDelaysMs,
  intervalMs,
  isOverdue,
  MINUTE,
  nextDueAfter,
  normalizeOutcome,
  outcomeFromError,
} from './policy';
import type {
  PausedUntil,
  RunOutcome,
  ScheduledConfig,
  ScheduleEntryView,
  Scheduler,
  SchedulerOptions,
} from './types';

type AbortReason = 'pause' | 'stall' | 'cancel' | 'stop';

/** An alarm this late means the machine slept (see onWokeUp). */
const CLOCK_JUMP_MS = 60_000;

interface Running {
  readonly controller: AbortController;
  lastProgressAt: number;
  abortReason: AbortReason | null;
  /** The due time it started for, so an interrupted run keeps its place in the queue. */
  readonly dueAt: number;
  done: Promise<void>;
}

interface Entry extends CycleState {
  readonly id: string;
  /** Creation order: ties in due time start in this order. */
  readonly seq: number;
  interval: number;
  active: boolean;
  /** lastRunEndAt as last given by setConfigs, to notice changes. */
  storedEndAt: number | null;
  /** Gone from the store while running: forgotten when the run ends. */
  removed: boolean;
  run: Running | null;
}

type Listeners = {
  change: Set<() => void>;
  runEnd: Set<(id: string, o: RunOutcome) => void>;
  runStart: Set<(id: string) => void>;
};

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { clock } = opts;
  const random = opts.random ?? Math.random;
  const log: Logger = (opts.logger ?? silentLogger).child({ module: 'scheduler' });
  const jitterRatio = opts.jitterRatio ?? 0.1;
  const stallTimeoutMs = opts.stallTimeoutMs ?? 10 * MINUTE;
  const retryDelays = opts.retryDelaysMs ?? defaultRetryDelaysMs;
  const staggerMs = opts.startupStaggerMs ?? 5_000;
  const probeDelays = opts.networkProbeDelaysMs?.length
    ? opts.networkProbeDelaysMs
    : defaultNetworkProbeDelaysMs;

  const cyclePolicy = { jitterRatio, retryDelaysMs: retryDelays, random };
  const entries = new Map<string, Entry>();
  const listeners: Listeners = { change: new Set(), runEnd: new Set(), runStart: new Set() };
  let maxConcurrent = clampConcurrency(opts.maxConcurrent ?? 2);
  let paused: PausedUntil = opts.pausedUntil ?? null;
  /** From a machine suspend until the network answers after resume. */
  let suspended = false;
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
    return !e.run && !e.removed && e.dueAt !== null && !suspended && (e.manual || !isPaused());
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
        if (!suspended && e.run.abortReason === null)
          at = Math.min(at, e.run.lastProgressAt + stallTimeoutMs);
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
    const message =
      reason === 'pause' ? 'Paused.' : reason === 'stall' ? 'No progress for too long.' : undefined;
    r.controller.abort(new AppError(code, message));
  }

  function finish(e: Entry, run: Running, reported: RunOutcome): void {
    e.run = null;
    const endAt = clock.now();
    const outcome: RunOutcome =
      run.abortReason === 'stall' && !reported.ok ? { ok: false, code: 'timeout' } : reported;
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

  // ---- events ---------------------------------------------------------------------------------------------

  function emit(event: 'runStart', id: string): void;
  function emit(event: 'runEnd', id: string, outcome: RunOutcome): void;
  function emit(event: 'change'): void;
  function emit(event: keyof Listeners, id?: string, outcome?: RunOutcome): void {
    for (const cb of [...listeners[event]]) {
      try {
        (cb as (id?: string, o?: RunOutcome) => void)(id, outcome);
      } catch (err) {
        log.error('scheduler listener threw', { event, error: String(err) });
      }
    }
  }

  function emitChangeIfNeeded(): void {
    const key = JSON.stringify([paused, [...snapshot()]]);
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
    const seen = new Set<string>();
    const fresh: Entry[] = [];
    for (const c of configs) {
      seen.add(c.id);
      const interval = intervalMs(c.intervalMinutes);
      const e = entries.get(c.id);
      if (!e) {
        const entry: Entry = {
          id: c.id,
          seq: seq++,
          interval,
          active: c.active,
          storedEndAt: c.lastRunEndAt,
          anchor: c.lastRunEndAt,
          jitter: random(),
          dueAt: null,
          dueSince: Infinity,
          manual: false,
          again: false,
          retrying: 0,
          stopped: false,
          removed: false,
          run: null,
        };
        entries.set(c.id, entry);
        if (c.active) fresh.push(entry);
        continue;
      }
      updateEntry(e, c, interval);
    }
    // New overdue configs take stagger slots oldest first (never-run ones before all others).
    fresh.sort((a, b) => (a.anchor ?? -Infinity) - (b.anchor ?? -Infinity) || a.seq - b.seq);
    for (const e of fresh) scheduleFromAnchor(e);
    for (const e of entries.values()) {
      if (seen.has(e.id)) continue;
      if (e.run) {
        e.removed = true;
        e.again = false;
      } else {
        entries.delete(e.id);
      }
    }
    queuePump();
  }

  function updateEntry(e: Entry, c: ScheduledConfig, interval: number): void {
    const wasActive = e.active;
    const intervalChanged = interval !== e.interval;
    let anchorChanged = false;
    if (c.lastRunEndAt !== e.storedEndAt) {
      e.storedEndAt = c.lastRunEndAt;
      if (c.lastRunEndAt !== null && (e.anchor === null || c.lastRunEndAt > e.anchor)) {
        e.anchor = c.lastRunEndAt;
        anchorChanged = true;
      }
    }
    e.removed = false;
    e.interval = interval;
    e.active = c.active;
    if (!c.active) {
      // Per-config pause (or error status): not scheduled, and a stop is superseded.
      if (wasActive || e.stopped) {
        e.dueAt = null;
        e.manual = false;
        e.again = false;
        e.retrying = 0;
        e.stopped = false;
      }
      return;
    }
    const idle = !e.run && !e.manual && !e.stopped && e.retrying === 0;
    if (!wasActive) {
      e.stopped = false;
      e.retrying = 0;
      if (!e.run && !e.manual) scheduleFromAnchor(e);
    } else if ((intervalChanged || anchorChanged) && idle) {
      scheduleFromAnchor(e);
    }
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

  function cancel(id: string): void {
    const e = entries.get(id);
    if (!e) return;
    e.again = false;
    abortRun(e, 'cancel');
    queuePump();
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

  function on(event: keyof Listeners, cb: (...args: never[]) => void): () => void {
    const set = listeners[event] as Set<typeof cb>;
    set.add(cb);
    return () => set.delete(cb);
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
      log.info('scheduler stopped');
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
    setMaxConcurrent(n) {
      maxConcurrent = clampConcurrency(n);
      queuePump();
    },
    snapshot,
    on: on as Scheduler['on'],
    stop,
  };
}
