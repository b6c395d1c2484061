/**
 * Executor of 'move': renames a tracked item (to its new place, or aside to a temporary name). The rename is
 * journalled first, so a kill between checkpoints loses no move; a local item in the way is set aside.
 */
import { promises as fs } from 'node:fs';
import { clearTarget } from './apply-fs';
import { relocateEntry } from './apply-journal';
import type { ApplyRun } from './apply-run';
import { baseName, parentOf } from '../paths';
import type { Action } from '../plan/plan-types';

export async function moveItem(run: ApplyRun, a: Extract<Action, { type: 'move' }>): Promise<void> {
  const { lfs, manifest, o } = run;
  await lfs.ensureSafeDir(parentOf(a.from));
  await lfs.ensureSafeDir(parentOf(a.to));
  const st = await lfs.lstat(a.from);
  if (!st || st.isSymbolicLink()) {
    // Vanished since planning: leave the run incomplete; the same changes come again and the planner, seeing
    // it missing, downloads it (and what it held) at its new place.
    throw new Error(`"${a.from}" is missing here, so it could not be moved to "${a.to}"`);
  }
  const conflict = await clearTarget(lfs, a.to, null, o.now(), st);
  if (conflict) run.conflictMade(conflict, `A local item was in the way of "${a.to}"; it is kept as "${baseName(conflict)}"`);
  const cur = manifest.get(a.id);
  const parentId = a.temp ? (cur?.parentId ?? null) : (run.next.get(a.id)?.parentId ?? cur?.parentId ?? null);
  // Checked before the journal record: a record must stand for a rename that happens.
  await lfs.ensureInside(parentOf(a.from));
  await lfs.ensureInside(parentOf(a.to));
  await o.journal?.({ id: a.id, parentId, from: a.from, to: a.to, ino: st.ino, mtimeMs: st.mtimeMs });
  await fs.rename(lfs.abs(a.from), lfs.abs(a.to));
  lfs.invalidate();
  relocateEntry(manifest, a.id, parentId, a.to);
  if (!a.temp) {
    run.out.renamed++;
    run.activity('renamed', a.to, `Renamed "${a.from}" to "${a.to}"`);
  }
}
