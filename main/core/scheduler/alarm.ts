/**
 * One re-armable timer at an absolute time. The scheduler keeps exactly one, set to the next moment anything
 * can happen, so an idle app with many configs waits on a single timer and never wakes up to poll.
 */
import type { Clock, TimerHandle } from '../ports';
import { MAX_TIMER_DELAY_MS } from './policy';

export interface Alarm {
  /** Fire `onFire` at `at` (epoch ms); Infinity disarms. Re-arming at the same time keeps the timer. */
  set(at: number): void;
  clear(): void;
  /** The armed time, or null. */
  armedAt(): number | null;
}

/** `onFire` learns how late it fires (ms past the armed time): large after the machine slept. */
export function createAlarm(clock: Clock, onFire: (lateByMs: number) => void): Alarm {
  let handle: TimerHandle | null = null;
  let at: number | null = null;

  const clear = (): void => {
    if (handle !== null) clock.clearTimeout(handle);
    handle = null;
    at = null;
  };

  return {
    set(next) {
      if (!Number.isFinite(next)) return clear();
      if (handle !== null && at === next) return;
      clear();
      at = next;
      // Waits longer than Node allows fire early; the owner simply re-arms for the real time.
      const delay = Math.min(Math.max(0, next - clock.now()), MAX_TIMER_DELAY_MS);
      handle = clock.setTimeout(() => {
        handle = null;
        at = null;
        onFire(clock.now() - next);
      }, delay);
    },
    clear,
    armedAt: () => at,
  };
}
