/**
 * One sync run of one config: state -> root check -> enumerate -> stat/hash -> plan -> big-delete guard -> apply
 * -> state. The deltaLink is committed only when the whole change set was applied; the manifest is checkpointed in
 * batches meanwhile, so a killed run loses at most a few seconds of verified downloads.
 */
import { setMaxListeners } from 'node:events';
import { promises as fs } from 'node:fs';
import { emptyProgress, type DriveType, type Progress } from '../../../shared/model';
import { AppError, isAppError } from '../errors';
import type { DriveClient } from '../graph/drive-client';
import type { ThrottleGate } from '../graph/throttle-gate';
import type { Logger, Trash } from '../ports';
import type { SyncConfigRecord } from '../store/schema';
import { applyPlan, type ActivityEvent } from './apply/apply';
import { bigDeleteMessage, bigDeleteVerdict } from './plan/big-delete-rule';
import { confirmationCovers, type ConfirmedDeletes } from './plan/delete-review';
import { createLocalFs, recoverInterruptedMoves, type LocalFs } from './apply/apply-fs';
import { appendMove, clearJournal, journalPath, markRenamesDone, replayJournal } from './apply/apply-journal';
import { enumerate } from './enumerate/enumerate';
import { freeBytes as statfsFreeBytes, hashLocal, isCaseInsensitive, lstatOrNull, statLocal } from './enumerate/local-stat';
import { createCheckpointer, openState, urlSpoolPath, type SyncState } from './state/manifest-store';
import { openUrlSpool, type UrlSpool } from './download/url-spool';
import { ensurePrivateDir } from '../data-dir';
import { BIG_RUN_ITEMS, holdHeapNearLiveSize } from '../heap-settings';
import { childPath, parentOf, partialName } from './paths';
import { compileExclusions, exclusionsKey, interruptedMovesSteps, planSyncCooperative, runStepsYielding } from './plan/plan';
import type { Plan } from './plan/plan-types';
import type { Semaphore } from './semaphore';
import type { ChangeSet, RunSummary } from './types';

export { readPendingDeletes, keepPendingFiles } from './state/engine-pending';
export { removeSyncState } from './state/manifest-store';

export interface RunSyncOptions {
  config: SyncConfigRecord;
  driveType: DriveType;
  /** The profile's own drive id (a business drive other than it is a shared folder: walked, see enumeration-kind). */
  ownDriveId?: string | null;
  client: DriveClient;
  stateDir: string;
  trash: Trash;
  logger: Logger;
  signal: AbortSignal;
  /** Per account (default size 4), shared by all syncs of that account. */
  downloadSlots: Semaphore;
  /** The big-delete setting: more than this many files to trash stops the run (see big-delete-rule.ts). */
  bigDelete: { files: number };
  /** The deletions the user confirmed after a stopped run (db.json), or null. */
  confirmedDeletes: ConfirmedDeletes | null;
  platform?: NodeJS.Platform;
  caseInsensitive?: boolean;
  onProgress?: (p: Progress) => void;
  onActivity?: (e: ActivityEvent) => void;
  now?: () => number;
  /** The account's throttle gate, so download-host throttling pauses the whole account. */
  gate?: ThrottleGate;
  /** The global download limit shared by all runs (rate-limit.ts); absent: unlimited. */
  pace?: (bytes: number, signal?: AbortSignal) => Promise<void>;
  /** Tests: fake free space. */
  freeBytes?: (absDir: string) => Promise<number>;
  /** Checkpoint batching (defaults: 500 actions or 5 s; see checkpointer.ts). */
  checkpoint?: { everyFiles?: number; everyMs?: number; spaceSlowSaves?: boolean };
}

