/**
 * Applies a plan to the local tree, in the plan's order: folders and renames, then conflict copies and downloads
 * (in parallel, bounded by the account's semaphore), then the trash (after every download finished).
 *
 * The manifest passed in is updated as each action completes, so it always describes what is on disk; the caller
 * checkpoints it in batches. A failing action is recorded and the run goes on; disk_full, reconnect_required and
 * offline stop the run (nothing new starts, downloads in flight finish). Abort stops at file boundaries.
 */
import { promises as fs } from 'node:fs';
import type { ActivityKind, Progress } from '../../../shared/model';
import { type AppError, isAppError } from '../errors';
import type { DriveClient } from '../graph/drive-client';
import type { ThrottleGate } from '../graph/throttle-gate';
import type { Logger, Trash } from '../ports';
import { clearTarget, isEmptyDir, sameStat, SkipError, type LocalFs } from './apply-fs';
import { relocateEntry, type MoveRecord } from './apply-journal';
import { itemsWithoutActionSteps, settleWithoutAction } from './apply-bookkeeping';
import { createSpaceCheck } from './disk-space';
import { downloadFile } from './download';
import { baseName, childPath, parentOf, partialName } from './paths';
import type { Action, Plan } from './plan-types';
import type { Semaphore } from './semaphore';
import { runStepsYielding } from './steps';
import { isSameFile, stampTemp } from './temp-file';
import type { UrlSpool } from './url-spool';
import type { ManifestEntry } from './types';

export type ActivityEvent = { kind: ActivityKind; path: string | null; message: string };

export interface ApplyOptions {
  plan: Plan;
  lfs: LocalFs;
  /** Mutated: always what is on disk. */
  manifest: Map<string, ManifestEntry>;
  driveId: string;
  client: DriveClient;
  gate?: ThrottleGate;
  trash: Trash;
  logger: Logger;
  signal: AbortSignal;
  downloadSlots: Semaphore;
  /** Relative paths of partial downloads that may exist (for garbage collection by later runs). */
  partials: Set<string>;
  /** Where items with a downloadUrlRef keep their URL. */
  urls?: Pick<UrlSpool, 'get'>;
  /** Called after each completed action (the checkpointer batches saves). */
  checkpoint: () => void;
  /** Saves now: called once after the renames, so a kill during the downloads finds them recorded. */
  flush?: () => Promise<void>;
  /** Records a rename before it happens (the move journal), so a kill between checkpoints loses no move. */
  journal?: (rec: MoveRecord) => Promise<void>;
  /** Notes in the journal that the renames are over (called with the flush). */
  journalRenamesDone?: () => Promise<void>;
  freeBytes: (absDir: string) => Promise<number>;
  now: () => number;
  onProgress?: (p: Progress) => void;
  onActivity?: (e: ActivityEvent) => void;
  download?: typeof downloadFile;
}

export interface ApplyOutcome {
  downloaded: number;
  renamed: number;
  trashed: number;
  conflicts: number;
  bytes: number;
  skipped: { path: string; reason: string }[];
  failures: { path: string; message: string }[];
  notes: string[];
  cancelled: boolean;
  fatal: AppError | null;
}

const FATAL = new Set(['disk_full', 'reconnect_required', 'offline']);
/** Room left free on the disk beyond the file itself. */
const DISK_RESERVE = 1024 * 1024;
/** Per-file 'downloaded' activity entries per run; a big first sync gets one summary line instead of 10k. */
const MAX_DOWNLOAD_ACTIVITY = 100;


