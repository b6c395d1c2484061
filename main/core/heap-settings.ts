/**
 * How far V8 lets the heap grow between full collections, set once per process that runs syncs (the app's main
 * process, the CLI, the benchmark's sync process).
 *
 * By default V8 lets the heap grow to 2-4x its live data before a full GC. A sync of 100,000 items keeps ~100 MB
 * live while it allocates gigabytes of short-lived objects (a set per download), so by default its peak RSS was
 * ~2.4x what it needed (616 vs 257 MB at 100k items, e2e/bench). A tool that runs in the background should track
 * its live data instead: growing by at most 20 % between full GCs costs more frequent, but shorter, collections
 * (initial-sync CPU time in the README's Performance section). The flag is read at each GC, so setting it at
 * start-up, after V8 is up, takes effect.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 20;

export function keepHeapNearLiveSize(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
