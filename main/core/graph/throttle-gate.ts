/**
 * The per-account throttle gate (rclone's "pacer"): every Graph request of one account passes it. When Graph
 * answers 429/503 (or 509), the whole account pauses, not just the request that got it: Graph throttles per user
 * and app, so the other requests would only earn longer Retry-After values.
 */
import type { Clock } from '../ports';

export interface ThrottleGateOptions {
  /** First backoff step when Graph throttles without Retry-After. */
  baseMs?: number;
  /** Backoff ceiling. Retry-After values are honoured even when larger. */
  maxMs?: number;
  /** [0, 1); injected so tests are deterministic. */
  random?: () => number;
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries of many callers spread out. */
export function backoffMs(attempt: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

export class ThrottleGate {
  private until = 0;
  private streak = 0;
  private readonly baseMs: number;
  private readonly maxMs: number;
  private readonly random: () => number;
  private readonly pauseListeners = new Set<(ms: number) => void>();

  constructor(
    private readonly clock: Clock,
    options: ThrottleGateOptions = {},
  ) {
    this.baseMs = options.baseMs ?? 1000;
    this.maxMs = options.maxMs ?? 120_000;
    this.random = options.random ?? Math.random;
  }

  /** Resolves once the account is not paused (re-checking: a pause may be extended while we wait). */
  async wait(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const left = this.until - this.clock.now();
      if (left <= 0) return;
      await this.sleep(left, signal);
    }
  }

  /** Pauses every request of the account for at least `ms` from now (never shortens a pause). */
  pauseFor(ms: number): void {
    const before = this.until;
    this.pauseFromPeer(ms);
    if (this.until > before) for (const l of this.pauseListeners) l(this.until - this.clock.now());
  }

  /**
   * A pause the same account's gate in another process saw (engine-host/): applied like pauseFor, and not told
   * back to the listeners, so two linked gates do not echo a pause to each other forever.
   */
  pauseFromPeer(ms: number): void {
    this.until = Math.max(this.until, this.clock.now() + Math.max(0, ms));
  }

  /** Calls `listener(ms)` whenever this gate's own requests extend the pause; returns the unsubscribe. */
  onPause(listener: (ms: number) => void): () => void {
    this.pauseListeners.add(listener);
    return () => void this.pauseListeners.delete(listener);
  }

  /** Epoch ms until which requests wait; in the past when not paused. */
  pausedUntil(): number {
    return this.until;
  }

  /**
   * Graph throttled a request: pause the account for Retry-After when given, else for a backoff that grows with
   * each consecutive throttling answer. Returns the pause in ms.
   */
  throttled(retryAfterMs?: number | null): number {
    const ms = retryAfterMs != null && retryAfterMs >= 0 ? retryAfterMs : this.backoffMs(this.streak);
    this.streak++;
    this.pauseFor(ms);
    return ms;
  }

  /** A request succeeded: the throttling streak is over. */
  passed(): void {
    this.streak = 0;
  }

  /** The jittered backoff for a retry attempt (0-based), for per-request retries after 5xx or network errors. */
  backoffMs(attempt: number): number {
    return backoffMs(attempt, this.baseMs, this.maxMs, this.random);
  }

  /** Waits on this gate's clock; rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.clock.clearTimeout(timer);
        reject(signal?.reason);
      };
      const timer = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