export async function applyPlan(o: ApplyOptions): Promise<ApplyOutcome> {
  const { plan, lfs, manifest, signal } = o;
  const next = plan.nextManifest;
  const download = o.download ?? downloadFile;
  const out: ApplyOutcome = {
    downloaded: 0,
    renamed: 0,
    trashed: 0,
    conflicts: 0,
    bytes: 0,
    skipped: [],
    failures: [],
    notes: [],
    cancelled: false,
    fatal: null,
  };
  const activity = (kind: ActivityKind, path: string | null, message: string): void => o.onActivity?.({ kind, path, message });

  const progress: Progress = { phase: 'applying', filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, currentFile: null };
  for (const a of plan.actions) {
    if (a.type !== 'download') continue;
    progress.filesTotal++;
    progress.bytesTotal += a.item.size;
  }
  // Worked out now: the actions are let go of as they start (below).
  const ends = await runStepsYielding(itemsWithoutActionSteps(plan, manifest));
  let lastProgress = -Infinity;
  const emitProgress = (force = false): void => {
    const t = o.now();
    if (!force && t - lastProgress < 100) return;
    lastProgress = t;
    o.onProgress?.({ ...progress });
  };
  emitProgress(true);

  const reserveSpace = createSpaceCheck({ freeBytes: o.freeBytes, now: o.now, reserve: DISK_RESERVE });

  // --- manifest bookkeeping -------------------------------------------------------------------------------
  const relocate = (id: string, parentId: string | null, to: string): void => relocateEntry(manifest, id, parentId, to);
  const dropSubtree = (id: string): void => {
    const cur = manifest.get(id);
    if (!cur) return;
    manifest.delete(id);
    if (cur.kind !== 'folder') return;
    const prefix = `${cur.path}/`;
    for (const [k, e] of manifest) if (e.path.startsWith(prefix)) manifest.delete(k);
  };

  // --- one action each --------------------------------------------------------------------------------------
  const doMkdir = async (a: Extract<Action, { type: 'mkdir' }>): Promise<void> => {
    await lfs.ensureSafeDir(parentOf(a.path));
    const st = await lfs.lstat(a.path);
    if (!st?.isDirectory()) {
      if (st) await setAsideReport(a.path);
      await lfs.ensureInside(parentOf(a.path));
      await fs.mkdir(lfs.abs(a.path));
    }
    manifest.set(a.id, next.get(a.id)!);
  };

  const setAsideReport = async (rel: string, preferred: string | null = null): Promise<string> => {
    const to = await lfs.setAside(rel, preferred, o.now());
    out.conflicts++;
    activity('conflict', to, `"${rel}" was changed here; your version is kept as "${baseName(to)}"`);
    return to;
  };

  const doMove = async (a: Extract<Action, { type: 'move' }>): Promise<void> => {
    await lfs.ensureSafeDir(parentOf(a.from));
    await lfs.ensureSafeDir(parentOf(a.to));
    const st = await lfs.lstat(a.from);
    if (!st || st.isSymbolicLink()) {
      // Vanished since planning: leave the run incomplete; the same changes come again and the planner, seeing
      // it missing, downloads it (and what it held) at its new place.
      throw new Error(`"${a.from}" is missing here, so it could not be moved to "${a.to}"`);
    }
    const conflict = await clearTarget(lfs, a.to, null, o.now(), st);
    if (conflict) {
      out.conflicts++;
      activity('conflict', conflict, `A local item was in the way of "${a.to}"; it is kept as "${baseName(conflict)}"`);
    }
    const cur = manifest.get(a.id);
    const parentId = a.temp ? (cur?.parentId ?? null) : (next.get(a.id)?.parentId ?? cur?.parentId ?? null);
    // Checked before the journal record: a record must stand for a rename that happens.
    await lfs.ensureInside(parentOf(a.from));
    await lfs.ensureInside(parentOf(a.to));
    await o.journal?.({ id: a.id, parentId, from: a.from, to: a.to, ino: st.ino, mtimeMs: st.mtimeMs });
    await fs.rename(lfs.abs(a.from), lfs.abs(a.to));
    lfs.invalidate();
    relocate(a.id, parentId, a.to);
    if (!a.temp) {
      out.renamed++;
      activity('renamed', a.to, `Renamed "${a.from}" to "${a.to}"`);
    }
  };

  const doConflict = async (a: Extract<Action, { type: 'keep-as-conflict' }>): Promise<void> => {
    if (!(await lfs.lstat(a.path))) return;
    await setAsideReport(a.path, a.conflictPath);
  };

  const doDownload = async (a: Extract<Action, { type: 'download' }>): Promise<void> => {
    const dir = parentOf(a.path);
    await lfs.ensureSafeDir(dir);
    const tempRel = childPath(dir, partialName(a.id));
    const tempAbs = lfs.abs(tempRel);
    o.partials.add(tempRel);
    const temp = await lfs.lstat(tempRel);
    const have = temp?.isFile() ? temp.size : 0;
    const need = Math.max(0, a.item.size - have);
    await reserveSpace(lfs.abs(dir), need, a.path);
    progress.currentFile = a.path;
    emitProgress();
    let counted = 0;
    // A URL the spool cannot give back is null: the download then asks Graph for a fresh one.
    const ref = a.item.downloadUrlRef;
    const item = ref === undefined ? a.item : { ...a.item, downloadUrl: (await o.urls?.get(ref)) ?? null };
    await lfs.ensureInside(dir);
    const res = await download({
      item,
      driveId: o.driveId,
      client: o.client,
      tempPath: tempAbs,
      signal,
      ...(o.gate ? { gate: o.gate } : {}),
      onBytes: (n) => {
        counted += n;
        progress.bytesDone += n;
        emitProgress();
      },
      // Windows may set the write time again when a written handle closes: there it is stamped after the close.
      ...(process.platform === 'win32' ? {} : { times: { atime: new Date(o.now()), mtime: new Date(a.item.mtimeMs) } }),
      onTempRemoved: (what) => {
        const message = `${what} was in the place of the temporary file for "${a.path}"; it was removed, not followed`;
        o.logger.warn('removed an unexpected item at a temp file path', { path: tempRel, what });
        activity('refused', tempRel, message);
      },
    });
    // Stamped through the download's own handle; else (Windows, test doubles) here, through a handle of its own.
    const written = res.file ?? (await stampTemp(tempAbs, new Date(o.now()), new Date(a.item.mtimeMs)));
    // The target may have changed since planning: anything unexpected there is kept as a conflict copy.
    const conflict = await clearTarget(lfs, a.path, a.replaces, o.now());
    if (conflict) {
      out.conflicts++;
      activity('conflict', conflict, `"${a.path}" was changed here; your version is kept as "${baseName(conflict)}"`);
    }
    // Right before the rename: the folder is still inside the root and the temp file is still the one we verified.
    await lfs.ensureInside(dir);
    if (!(await isSameFile(tempAbs, written))) throw new Error(`the downloaded file for "${a.path}" was replaced before it could be put in place`);
    await fs.rename(tempAbs, lfs.abs(a.path));
    o.partials.delete(tempRel);
    const st = await fs.lstat(lfs.abs(a.path));
    const entry = { ...next.get(a.id)!, localSize: st.size, localMtimeMs: st.mtimeMs };
    manifest.set(a.id, entry);
    next.set(a.id, entry); // one object per item, not two
    out.downloaded++;
    out.bytes += res.bytes;
    if (res.verifiedBy === 'size') out.notes.push(`Checked by size only (OneDrive had no hash for it yet): ${a.path}`);
    progress.bytesDone += Math.max(0, a.item.size - counted);
    if (out.downloaded <= MAX_DOWNLOAD_ACTIVITY) activity('downloaded', a.path, `Downloaded "${a.path}"`);
  };

  const doTrash = async (a: Extract<Action, { type: 'trash' }>): Promise<void> => {
    const st = await lfs.lstat(a.path);
    if (!st) {
      dropSubtree(a.id);
      return;
    }
    await lfs.ensureSafeDir(parentOf(a.path));
    if (a.kind === 'file') {
      // Trash only what is still exactly what planning saw (or, failing that, what we wrote).
      const cur = manifest.get(a.id);
      const expect =
        a.expect ?? (cur && cur.localSize !== null && cur.localMtimeMs !== null ? { kind: 'file' as const, size: cur.localSize, mtimeMs: cur.localMtimeMs } : null);
      if (st.isSymbolicLink() || !sameStat(st, expect)) {
        manifest.delete(a.id);
        activity('conflict', a.path, `"${a.path}" was deleted online but changed here; it was left in place`);
        out.notes.push(`Left in place (changed here, deleted online): ${a.path}`);
        return;
      }
      await lfs.ensureInside(parentOf(a.path));
      await o.trash.trash(lfs.abs(a.path));
      manifest.delete(a.id);
      out.trashed++;
      activity('trashed', a.path, `Moved "${a.path}" to the trash (deleted online)`);
      return;
    }
    await lfs.ensureInside(parentOf(a.path));
    if (st.isDirectory() && (await isEmptyDir(lfs.abs(a.path)))) {
      await fs.rmdir(lfs.abs(a.path));
      out.trashed++;
    } else if (a.keepAs) {
      await setAsideReport(a.path, a.keepAs);
    } else {
      out.notes.push(`Kept folder "${a.path}" (deleted online): it holds files that are not synced`);
    }
    dropSubtree(a.id);
  };

  // --- the run ----------------------------------------------------------------------------------------------
  const inFlight = new Set<Promise<void>>();
  const fail = (path: string, e: unknown): void => {
    if (signal.aborted) return;
    if (e instanceof SkipError) {
      out.skipped.push({ path, reason: e.message });
      activity('refused', path, e.message);
      return;
    }
    if (isAppError(e) && FATAL.has(e.code)) {
      out.fatal ??= e;
      return;
    }
    const message = e instanceof Error ? e.message : String(e);
    out.failures.push({ path, message });
    o.logger.warn('sync action failed', { path, error: message });
    activity('error', path, message);
  };
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
      const task = doDownload(a)
        .catch((e) => fail(a.path, e))
        .finally(() => {
          release();
          progress.filesDone++;
          emitProgress();
          o.checkpoint();
          inFlight.delete(task);
        });
      inFlight.add(task);
      continue;
    }
    if (a.type === 'trash') await drain();
    if (signal.aborted || out.fatal) break;
    try {
      switch (a.type) {
        case 'mkdir':
          await doMkdir(a);
          break;
        case 'move':
          await doMove(a);
          break;
        case 'keep-as-conflict':
          await doConflict(a);
          break;
        case 'trash':
          await doTrash(a);
          break;
        case 'forget':
          manifest.delete(a.id);
          out.notes.push(`Left in place: ${a.path} (${a.reason})`);
          activity('conflict', a.path, `"${a.path}": ${a.reason}`);
          break;
      }
    } catch (e) {
      fail('path' in a ? a.path : a.from, e);
    }
    o.checkpoint();
  }
  await drain();

  if (signal.aborted) out.cancelled = true;
  if (out.downloaded > MAX_DOWNLOAD_ACTIVITY) {
    activity('downloaded', null, `Downloaded ${out.downloaded - MAX_DOWNLOAD_ACTIVITY} more files`);
  }
  await runStepsYielding(settleWithoutAction(manifest, next, ends));
  progress.currentFile = null;
  emitProgress(true);
  return out;
}
