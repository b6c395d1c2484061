/** Executor of 'keep-as-conflict': sets a local file aside under the planned conflict name (if still there). */
import type { ApplyRun } from './apply-run';
import type { Action } from '../plan/plan-types';

export async function keepAsConflict(run: ApplyRun, a: Extract<Action, { type: 'keep-as-conflict' }>): Promise<void> {
  if (!(await run.lfs.lstat(a.path))) return;
  await run.setAside(a.path, a.conflictPath);
}
