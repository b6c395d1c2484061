/**
 * A fake Clock for tests (no sleeps): time moves only when told to, or, in auto mode, jumps to the next timer as
 * soon as the event loop has nothing else to do right now. Test support only; production uses systemClock.
 */
import type { Clock, TimerHandle } from '../ports';

interface Timer {
  id: number;
  at: number;
  fn: () => void;
}

export interface FakeClock extends Clock {
  /** Moves time forward by `ms`, firing due timers in order and letting promise chains settle between them. */
  advance(ms: number): Promise<void>;
  /** Timers not yet fired. */
  pending(): number;
  /** Total virtual time advanced so far. */
  elapsed(): number;
}

/** `auto`: each timer fires (time jumping to its due time) once the current I/O and microtasks have run. */
export function createFakeClock(start = 1_700_000_000_000, options: { auto?: boolean } = {}): FakeClock {
  let now = start;
  let nextId = 1;
  let timers: Timer[] = [];
  let autoScheduled = false;

  const fireNext = (limit: number): boolean => {
    timers.sort((a, b) => a.at - b.at || a.id - b.id);
    const t = timers[0];
    if (!t || t.at > limit) return false;
    timers.shift();
    now = Math.max(now, t.at);
    t.fn();
    return true;
  };

  const scheduleAuto = () => {
    if (!options.auto || autoScheduled) return;
    autoScheduled = true;
    // setImmediate runs after pending I/O callbacks: real work in flight goes first, then virtual time jumps.
    setImmediate(() => {
      autoScheduled = false;
      if (fireNext(Number.POSITIVE_INFINITY) && timers.length > 0) scheduleAuto();
    });
  };

  return {
    now: () => now,
    setTimeout(fn, ms) {
      const timer: Timer = { id: nextId++, at: now + Math.max(0, ms), fn };
      timers.push(timer);
      scheduleAuto();
      return timer.id as unknown as TimerHandle;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.id !== (handle as unknown as number));
    },
    async advance(ms) {
      const target = now + ms;
      for (;;) {
        await settle();
        if (!fireNext(target)) break;
      }
      now = Math.max(now, target);
      await settle();
    },
    pending: () => timers.length,
    elapsed: () => now - start,
  };
}

async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
