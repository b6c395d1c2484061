/**
 * Runs one sync in a child process for the kill -9 test: `node --import tsx e2e/sync/child-run.ts` with the job in
 * ODM_CHILD_JOB (JSON) and NODE_EXTRA_CA_CERTS pointing at the fake cloud's CA. Prints progress as JSON lines.
 */
import { prepareChildSync, type ChildSyncJob } from './child-sync';

const job = JSON.parse(process.env.ODM_CHILD_JOB ?? '{}') as ChildSyncJob;
const run = await prepareChildSync(job, {
  slots: 4,
  gate: { baseMs: 20, maxMs: 200 },
  // Every finished file checkpointed at once: the test kills the child only after that save.
  checkpoint: { everyFiles: 1, spaceSlowSaves: false },
  onProgress: (p) => process.stdout.write(`${JSON.stringify({ progress: p })}\n`),
});
const summary = await run();
process.stdout.write(`${JSON.stringify({ summary })}\n`);