export async function runSync(o: RunSyncOptions): Promise<RunSummary> {
  const started = (o.now ?? Date.now)();
  const requestsBefore = o.client.requests;
  await ensurePrivateDir(o.stateDir);
  // The spool only saves memory: without it (say, no file handle to spare) URLs stay on the items.
  const urls = await openUrlSpool(urlSpoolPath(o.stateDir, o.config.id)).catch(() => undefined);
  const heap: { release: (() => void) | null } = { release: null };
  const run: RunScope = { urls, big: () => void (heap.release ??= holdHeapNearLiveSize()) };
  try {
    return await runOnce(o, run);
  } catch (e) {
    // Cancelled while listing or planning: nothing was changed on disk.
    if (o.signal.aborted && (!isAppError(e) || e.code === 'cancelled')) {
      return { ...emptySummary(o.client.requests - requestsBefore, (o.now ?? Date.now)() - started), result: 'cancelled' };
    }
    throw e;
  } finally {
    await urls?.close();
    heap.release?.();
  }
}

/** What a run holds beyond its options: the URL spool, and the heap cap once the run turns out big. */
export interface RunScope {
  urls: UrlSpool | undefined;
  big: () => void;
}

async function runOnce(o: RunSyncOptions, run: RunScope): Promise<RunSummary> {
  const now = o.now ?? Date.now;
  const started = now();
  const { config, signal } = o;
  // Every parallel download, request and gate wait listens to the run's signal for a moment; more than Node's
  // default warning threshold of 10 at once is expected, not a leak (each one removes its listener).
  setMaxListeners(64, signal);
  const log = o.logger.child({ syncId: config.id });
  const requestsBefore = o.client.requests;
  const listing = (): void => o.onProgress?.(emptyProgress('listing'));

  const st = await openState(o.stateDir, config.id);
  const state = st.state;
  const lfs = createLocalFs(config.localPath);
  await checkRoot(lfs.root, state);
  // Renames a killed run made after its last checkpoint: fold them into the manifest before anything else.
  const journal = journalPath(o.stateDir, config.id);
  if (st.existed && (await replayJournal(journal, lfs, state.manifest)) > 0) await st.checkpoint();
  await clearJournal(journal);
  const platform = o.platform ?? process.platform;
  const ci = o.caseInsensitive ?? (await isCaseInsensitive(lfs.root).catch(() => platform === 'win32' || platform === 'darwin'));

  listing();
  // The change set, the remote tree and the lstat results stay inside listAndPlan: once it returns, only the plan
  // (and what its actions need) is alive, and each action lets go of its item when it is done.
  const listed = await listAndPlan(o, state, lfs, platform, ci, run);
  if (listed.plan === null) {
    // Nothing changed online (the common hourly case): no local scan at all, and a one-line journal append.
    await st.commit({ deltaLink: listed.deltaLink, pendingDeletes: null, listedWith: listed.listedWith });
    return emptySummary(o.client.requests - requestsBefore, now() - started);
  }
  const { plan, deltaLink, listedWith } = listed;

  // Big deletes wait for the user, unless they confirmed exactly these (or fewer of them).
  const deletes = plan.pendingDeletes;
  if (deletes.length > 0) {
    let tracked = 0;
    for (const e of state.manifest.values()) if (e.kind === 'file') tracked++;
    let gone = deletes.length;
    // Newly excluded files are not gone: they stay on disk, and nothing was deleted online.
    for (const a of plan.actions) if (a.type === 'forget' && !a.excluded) gone++;
    const verdict = bigDeleteVerdict({ trash: deletes.length, gone, tracked, maxFiles: o.bigDelete.files });
    if (verdict.stop && !confirmationCovers(deletes, state.pendingDeletes, o.confirmedDeletes)) {
      await st.commit({ pendingDeletes: deletes });
      throw new AppError('confirm_deletes', bigDeleteMessage(verdict.reason, config.id));
    }
  }

  const partials = await keepWantedPartials(plan, state.partials, lfs);
  const checkpointer = createCheckpointer(() => st.checkpoint({ pendingDeletes: null, partials: [...partials] }), {
    ...o.checkpoint,
    now,
  });
  for (const r of plan.refused)
    o.onActivity?.({ kind: 'refused', path: r.path, message: `Not synced: "${r.path}": ${r.reason}` });

  const outcome = await applyPlan({
    plan,
    lfs,
    manifest: state.manifest,
    driveId: config.driveId,
    client: o.client,
    ...(o.gate ? { gate: o.gate } : {}),
    trash: o.trash,
    logger: log,
    signal,
    downloadSlots: o.downloadSlots,
    partials,
    urls: run.urls,
    checkpoint: () => checkpointer.note(),
    flush: () => checkpointer.flush(),
    journal: (rec) => appendMove(journal, rec),
    journalRenamesDone: () => markRenamesDone(journal),
    freeBytes: o.freeBytes ?? statfsFreeBytes,
    now,
    ...(o.pace ? { pace: o.pace } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.onActivity ? { onActivity: o.onActivity } : {}),
  });

  const complete = !outcome.cancelled && !outcome.fatal && outcome.failures.length === 0;
  await checkpointer.flush();
  await st.commit({
    deltaLink: complete ? deltaLink : state.deltaLink,
    listedWith: complete ? listedWith : (state.listedWith ?? ''),
    pendingDeletes: null,
    partials: [...partials],
  });
  if (outcome.fatal) throw outcome.fatal;

  const summary: RunSummary = {
    result: outcome.cancelled ? 'cancelled' : complete ? 'success' : 'partial',
    downloaded: outcome.downloaded,
    renamed: outcome.renamed,
    trashed: outcome.trashed,
    conflicts: outcome.conflicts,
    skipped: [...plan.refused.map((r) => ({ path: r.path, reason: r.reason })), ...outcome.skipped],
    bytes: outcome.bytes,
    requests: o.client.requests - requestsBefore,
    durationMs: now() - started,
    notes: [...outcome.notes, ...outcome.failures.map((f) => `Failed: ${f.path}: ${f.message}`)],
  };
  log.info('sync run finished', { ...summary, skipped: summary.skipped.length, notes: summary.notes.length });
  return summary;
}

