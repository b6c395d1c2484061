/**
 * Runs one sync in a child process for the kill -9 test: `node --import tsx e2e/sync/child-run.ts` with the job in
 * ODM_CHILD_JOB (JSON) and NODE_EXTRA_CA_CERTS pointing at the fake cloud's CA. Prints progress as JSON lines.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { silentLogger, systemClock } from '../../main/core/ports';
import type { SyncConfigRecord } from '../../main/core/store/schema';
import { runSync } from '../../main/core/sync/engine';
import { Semaphore } from '../../main/core/sync/semaphore';

interface Job {
  graphUrl: string;
  token: string;
  config: SyncConfigRecord;
  driveType: 'personal' | 'business';
  stateDir: string;
  trashDir: string;
}

const job = JSON.parse(process.env.ODM_CHILD_JOB ?? '{}') as Job;
const gate = new ThrottleGate(systemClock, { baseMs: 20, maxMs: 200 });
const client = createDriveClient({ graphUrl: job.graphUrl, gate, getToken: async () => job.token });
const summary = await runSync({
  config: job.config,
  driveType: job.driveType,
  client,
  gate,
  stateDir: job.stateDir,
  trash: { trash: (p) => fs.rename(p, path.join(job.trashDir, path.basename(p))) },
  logger: silentLogger,
  signal: new AbortController().signal,
  downloadSlots: new Semaphore(4),
  bigDelete: { files: 500, percent: 50 },
  confirmDeletes: false,
  checkpoint: { everyFiles: 1 },
  onProgress: (p) => process.stdout.write(`${JSON.stringify({ progress: p })}\n`),
});
process.stdout.write(`${JSON.stringify({ summary })}\n`);
