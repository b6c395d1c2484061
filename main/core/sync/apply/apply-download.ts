/**
 * Executor of 'download': fetches the remote version into a partial file next to its target (resumable, checked
 * for disk space first), then puts it in place; whatever unexpected sits at the target by then is set aside.
 */
import { promises as fs } from 'node:fs';
import { clearTarget } from './apply-fs';
import type { ApplyRun } from './apply-run';
import { downloadFile } from '../download/download';
import { baseName, childPath, parentOf, partialName } from '../paths';
import type { Action } from '../plan/plan-types';
import { isSameFile, stampTemp } from './temp-file';

/** Per-file 'downloaded' activity entries per run; a big first sync gets one summary line instead of 10k. */
export const MAX_DOWNLOAD_ACTIVITY = 100;

export async function downloadAndPlace(run: ApplyRun, a: Extract<Action, { type: 'download' }>): Promise<void> {
  const { lfs, o, out, progress } = run;
  const dir = parentOf(a.path);
  await lfs.ensureSafeDir(dir);
  const tempRel = childPath(dir, partialName(a.id));
  const tempAbs = lfs.abs(tempRel);
  // Only a partial an earlier run may have left is looked at (a fresh name needs no lstat per file); one left
  // unrecorded is still resumed by openTemp, and the space check then counts its size twice: the safe side.
  const known = o.partials.has(tempRel);
  o.partials.add(tempRel);
  const temp = known ? await lfs.lstat(tempRel) : null;
  const have = temp?.isFile() ? temp.size : 0;
  await run.reserveSpace(lfs.abs(dir), Math.max(0, a.item.size - have), a.path);
  progress.currentFile = a.path;
  run.emitProgress();
  let counted = 0;
  // A URL the spool cannot give back is null: the download then asks Graph for a fresh one.
  const ref = a.item.downloadUrlRef;
  const item = ref === undefined ? a.item : { ...a.item, downloadUrl: (await o.urls?.get(ref)) ?? null };
  await lfs.ensureInside(dir);
  const res = await (o.download ?? downloadFile)({
    item,
    driveId: o.driveId,
    client: o.client,
    tempPath: tempAbs,
    signal: o.signal,
    ...(o.gate ? { gate: o.gate } : {}),
    ...(o.pace ? { pace: o.pace } : {}),
    onThrottled: (retryAfterMs) => o.downloadSlots.throttled(o.now(), retryAfterMs),
    onBytes: (n) => {
      counted += n;
      progress.bytesDone += n;
      run.emitProgress();
    },
    // Windows may set the write time again when a written handle closes: there it is stamped after the close.
    ...(process.platform === 'win32' ? {} : { times: { atime: new Date(o.now()), mtime: new Date(a.item.mtimeMs) } }),
    onTempRemoved: (what) => {
      const message = `${what} was in the place of the temporary file for "${a.path}"; it was removed, not followed`;
      o.logger.warn('removed an unexpected item at a temp file path', { path: tempRel, what });
      run.activity('refused', tempRel, message);
    },
  });
  // Stamped through the download's own handle; else (Windows, test doubles) here, through a handle of its own.
  const written = res.file ?? (await stampTemp(tempAbs, new Date(o.now()), new Date(a.item.mtimeMs)));
  // The target may have changed since planning: anything unexpected there is kept as a conflict copy.
  const conflict = await clearTarget(lfs, a.path, a.replaces, o.now());
  if (conflict) run.conflictMade(conflict, `"${a.path}" was changed here; your version is kept as "${baseName(conflict)}"`);
  // Right before the rename: the folder is still inside the root and the temp file is still the one we verified.
  await lfs.ensureInside(dir);
  if (!(await isSameFile(tempAbs, written)))
    throw new Error(`the downloaded file for "${a.path}" was replaced before it could be put in place`);
  await fs.rename(tempAbs, lfs.abs(a.path));
  o.partials.delete(tempRel);
  // The renamed file is the one stamped through the download's handle: its stat then is the manifest's.
  const st = res.file ?? (await fs.lstat(lfs.abs(a.path)));
  const entry = { ...run.next.get(a.id)!, localSize: st.size, localMtimeMs: st.mtimeMs };
  run.manifest.set(a.id, entry);
  run.next.set(a.id, entry); // one object per item, not two
  out.downloaded++;
  out.bytes += res.bytes;
  if (res.verifiedBy === 'size') out.notes.push(`Checked by size only (OneDrive had no hash for it yet): ${a.path}`);
  progress.bytesDone += Math.max(0, a.item.size - counted);
  if (out.downloaded <= MAX_DOWNLOAD_ACTIVITY) run.activity('downloaded', a.path, `Downloaded "${a.path}"`);
}
