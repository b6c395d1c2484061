/**
 * After a machine resume: ask isNetworkUp() until it says yes, waiting longer between tries (the last delay
 * repeats), then call onUp once. A new start() or cancel() forgets any probe in flight.
 */
import type { Clock, TimerHandle } from '../ports';

export interface NetworkWait {
  start(): void;
  cancel(): void;
}

export function createNetworkWait(
  clock: Clock,
  isNetworkUp: (() => Promise<boolean>) | undefined,
  delaysMs: readonly number[],
  onUp: () => void,
): NetworkWait {
  let generation = 0;
  let timer: TimerHandle | null = null;

  const cancel = (): void => {
    generation++;
    if (timer !== null) clock.clearTimeout(timer);
    timer = null;
  };

  const probe = async (attempt: number, mine: number): Promise<void> => {
    let up = false;
    try {
      up = isNetworkUp ? await isNetworkUp() : true;
    } catch {
      up = false; // a failing probe (DNS error, ...) means "not yet"
    }
    if (mine !== generation) return;
    if (up) return onUp();
    const delay = delaysMs[Math.min(attempt, delaysMs.length - 1)] ?? 60_000;
    timer = clock.setTimeout(() => {
      timer = null;
      void probe(attempt + 1, mine);
    }, delay);
  };

  return {
    start() {
      cancel();
      void probe(0, generation);
    },
    cancel,
  };
}
