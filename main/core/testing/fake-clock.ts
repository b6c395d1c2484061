/**
 * A fake Clock for tests (no sleeps; test support only, production uses systemClock). Time stands still until a
 * test calls `advance(ms)` or `next()`, which fire due timers in order of due time (ties: the order they were set)
 * and let awaited promise chains settle between them, so code that awaits a run and then sets the next timer
 * behaves as it would in real time. They settle by microtasks only, never yielding a macrotask turn: a promise that
 * rejects while time moves can still be awaited by the test afterwards without Node calling it unhandled. Work
 * that hops through a macrotask (a stream, an fs callback) needs an explicit `flush()`.
 *
 *   const clock = createFakeClock(Date.parse('2026-01-01T00:00:00Z'));
 *   someComponent({ clock });
 *   await clock.advance(60_000);           // one minute passes, timers fire, promises settle
 *   expect(clock.pendingTimers()).toBe(1); // exactly one timer waiting
 *
 * `{ auto: true }`: each timer fires by itself (time jumping to its due time) once the current I/O and microtasks
 * have run, for integration tests that do real I/O and must never wait out a Retry-After.
 *
 * `sleep(ms)` simulates a suspended machine: the wall clock (`now()`) jumps, but pending timers are shifted too and
 * do not fire, like Node timers (monotonic time) across a real suspend.
 */
import type { Clock, TimerHandle } from '../ports';

export interface FakeClockOptions {
  /** Fire each timer by itself as soon as the event loop is idle (see above). */
  auto?: boolean;
}

export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order and settling promises between them. */
  advance(ms: number): Promise<void>;
  /** Moves time to the next pending timer and fires it (and any due at the same moment). False if none. */
  next(): Promise<boolean>;
  /** Lets pending promise callbacks and a few macrotask turns (I/O callbacks) run without moving time. */
  flush(): Promise<void>;
  /** The machine sleeps for `ms`: `now()` jumps, pending timers keep their remaining delay. */
  sleep(ms: number): void;
  /** Timers set and not yet fired or cleared. */
  pendingTimers(): number;
  /** Due time of the earliest pending timer, or null. */
  nextTimerAt(): number | null;
  /** How many timer callbacks have fired since creation (for "idle means idle" checks). */
  firedCount(): number;
  /** Total virtual time passed since creation (advances, auto jumps and sleeps). */
  elapsed(): number;
}

interface FakeTimer {
  readonly seq: number;
  at: number;
  readonly fn: () => void;
}

/** Promise chains a few dozen steps deep run to their next real wait. */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

/** Real macrotask turn: every queued microtask (and microtasks they queue) runs before it. */
function macrotask(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === 'function') setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

export function createFakeClock(startAt = 0, options: FakeClockOptions = {}): FakeClock {
  let now = startAt;
  let seq = 0;
  let fired = 0;
  let autoScheduled = false;
  const timers = new Map<number, FakeTimer>();

  const earliest = (): FakeTimer | undefined => {
    let best: FakeTimer | undefined;
    for (const t of timers.values()) {
      if (!best || t.at < best.at || (t.at === best.at && t.seq < best.seq)) best = t;
    }
    return best;
  };

  const flush = async (): Promise<void> => {
    // A few turns, so work that hops through a macrotask (a stream, an fs callback) also settles.
    for (let i = 0; i < 3; i++) await macrotask();
  };

  const fireNow = (timer: FakeTimer): void => {
    timers.delete(timer.seq);
    now = Math.max(now, timer.at);
    fired++;
    timer.fn();
  };

  const fire = async (timer: FakeTimer): Promise<void> => {
    fireNow(timer);
    await settle();
  };

  const scheduleAuto = (): void => {
    if (!options.auto || autoScheduled) return;
    autoScheduled = true;
    // setImmediate runs after pending I/O callbacks: real work in flight goes first, then virtual time jumps.
    setImmediate(() => {
      autoScheduled = false;
      const timer = earliest();
      if (!timer) return;
      fireNow(timer);
      if (timers.size > 0) scheduleAuto();
    });
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: FakeTimer = { seq: ++seq, at: now + Math.max(0, Number.isFinite(ms) ? ms : 0), fn };
      timers.set(timer.seq, timer);
      scheduleAuto();
      return { seq: timer.seq } as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      const id = (handle as unknown as { seq?: number } | undefined)?.seq;
      if (id !== undefined) timers.delete(id);
    },
    async advance(ms) {
      const target = now + Math.max(0, ms);
      await settle();
      for (;;) {
        const timer = earliest();
        if (!timer || timer.at > target) break;
        await fire(timer);
      }
      now = Math.max(now, target); // an auto jump or a sleep() inside a callback may already be past it
      await settle();
    },
    async next() {
      await settle();
      const timer = earliest();
      if (!timer) return false;
      const at = timer.at;
      await fire(timer);
      for (let t = earliest(); t && t.at <= at; t = earliest()) await fire(t);
      return true;
    },
    flush,
    sleep(ms) {
      now += ms;
      for (const t of timers.values()) t.at += ms;
    },
    pendingTimers: () => timers.size,
    nextTimerAt: () => earliest()?.at ?? null,
    firedCount: () => fired,
    elapsed: () => now - startAt,
  };
}
