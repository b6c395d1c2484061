/**
 * How far V8 lets the heap grow between full collections while a big sync runs.
 *
 * By default V8 lets the heap grow to 2-4x its live data before a full GC. A sync of 100,000 items keeps ~100 MB
 * live while it allocates gigabytes of short-lived objects (a set per download), so with the default its peak RSS
 * was ~2.5x what it needs (616 MB; 252-258 MB with growth capped at 20 %, 246 MB at 10 %; e2e/bench), at the same
 * CPU. On a small heap the same cap is costly (10,000 files: 14.3 s of CPU instead of 8.8 s, a full GC every few
 * MB), so it only holds while a run with at least BIG_RUN_ITEMS items is going on; V8's default applies otherwise.
 * The flag is read at each GC, so setting it at run time takes effect.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 10;
/** Manifest entries + listed items from which a run caps the heap growth. */
export const BIG_RUN_ITEMS = 50_000;

/** Reference-counted: the cap holds while any big run holds it. `setFlags` is for tests. */
export function createHeapHold(setFlags: (flags: string) => void = setFlagsFromString): () => () => void {
  let holders = 0;
  return () => {
    if (holders++ === 0) setFlags(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      if (--holders === 0) setFlags('--heap-growing-percent=0'); // 0: V8's own heuristics again
    };
  };
}

/** The process-wide hold the sync engine uses. */
export const holdHeapNearLiveSize = createHeapHold();
