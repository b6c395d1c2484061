/**
 * How far V8 lets the heap grow between full collections, set once per process that runs syncs (the app's main
 * process, the CLI, the benchmark's sync process).
 *
 * By default V8 lets the heap grow to 2-4x its live data before a full GC. A sync of 100,000 items keeps ~100 MB
 * live while it allocates gigabytes of short-lived objects (a set per download), so by default its peak RSS was
 * ~2.5x what it needs (616 MB; 258 MB at 20 %, 246 MB at 10 %; e2e/bench). A tool that runs in the background
 * should track its live data instead. The cost is more frequent, shorter full collections: the 100k-item initial
 * sync used 84-94 s of CPU in four runs at 10-20 % (it is download-bound: ~210 s of wall time), and its worst
 * event-loop delay stays under 100 ms (89 ms at 10 %). The flag is read at each GC, so setting it at start-up,
 * after V8 is up, takes effect.
 */
import { setFlagsFromString } from 'node:v8';

export const HEAP_GROWING_PERCENT = 10;

export function keepHeapNearLiveSize(): void {
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