/**
 * A sync of someone else's item (a shared folder, a library, a link) whose source answers 403 or 404: access ended
 * or the source is gone. It fails before anything is planned, so nothing is trashed and the files stay.
 */
function sourceGone(config: SyncConfigRecord, e: unknown): AppError | undefined {
  if (config.source === null) return undefined;
  if (isAppError(e, 'access_denied')) return new AppError('source_gone', `${config.itemName} is no longer shared with you.`);
  if (isAppError(e, 'remote_missing')) return new AppError('source_gone', `${config.itemName} no longer exists.`);
  return undefined;
}

/** The plan (null: nothing changed online), and the deltaLink with the exclusions it was listed under. */
export type Listed = { plan: Plan | null; deltaLink: string | null; listedWith: string };

export type ListOptions = Pick<
  RunSyncOptions,
  'config' | 'driveType' | 'ownDriveId' | 'client' | 'signal' | 'onProgress' | 'now'
> & {
  /** A preview: nothing on disk is touched (items a killed run left under a temporary name are not renamed back). */
  dryRun?: boolean;
};

/** Enumerate, then (when anything changed) look at the affected local paths and plan. */
export async function listAndPlan(
  o: ListOptions,
  state: SyncState,
  lfs: LocalFs,
  platform: NodeJS.Platform,
  ci: boolean,
  run: RunScope,
): Promise<Listed> {
  const { config, signal } = o;
  const manifest = state.manifest;
  // Changed exclusions since the last listing: list everything again (without forgetting the manifest), so items
  // included now arrive even though an earlier delta already showed them; files on disk are adopted by hash.
  const listedWith = exclusionsKey(config.exclusions);
  const relist = (state.listedWith ?? '') !== listedWith;
  const changes: ChangeSet = await enumerate({
    client: o.client,
    driveId: config.driveId,
    driveType: o.driveType,
    ownDriveId: o.ownDriveId,
    itemType: config.itemType,
    rootId: config.itemId,
    deltaLink: config.itemType === 'file' || relist ? null : state.deltaLink,
    knownIds: manifest,
    knownParent: (id) => {
      const e = manifest.get(id);
      return e === undefined ? undefined : e.parentId;
    },
    signal,
    urls: run.urls,
  }).catch((e: unknown) => {
    throw sourceGone(config, e) ?? e;
  });
  // Big change sets keep ~1 KB per item live while they allocate much more: keep the heap near its live size.
  if (manifest.size + changes.items.length >= BIG_RUN_ITEMS) run.big();
  if (changes.removedIds.includes(changes.rootId))
    throw sourceGone(config, new AppError('remote_missing')) ?? new AppError('remote_missing');
  if (!changes.full && changes.items.length === 0 && changes.removedIds.length === 0)
    return { plan: null, deltaLink: changes.deltaLink, listedWith };

  o.onProgress?.(emptyProgress('planning'));
  if (!o.dryRun) await recoverInterruptedMoves(lfs, await runStepsYielding(interruptedMovesSteps(manifest, changes)));
  // Every pass over all items shares the event loop (the planner's steps), the disk is looked at in between.
  const plan = await planSyncCooperative({
    manifest,
    changes,
    platform,
    caseInsensitive: ci,
    exclude: compileExclusions(config.exclusions, ci),
    statLocal: (paths) => statLocal(lfs.root, paths, signal),
    hashLocal: (paths) => hashLocal(lfs.root, paths, signal),
    now: o.now ?? Date.now,
  });
  return { plan, deltaLink: changes.deltaLink, listedWith };
}

