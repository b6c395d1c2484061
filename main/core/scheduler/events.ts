/** The scheduler's listener sets: a throwing listener is logged and never breaks the scheduler or other listeners. */
import type { Logger } from '../ports';
import type { RunOutcome, Scheduler } from './types';

type Listeners = {
  change: Set<() => void>;
  runEnd: Set<(id: string, o: RunOutcome) => void>;
  runStart: Set<(id: string) => void>;
};

export interface SchedulerEvents {
  emit(event: 'runStart', id: string): void;
  emit(event: 'runEnd', id: string, outcome: RunOutcome): void;
  emit(event: 'change'): void;
  on: Scheduler['on'];
}

export function createSchedulerEvents(log: Logger): SchedulerEvents {
  const listeners: Listeners = { change: new Set(), runEnd: new Set(), runStart: new Set() };

  function emit(event: keyof Listeners, id?: string, outcome?: RunOutcome): void {
    for (const cb of [...listeners[event]]) {
      try {
        (cb as (id?: string, o?: RunOutcome) => void)(id, outcome);
      } catch (err) {
        log.error('scheduler listener threw', { event, error: String(err) });
      }
    }
  }

  function on(event: keyof Listeners, cb: (...args: never[]) => void): () => void {
    const set = listeners[event] as Set<typeof cb>;
    set.add(cb);
    return () => set.delete(cb);
  }

  return { emit: emit as SchedulerEvents['emit'], on: on as Scheduler['on'] };
}
