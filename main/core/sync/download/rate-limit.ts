/**
 * The global download limit: one token bucket shared by every download of every sync. Tokens (bytes) refill
 * continuously at the rate; the bucket holds at most BURST_MS worth, so no second can carry more than the rate
 * plus that small burst. Each chunk takes its bytes in arrival order (first come, first served, so concurrent
 * downloads share the rate evenly by chunk); a chunk the bucket cannot cover waits until the refill has covered it.
 *
 * `reserve` is the pure decision (state + request + now -> new state + wait); `RateLimiter` is the shell that
 * sleeps on an injected Clock. A rate of 0 means unlimited.
 */
import type { Clock } from '../../ports';

/** The most the bucket holds: 50 ms of the rate (smooth: each second stays within ~5 % of the limit). */
export const BURST_MS = 50;

export interface BucketState {
  /**
   * The moment the bucket will have refilled everything reserved so far (ms). Tokens available at `now` are
   * `(now - debtUntil) * rate`, capped at the burst: a state of one number instead of (tokens, lastRefill).
   */
  debtUntil: number;
}

/** Reserves `bytes` at `now`: the new state and how long the caller waits before sending them on (ms). */
export function reserve(
  state: BucketState,
  bytes: number,
  now: number,
  bytesPerSecond: number,
): { state: BucketState; waitMs: number } {
  if (bytesPerSecond <= 0) return { state, waitMs: 0 };
  // An idle bucket holds at most BURST_MS of tokens: debt never starts earlier than that.
  const start = Math.max(state.debtUntil, now - BURST_MS);
  const debtUntil = start + (bytes * 1000) / bytesPerSecond;
  // Tokens at `now` are now - debtUntil: the bytes may go once the refill has covered what they overdrew.
  return { state: { debtUntil }, waitMs: Math.max(0, debtUntil - now) };
}

export class RateLimiter {
  private state: BucketState = { debtUntil: -Infinity };
  private rate: number;

  constructor(
    bytesPerSecond: number,
    private readonly clock: Clock,
  ) {
    this.rate = bytesPerSecond;
  }

  /** A new limit takes effect for the next chunk; 0 lifts it. */
  setRate(bytesPerSecond: number): void {
    if (bytesPerSecond === this.rate) return;
    this.rate = bytesPerSecond;
    this.state = { debtUntil: -Infinity };
  }

  get bytesPerSecond(): number {
    return this.rate;
  }

  /** Resolves when `bytes` may go on; rejects with the signal's reason when it aborts meanwhile. */
  take(bytes: number, signal?: AbortSignal): Promise<void> {
    const r = reserve(this.state, bytes, this.clock.now(), this.rate);
    this.state = r.state;
    if (r.waitMs <= 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason as Error);
      const onAbort = (): void => {
        this.clock.clearTimeout(timer);
        reject(signal!.reason as Error);
      };
      const timer = this.clock.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, r.waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