/** Partial downloads nobody wants any more go; the ones this plan downloads again are kept for a resume. */
async function keepWantedPartials(plan: Plan, stored: string[], lfs: LocalFs): Promise<Set<string>> {
  const partials = new Set<string>();
  if (stored.length === 0) return partials;
  const wanted = new Set(
    plan.actions.flatMap((a) => (a.type === 'download' ? [childPath(parentOf(a.path), partialName(a.id))] : [])),
  );
  for (const p of stored) {
    if (wanted.has(p)) partials.add(p);
    // rm removes a link, never what it points to; a folder on the way that now leads outside the root is left alone.
    else if (
      await lfs.ensureInside(parentOf(p)).then(
        () => true,
        () => false,
      )
    )
      await fs.rm(lfs.abs(p), { force: true }).catch(() => {});
  }
  return partials;
}

/** A successful run that changed nothing (also what test fakes start from: testing/ok-summary.ts). */
export function emptySummary(requests: number, durationMs: number): RunSummary {
  return {
    result: 'success',
    downloaded: 0,
    renamed: 0,
    trashed: 0,
    conflicts: 0,
    skipped: [],
    bytes: 0,
    requests,
    durationMs,
    notes: [],
  };
}

export const LOCAL_EMPTY_MESSAGE =
  'The local folder is empty, but this sync tracks files in it (is the disk unplugged?). Nothing was changed.';

/**
 * A root that was synced before and is now gone (or empty while we track files in it: an unmounted mount point)
 * is local_missing, never "everything was deleted". The first sync creates it.
 */
async function checkRoot(root: string, state: SyncState): Promise<void> {
  const synced = [...state.manifest.values()].some((e) => e.path !== '');
  const st = await lstatOrNull(root);
  if (!st) {
    if (synced) throw new AppError('local_missing');
    await fs.mkdir(root, { recursive: true });
    return;
  }
  // The root itself may be a symlink the user chose; what it points to must be a folder.
  const target = st.isSymbolicLink() ? await fs.stat(root).catch(() => null) : st;
  if (!target?.isDirectory()) throw new AppError('local_missing', `The local path ${root} is not a folder.`);
  if (synced && (await fs.readdir(root)).length === 0) throw new AppError('local_missing', LOCAL_EMPTY_MESSAGE);
}
