/**
 * One engine run as the tests' child processes make it (the kill -9 test's child-run.ts, the benchmark's
 * sync-child.ts): the job arrives as plain JSON; a real Graph client and throttle gate talk to the fake cloud;
 * trashed files go to a folder of the job's.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { silentLogger, systemClock } from '../../main/core/ports';
import type { SyncConfigRecord } from '../../main/core/store/schema';
import { runSync, type RunSyncOptions } from '../../main/core/sync/engine';
import { Semaphore } from '../../main/core/sync/semaphore';
import type { RunSummary } from '../../main/core/sync/types';

export interface ChildSyncJob {
  graphUrl: string;
  token: string;
  config: SyncConfigRecord;
  driveType: 'personal' | 'business';
  stateDir: string;
  trashDir: string;
}

export interface ChildSyncOptions {
  slots: number;
  /** Parallelism that adapts to throttling from `slots` (semaphore.ts), as the app's is. */
  adaptive?: boolean;
  /** Throttle back-off (the kill test keeps it short). */
  gate?: { baseMs: number; maxMs: number };
  checkpoint?: RunSyncOptions['checkpoint'];
  onProgress?: RunSyncOptions['onProgress'];
}

/** Returns the run, ready to start (the client is made first, so a caller can start its clock after this). */
export async function prepareChildSync(job: ChildSyncJob, o: ChildSyncOptions): Promise<() => Promise<RunSummary>> {
  const gate = new ThrottleGate(systemClock, o.gate);
  const client = createDriveClient({ graphUrl: job.graphUrl, gate, getToken: async () => job.token });
  await fs.mkdir(job.trashDir, { recursive: true });
  let trashed = 0;
  return () =>
    runSync({
      config: job.config,
      driveType: job.driveType,
      client,
      gate,
      stateDir: job.stateDir,
      trash: { trash: (p) => fs.rename(p, path.join(job.trashDir, `${trashed++}-${path.basename(p)}`)) },
      logger: silentLogger,
      signal: new AbortController().signal,
      downloadSlots: new Semaphore(o.slots, { adaptive: o.adaptive ?? false }),
      bigDelete: { files: 500 },
      confirmedDeletes: null,
      ...(o.checkpoint ? { checkpoint: o.checkpoint } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
}
