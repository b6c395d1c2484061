import {
  afterSuccess,
  afterThrottle,
  defaultBounds,
  limitOf,
  startParallelism,
  type ParallelismBounds,
  type ParallelismState,
} from './parallelism';

/**
 * A counting semaphore: at most `limit` holders at once, FIFO. One per account bounds its parallel downloads
 * across all of its syncs (Graph throttles per account, not per sync). `size` is where the limit starts; an
 * adaptive one (`adaptive`) then moves it with the account's throttling (parallelism.ts): up while downloads
 * pass, halved when the host throttles. A lowered limit takes effect as holders release.
 */
export class Semaphore {
  private held = 0;
  private readonly waiters: { grant: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] =
    [];
  private readonly bounds: ParallelismBounds | null;
  private state: ParallelismState;

  constructor(
    readonly size: number,
    o: { adaptive?: boolean | ParallelismBounds } = {},
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`Semaphore size must be a positive integer, got ${size}`);
    this.bounds = o.adaptive === true ? defaultBounds(size) : o.adaptive ? o.adaptive : null;
    this.state = this.bounds ? startParallelism(size, this.bounds) : { window: size, calmUntilMs: 0 };
  }

  get inUse(): number {
    return this.held;
  }

  /** Holders allowed at once now. */
  get limit(): number {
    return limitOf(this.state);
  }

  /** A download finished with no throttling (adaptive only: may raise the limit). */
  passed(nowMs: number): void {
    if (!this.bounds) return;
    this.state = afterSuccess(this.state, this.bounds, nowMs);
    while (this.held < this.limit && this.waiters.length > 0) {
      this.held++;
      this.waiters.shift()!.grant();
    }
  }

  /** The account was throttled (adaptive only: lowers the limit; holders above it finish, none start). */
  throttled(nowMs: number, retryAfterMs?: number | null): void {
    if (this.bounds) this.state = afterThrottle(this.state, this.bounds, nowMs, retryAfterMs);
  }

  /** Resolves with a release function once a slot is free; rejects if `signal` aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    signal?.throwIfAborted();
    if (this.held < this.limit) {
      this.held++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const waiter: (typeof this.waiters)[number] = {
        grant: () => {
          if (waiter.onAbort) signal?.removeEventListener('abort', waiter.onAbort);
          resolve(this.releaser());
        },
        reject,
        signal,
      };
      if (signal) {
        waiter.onAbort = () => {
          const i = this.waiters.indexOf(waiter);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', waiter.onAbort, { once: true });
      }
      this.waiters.push(waiter);
    });
  }

  /** Runs `fn` holding a slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // Above a lowered limit the slot is given back, not handed on.
      const next = this.held <= this.limit ? this.waiters.shift() : undefined;
      if (next) next.grant();
      else this.held--;
    };
  }
}
