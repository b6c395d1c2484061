/** The scheduler's contract: what SyncService passes in and what it gets back. See README.md for behaviour. */
import type { Clock, Logger, PowerEvents } from '../ports';
import type { RunOutcome } from '../run-outcome';

/** How one run ended, as the engine reports it. `retryAfterMs` comes from a throttled response. */
export type { RunOutcome };

/** What a run gets: abort at the next file boundary when `signal` fires; call `progress()` whenever work moves. */
export interface RunContext {
  signal: AbortSignal;
  progress: () => void;
}

export type RunFn = (configId: string, ctx: RunContext) => Promise<RunOutcome>;

/** The scheduling-relevant part of a sync config (the service derives it from the store). */
export interface ScheduledConfig {
  id: string;
  intervalMinutes: number;
  /** `status === 'active'` in the store; inactive and error configs are not scheduled. */
  active: boolean;
  /** Epoch ms when its last run ended (the store's lastSyncAt), null if it never ran. */
  lastRunEndAt: number | null;
}

export type PausedUntil = number | 'forever' | null;

export interface ScheduleEntryView {
  running: boolean;
  /** Will start as soon as a slot frees: "sync now" while running, or due and waiting for a slot. */
  queued: boolean;
  /** When it is due next (epoch ms), null if not scheduled. While paused this stays the due time. */
  nextRunAt: number | null;
  /** Which retry (1..3) is pending or running; 0 when not retrying. */
  retrying: number;
}

export interface SchedulerOptions {
  clock: Clock;
  /** In [0, 1); injected for deterministic jitter. Default Math.random. */
  random?: () => number;
  logger?: Logger;
  /** Runs at once (default 2, minimum 1). */
  maxConcurrent?: number;
  /** Jitter added to each interval: up to this share of it (default 0.1), never more than 5 minutes. */
  jitterRatio?: number;
  /** A run that reports no progress for this long is aborted and counts as `timeout` (default 10 min). */
  stallTimeoutMs?: number;
  /** Waits before retry 1, 2, 3 after a transient failure (default 2 s, 4 s, 8 s). */
  retryDelaysMs?: number[];
  /** Overdue configs start this far apart after start or resume (default 5 s). */
  startupStaggerMs?: number;
  /** Waits between network probes after a resume (the last repeats). Default 1 s, 2 s, 5 s, 10 s, 30 s, 60 s. */
  networkProbeDelaysMs?: number[];
  /** The global pause as stored (so nothing starts between construction and a pauseAll call). */
  pausedUntil?: PausedUntil;
  run: RunFn;
  /** Asked after a machine resume before overdue configs run; polled with backoff until true. */
  isNetworkUp?: () => Promise<boolean>;
  power?: PowerEvents;
}

export interface Scheduler {
  /** The full list of configs, whenever the store changes: adds, removes, reschedules; never disturbs a run. */
  setConfigs(configs: readonly ScheduledConfig[]): void;
  /** "Sync now": runs soon even if paused or inactive; while running, queues exactly one more. False if unknown. */
  runNow(id: string): boolean;
  /**
   * Aborts this config's running run, if any (e.g. before removing it). It is not retried. Resolves once that run
   * has ended (its last state write done), so its state can be removed after it.
   */
  cancel(id: string): Promise<void>;
  /** Stops background syncing until `until` (epoch ms) or until resumed. Running runs are aborted. */
  pauseAll(until: number | 'forever'): void;
  resumeAll(): void;
  pausedUntil(): PausedUntil;
  /**
   * Hold background runs (the power policy: battery, metered) or release them. Unlike pauseAll it is not stored
   * and "Sync now" runs still start; running background runs are aborted and keep their place.
   */
  holdBackground(hold: boolean): void;
  isHeld(): boolean;
  /** The settings' maxConcurrentRuns changed: takes effect for the next start. */
  setMaxConcurrent(n: number): void;
  snapshot(): Map<string, ScheduleEntryView>;
  on(event: 'change', cb: () => void): () => void;
  on(event: 'runEnd', cb: (id: string, outcome: RunOutcome) => void): () => void;
  on(event: 'runStart', cb: (id: string) => void): () => void;
  /** Aborts running runs, waits for them to settle, clears all timers. The scheduler is dead afterwards. */
  stop(): Promise<void>;
}
