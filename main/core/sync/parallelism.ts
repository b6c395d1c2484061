/**
 * How many downloads of one account run at once, adapted to what the download host says (AIMD, like TCP's
 * congestion window): additive increase, about +1 per window of downloads that finish with no throttling, and
 * multiplicative decrease (halved) on a 429/503 or a Retry-After. Pure: the Semaphore (semaphore.ts) holds the
 * state and applies the limit.
 */
export interface ParallelismBounds {
  min: number;
  max: number;
}

export interface ParallelismState {
  /** Fractional window; the limit is its floor. */
  window: number;
  /** Epoch ms before which a new throttle does not halve again (the downloads already in flight report it too) and the window does not grow. */
  calmUntilMs: number;
}

/** The `parallelDownloads` setting's default (store/schema.ts). */
const DEFAULT_START = 4;

/**
 * Bounds around the user's `parallelDownloads`: at the default or above it is where the account starts, and it
 * adapts between 4 and 32. Set below the default it is a cap (someone who asked for 1 or 2 at a time, for a slow
 * link or a busy NAS, expects exactly that), so the limit only moves down to 1 and back.
 */
export function defaultBounds(start: number): ParallelismBounds {
  if (start < DEFAULT_START) return { min: 1, max: start };
  return { min: DEFAULT_START, max: Math.max(start, 32) };
}

export function startParallelism(start: number, b: ParallelismBounds): ParallelismState {
  return { window: clamp(start, b), calmUntilMs: 0 };
}

export function limitOf(s: ParallelismState): number {
  return Math.floor(s.window);
}

/** A download finished and the account was not throttled: grow by 1 / window (so about +1 per full window). */
export function afterSuccess(s: ParallelismState, b: ParallelismBounds, nowMs: number): ParallelismState {
  if (nowMs < s.calmUntilMs || s.window >= b.max) return s;
  return { ...s, window: clamp(s.window + 1 / Math.floor(s.window), b) };
}

/**
 * The account was throttled (`retryAfterMs` when the host said how long): halve once, then hold still until the
 * pause is over and one more second has passed, so the answers of the downloads already in flight count once.
 */
export function afterThrottle(
  s: ParallelismState,
  b: ParallelismBounds,
  nowMs: number,
  retryAfterMs?: number | null,
): ParallelismState {
  if (nowMs < s.calmUntilMs) return s;
  return { window: clamp(Math.floor(s.window / 2), b), calmUntilMs: nowMs + Math.max(0, retryAfterMs ?? 0) + 1000 };
}

function clamp(n: number, b: ParallelismBounds): number {
  return Math.min(b.max, Math.max(b.min, n));
}
