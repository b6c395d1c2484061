/** Executor of 'mkdir': creates a folder the remote tree has; a local file in its place is set aside first. */
import { promises as fs } from 'node:fs';
import type { ApplyRun } from './apply-run';
import { parentOf } from '../paths';
import type { Action } from '../plan/plan-types';

export async function makeFolder(run: ApplyRun, a: Extract<Action, { type: 'mkdir' }>): Promise<void> {
  const { lfs } = run;
  await lfs.ensureSafeDir(parentOf(a.path));
  const st = await lfs.lstat(a.path);
  if (!st?.isDirectory()) {
    if (st) await run.setAside(a.path);
    await lfs.ensureInside(parentOf(a.path));
    await fs.mkdir(lfs.abs(a.path));
  }
  run.manifest.set(a.id, run.next.get(a.id)!);
}
