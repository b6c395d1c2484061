/**
 * Pure decisions for live changes (Graph's socketIo push): when a burst of notifications becomes a run, how long to
 * wait before trying to subscribe again, when to renew a subscription, and what a failure means for the status line.
 * The subscriber and the manager (subscriber.ts, live-changes.ts) only carry these out with the injected clock.
 */

export interface LivePolicy {
  /** A notification starts a run once no other came for this long... */
  quietMs: number;
  /** ...or this long after the first one of the burst, whichever is first (a steady stream still runs). */
  maxWaitMs: number;
  /** Waits before subscribe attempt 1, 2, ... after a failure (the last repeats), before jitter. */
  retryDelaysMs: readonly number[];
  /** A connection that lasted this long counts as healthy: the next failure starts the backoff afresh. */
  healthyAfterMs: number;
  /** Renew this long before the subscription expires (at most half of what is left). */
  renewLeadMs: number;
}

export const defaultLivePolicy: LivePolicy = {
  quietMs: 250,
  maxWaitMs: 1000,
  retryDelaysMs: [1_000, 5_000, 15_000, 60_000, 5 * 60_000, 15 * 60_000],
  healthyAfterMs: 60_000,
  renewLeadMs: 5 * 60_000,
};

import type { LiveReason } from '../../../shared/model';

/** Why a drive is not live right now (declared once, in shared/model.ts). */
export type { LiveReason };

/** When the pending burst fires: `quietMs` after its last notification, at the latest `maxWaitMs` after its first. */
export function burstFireAt(firstAt: number, lastAt: number, p: LivePolicy = defaultLivePolicy): number {
  return Math.min(lastAt + p.quietMs, firstAt + p.maxWaitMs);
}

/**
 * Wait before subscribe attempt `attempt` (1-based) after a failure: the table's delay with "equal jitter" (half
 * fixed, half random), so many drives or clients that failed together do not all come back at the same moment.
 */
export function retryDelay(attempt: number, random: () => number, p: LivePolicy = defaultLivePolicy): number {
  const table = p.retryDelaysMs;
  const base = table[Math.min(Math.max(attempt, 1), table.length) - 1]!;
  return Math.round(base / 2 + (base / 2) * random());
}

/** How long from `now` until the subscription expiring at `expiresAt` should be renewed (never below 1 s). */
export function renewDelay(now: number, expiresAt: number, p: LivePolicy = defaultLivePolicy): number {
  const left = expiresAt - now;
  return Math.max(1_000, left - Math.min(p.renewLeadMs, left / 2));
}

/** The attempt number after a connection ended: a short-lived one keeps climbing the backoff, a healthy one restarts it. */
export function attemptAfterClose(previousAttempt: number, liveForMs: number, p: LivePolicy = defaultLivePolicy): number {
  return liveForMs >= p.healthyAfterMs ? 1 : previousAttempt + 1;
}

/** What a failed subscription request or connection means for the status line. */
export function reasonOf(error: unknown): LiveReason {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'reconnect_required') return 'signed_out';
  if (/notSupported|not supported/i.test(message)) return 'not_supported';
  return 'reconnecting';
}
