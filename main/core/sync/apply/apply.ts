/**
 * Applies a plan to the local tree, in the plan's order: folders and renames, then conflict copies and downloads
 * (in parallel, bounded by the account's semaphore), then the trash (after every download finished).
 *
 * One executor per action kind (apply-mkdir, -move, -conflict, -download, -trash, -forget), one error policy
 * (apply-error-policy): a failing action is recorded and the run goes on; disk_full, reconnect_required and
 * offline stop the run (nothing new starts, downloads in flight finish). Abort stops at file boundaries.
 * The manifest passed in is updated as each action completes, so it always describes what is on disk; the caller
 * checkpoints it in batches.
 */
import { itemsWithoutActionSteps, settleWithoutAction } from './apply-bookkeeping';
import { keepAsConflict } from './apply-conflict';
import { downloadAndPlace, MAX_DOWNLOAD_ACTIVITY } from './apply-download';
import { recordError } from './apply-error-policy';
import { forgetItem } from './apply-forget';
import { makeFolder } from './apply-mkdir';
import { moveItem } from './apply-move';
import { createApplyRun, type ApplyOptions, type ApplyOutcome, type ApplyRun } from './apply-run';
import { trashItem } from './apply-trash';
import type { Action } from '../plan/plan-types';
import { runStepsYielding } from '../steps';

export type { ActivityEvent, ApplyOptions, ApplyOutcome } from './apply-run';

type SerialAction = Exclude<Action, { type: 'download' }>;

/** Runs one action other than a download (those run in parallel, see applyPlan). */
function execute(run: ApplyRun, a: SerialAction): Promise<void> | void {
  switch (a.type) {
    case 'mkdir':
      return makeFolder(run, a);
    case 'move':
      return moveItem(run, a);
    case 'keep-as-conflict':
      return keepAsConflict(run, a);
    case 'trash':
      return trashItem(run, a);
    case 'forget':
      return forgetItem(run, a);
  }
}

export async function applyPlan(o: ApplyOptions): Promise<ApplyOutcome> {
  const { plan, signal } = o;
  const run = createApplyRun(o);
  const { out, progress } = run;
  // Worked out now: the actions are let go of as they start (below).
  const ends = await runStepsYielding(itemsWithoutActionSteps(plan, o.manifest));
  run.emitProgress(true);

  const inFlight = new Set<Promise<void>>();
  const drain = async (): Promise<void> => {
    while (inFlight.size > 0) await Promise.race(inFlight);
  };
  let renamesSaved = false;
  // The plan's actions are consumed: each slot is cleared as its action starts, so a finished download's item (and
  // its download URL) can be collected during a 100k-file run instead of living until the end.
  const actions = plan.actions as (Action | undefined)[];
  for (let i = 0; i < actions.length; i++) {
    const a = actions[i]!;
    actions[i] = undefined;
    if (signal.aborted || out.fatal) break;
    if (a.type === 'download') {
      if (!renamesSaved) {
        renamesSaved = true;
        await o.journalRenamesDone?.();
        await o.flush?.().catch((e: unknown) => o.logger.warn('checkpoint failed', { error: String(e) }));
      }
      let release: () => void;
      try {
        release = await o.downloadSlots.acquire(signal);
      } catch {
        break;
      }
      if (signal.aborted || out.fatal) {
        release();
        break;
      }
      const task = downloadAndPlace(run, a)
        .then(() => {
          // Adaptive parallelism: a download that got through while the account is not paused lets it grow.
          const now = o.now();
          const gate = o.gate ?? o.client.gate;
          if (!gate || gate.pausedUntil() <= now) o.downloadSlots.passed(now);
        })
        .catch((e) => recordError(run, a.path, e))
        .finally(() => {
          release();
          progress.filesDone++;
          run.emitProgress();
          o.checkpoint();
          inFlight.delete(task);
        });
      inFlight.add(task);
      continue;
    }
    if (a.type === 'trash') await drain();
    if (signal.aborted || out.fatal) break;
    try {
      await execute(run, a);
    } catch (e) {
      recordError(run, a.type === 'move' ? a.from : a.path, e);
    }
    o.checkpoint();
  }
  await drain();

  if (signal.aborted) out.cancelled = true;
  if (out.downloaded > MAX_DOWNLOAD_ACTIVITY) {
    run.activity('downloaded', null, `Downloaded ${out.downloaded - MAX_DOWNLOAD_ACTIVITY} more files`);
  }
  await runStepsYielding(settleWithoutAction(o.manifest, run.next, ends));
  progress.currentFile = null;
  run.emitProgress(true);
  return out;
}
