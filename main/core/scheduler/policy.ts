/** Pure scheduling decisions: intervals, jitter, backoff, what an outcome means. No timers, no state. */
import { transientCodes } from '../../../shared/errors';
import { AppError } from '../errors';
import type { RunOutcome } from './types';

export const MINUTE = 60_000;
/** Jitter never exceeds this, however long the interval. */
export const MAX_JITTER_MS = 5 * MINUTE;
/** Node clamps longer timer delays to 1 ms; longer waits are re-armed when the timer fires. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export const defaultRetryDelaysMs: readonly number[] = [2_000, 4_000, 8_000];
export const defaultNetworkProbeDelaysMs: readonly number[] = [1_000, 2_000, 5_000, 10_000, 30_000, 60_000];

/** The interval in ms; anything under a minute (or not a number) counts as one minute. */
export function intervalMs(intervalMinutes: number): number {
  return Math.max(1, Number.isFinite(intervalMinutes) ? intervalMinutes : 1) * MINUTE;
}

/** The most jitter an interval gets: `ratio` of it, at most five minutes. */
export function maxJitterMs(interval: number, ratio: number): number {
  return Math.min(Math.max(0, ratio) * interval, MAX_JITTER_MS);
}

/** Next due time after a run ended at `endAt`; `fraction` in [0, 1) picks the jitter. */
export function nextDueAfter(endAt: number, interval: number, ratio: number, fraction: number): number {
  const f = Math.min(Math.max(fraction, 0), 1);
  return endAt + interval + Math.floor(f * maxJitterMs(interval, ratio));
}

/** Whether a config whose last run ended at `lastRunEndAt` should run now rather than wait. */
export function isOverdue(lastRunEndAt: number | null, interval: number, now: number): boolean {
  return lastRunEndAt === null || lastRunEndAt + interval <= now;
}

/**
 * Wait before retry number `attempt` (1-based), or null when the retries are used up.
 * A throttled answer's Retry-After wins when it is longer than the backoff.
 */
export function retryDelayMs(attempt: number, delays: readonly number[], retryAfterMs?: number): number | null {
  const backoff = delays[attempt - 1];
  if (backoff === undefined) return null;
  return Math.max(backoff, retryAfterMs ?? 0);
}

/**
 * What to do after a run:
 *  - ok: next interval;
 *  - retry: transient (offline, throttled, timeout, internal), back off and try again;
 *  - next_interval: cancelled by something other than us, nothing to fix; just wait;
 *  - stop: the user must act (reconnect_required, local_missing, disk_full, confirm_deletes, ...).
 */
export type OutcomeClass = 'ok' | 'retry' | 'next_interval' | 'stop';

export function classifyOutcome(outcome: RunOutcome): OutcomeClass {
  if (outcome.ok) return 'ok';
  if (transientCodes.has(outcome.code)) return 'retry';
  if (outcome.code === 'cancelled') return 'next_interval';
  return 'stop';
}

/** A run that threw instead of returning an outcome: AppErrors keep their code, aborts are `cancelled`. */
export function outcomeFromError(e: unknown): RunOutcome {
  if (e instanceof AppError) {
    return e.retryAfterMs !== undefined ? { ok: false, code: e.code, retryAfterMs: e.retryAfterMs } : { ok: false, code: e.code };
  }
  if (e instanceof Error && e.name === 'AbortError') return { ok: false, code: 'cancelled' };
  return { ok: false, code: 'internal' };
}

/** Anything else a misbehaving run resolves with is an internal error, not a crash of the scheduler. */
export function normalizeOutcome(value: unknown): RunOutcome {
  if (value && typeof value === 'object' && 'ok' in value) {
    const v = value as { ok: unknown; code?: unknown };
    if (v.ok === true) return { ok: true };
    if (v.ok === false && typeof v.code === 'string') return value as RunOutcome;
  }
  return { ok: false, code: 'internal' };
}
