/**
 * A host in a worker thread (the CLI): the same host code as the app's utility process, on its own event loop
 * and heap. Built, the entry is out/engine-host/index.js beside out/cli; run from sources (tsx, vitest), a small
 * bootstrap (scripts/tsx-worker.mjs) loads host-main.ts through tsx.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { HostChannel } from './protocol';
import { processHost, type ProcessLike } from './process-channel';

export function workerHost(o: { preload?: string[] } = {}): HostChannel {
  const { file, workerData } = hostEntry(o.preload ?? []);
  return workerChannel(new Worker(file, { workerData }));
}

/** Main's end of a channel to a worker running host-main: the same channel as a host process's. */
export function workerChannel(worker: Worker): HostChannel {
  return processHost({
    postMessage: (m) => worker.postMessage(m),
    on: ((event: string, l: (...args: unknown[]) => void) => worker.on(event, l)) as ProcessLike['on'],
    kill: () => (void worker.terminate(), true),
  });
}

/** `preload`: modules the sources' bootstrap loads first (tests only; the built entry has none). */
function hostEntry(preload: string[]): { file: string | URL; workerData: unknown } {
  if (import.meta.url.endsWith('.ts')) {
    return {
      file: fileURLToPath(new URL('../../../scripts/tsx-worker.mjs', import.meta.url)),
      workerData: { entry: fileURLToPath(new URL('./host-main.ts', import.meta.url)), preload },
    };
  }
  return { file: new URL(/* @vite-ignore */ '../engine-host/index.js', import.meta.url), workerData: null };
}
