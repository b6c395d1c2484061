/**
 * A full GC before an idle measurement. After start-up (module loading, JIT, connecting 100 sockets) V8's memory
 * reducer goes on collecting for a minute or more while nothing runs: ~100 ms/min of "idle" CPU measured in a
 * process that merely imported the sync engine, 2 ms/min once it was done (CPU profile: all of it in the garbage
 * collector). That is a one-off start-up cost, not what an idle scheduler costs per minute, so the idle scenarios
 * collect once, deliberately, and then measure.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export async function settleHeap(): Promise<void> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  await new Promise((r) => setTimeout(r, 500));
}
