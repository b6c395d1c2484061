// Runs a TypeScript worker entry from sources (the engine host in tests and `npm run cli`): a worker thread does
// not inherit the parent's tsx loader, so it loads the entry through tsx's API itself.
import { workerData } from 'node:worker_threads';
import { tsImport } from 'tsx/esm/api';

// Tests may load modules first (say, one that trusts the fake cloud's CA in this thread).
for (const file of workerData.preload ?? []) await tsImport(file, import.meta.url);
await tsImport(workerData.entry, import.meta.url);
