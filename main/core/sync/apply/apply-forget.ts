/** Executor of 'forget': an item changed here and deleted online, or newly excluded, stays on disk and is no longer tracked. */
import type { ApplyRun } from './apply-run';
import type { Action } from '../plan/plan-types';

export function forgetItem(run: ApplyRun, a: Extract<Action, { type: 'forget' }>): void {
  run.manifest.delete(a.id);
  run.out.notes.push(`Left in place: ${a.path} (${a.reason})`);
  run.activity(a.excluded ? 'info' : 'conflict', a.path, `"${a.path}": ${a.reason}`);
}
