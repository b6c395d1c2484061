/**
 * Executor of 'trash': a file goes to the trash only while it is exactly what planning saw (or what we wrote);
 * a folder is removed only when empty by then, else kept (or, after stepping aside, renamed to its keepAs name).
 */
import { promises as fs, type Stats } from 'node:fs';
import { isEmptyDir, sameStat } from './apply-fs';
import type { ApplyRun } from './apply-run';
import { parentOf } from '../paths';
import type { Action } from '../plan/plan-types';

type TrashAction = Extract<Action, { type: 'trash' }>;

export async function trashItem(run: ApplyRun, a: TrashAction): Promise<void> {
  const st = await run.lfs.lstat(a.path);
  if (!st) {
    dropSubtree(run, a.id);
    return;
  }
  await run.lfs.ensureSafeDir(parentOf(a.path));
  if (a.kind === 'file') await trashFile(run, a, st);
  else await trashFolder(run, a, st);
}

async function trashFile(run: ApplyRun, a: TrashAction, st: Stats): Promise<void> {
  const { lfs, manifest, out } = run;
  // Trash only what is still exactly what planning saw (or, failing that, what we wrote).
  const cur = manifest.get(a.id);
  const expect =
    a.expect ??
    (cur && cur.localSize !== null && cur.localMtimeMs !== null
      ? { kind: 'file' as const, size: cur.localSize, mtimeMs: cur.localMtimeMs }
      : null);
  if (st.isSymbolicLink() || !sameStat(st, expect)) {
    manifest.delete(a.id);
    run.activity('conflict', a.path, `"${a.path}" was deleted online but changed here; it was left in place`);
    out.notes.push(`Left in place (changed here, deleted online): ${a.path}`);
    return;
  }
  await lfs.ensureInside(parentOf(a.path));
  await run.o.trash.trash(lfs.abs(a.path));
  manifest.delete(a.id);
  out.trashed++;
  run.activity('trashed', a.path, `Moved "${a.path}" to the trash (deleted online)`);
}

async function trashFolder(run: ApplyRun, a: TrashAction, st: Stats): Promise<void> {
  const { lfs } = run;
  await lfs.ensureInside(parentOf(a.path));
  if (st.isDirectory() && (await isEmptyDir(lfs.abs(a.path)))) {
    await fs.rmdir(lfs.abs(a.path));
    run.out.trashed++;
  } else if (a.keepAs) {
    await run.setAside(a.path, a.keepAs);
  } else {
    run.out.notes.push(`Kept folder "${a.path}" (deleted online): it holds files that are not synced`);
  }
  dropSubtree(run, a.id);
}

/** The item and, for a folder, everything tracked under its path leave the manifest. */
function dropSubtree(run: ApplyRun, id: string): void {
  const { manifest } = run;
  const cur = manifest.get(id);
  if (!cur) return;
  manifest.delete(id);
  if (cur.kind !== 'folder') return;
  const prefix = `${cur.path}/`;
  for (const [k, e] of manifest) if (e.path.startsWith(prefix)) manifest.delete(k);
}
