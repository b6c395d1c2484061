/**
 * Long pure computations as generators that yield at safe points, so the same code can run straight through
 * (tests, tools: runSteps) or share the event loop with I/O and the UI (the engine: runStepsYielding).
 * Generators yield cheaply and often; the yielding driver decides when a time slice is used up.
 */
import { setImmediate as nextTurn } from 'node:timers/promises';

export type Steps<T> = Generator<void, T, void>;

/** Runs a generator to completion, synchronously. */
export function runSteps<T>(g: Steps<T>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

export interface YieldOptions {
  /** How long the generator may hold the event loop before other callbacks get a turn (default 10 ms). */
  sliceMs?: number;
  /** The clock (tests pass a fake one). */
  now?: () => number;
}

/** Runs a generator to completion, giving the event loop a turn (setImmediate) whenever a slice is used up. */
export async function runStepsYielding<T>(g: Steps<T>, o: YieldOptions = {}): Promise<T> {
  const sliceMs = o.sliceMs ?? 10;
  const now = o.now ?? (() => performance.now());
  let start = now();
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
    if (now() - start >= sliceMs) {
      await nextTurn();
      start = now();
    }
  }
}

/**
 * A counter for a generator's loops: true every `every` calls, i.e. where the loop should `yield`
 * (`if (tick()) yield;`). Yielding every few hundred iterations keeps both the overhead and the slices small.
 */
export function ticker(every = 512): () => boolean {
  let n = 0;
  return () => {
    if (++n < every) return false;
    n = 0;
    return true;
  };
}
