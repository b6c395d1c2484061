/**
 * Sync config commands: add (validated; the first run starts at once), update, pause, resume, remove,
 * sync now, the big-delete review, and the global pause.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../errors';
import type { ServiceContext } from './service-context';
import type { SyncConfigRecord } from '../store/schema';
import { resolveSource } from './service-sources';
import type { DriveItem } from '../graph/types';
import { addSyncConfig, getSync, removeSyncConfig, setDeleteReview, setPause } from '../store/repos';
import { deleteSetFingerprint } from '../sync/plan/delete-review';
import { approveLocalRoot, type FolderConsent } from './service-local-root';
import { applyStatus, type StatusEvent } from '../status/sync-status';
import { exclusionsSchema, type Exclusions } from '../../../shared/model';
import { normalizeExclusions } from '../sync/plan/exclusions';

export interface AddSyncInput {
  profileId: string;
  driveId?: string;
  itemId?: string;
  remotePath?: string;
  localPath: string;
  intervalMinutes?: number;
  /** What the sync leaves out (none when absent). */
  exclusions?: Exclusions;
}

/** The exclusions as stored, or bad_input with the reason. */
function checkedExclusions(ex: Exclusions): Exclusions {
  const parsed = exclusionsSchema.safeParse(ex);
  if (!parsed.success) throw new AppError('bad_input', `Exclusions: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  try {
    return normalizeExclusions(parsed.data);
  } catch (e) {
    throw new AppError('bad_input', (e as Error).message);
  }
}

const caseInsensitiveFs = process.platform === 'win32' || process.platform === 'darwin';

function samePathKey(p: string): string {
  const resolved = path.resolve(p);
  return caseInsensitiveFs ? resolved.toLowerCase() : resolved;
}

/** True when `inner` is `outer` or lies inside it. */
export function isInside(inner: string, outer: string): boolean {
  const rel = path.relative(samePathKey(outer), samePathKey(inner));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export class SyncCommands {
  constructor(private readonly ctx: ServiceContext) {}

  async add(input: AddSyncInput, consent: FolderConsent): Promise<SyncConfigRecord> {
    const profile = this.ctx.profile(input.profileId);
    const client = this.ctx.clientFor(profile.id);
    const driveId = input.driveId ?? profile.drive?.id;
    if (!driveId) throw new AppError('reconnect_required', 'Connect this profile first.');
    let item: DriveItem;
    try {
      item = input.itemId
        ? await client.getItem(driveId, input.itemId)
        : await client.getItemByPath(driveId, input.remotePath ?? '/');
    } catch (e) {
      if (e instanceof AppError && (e.code === 'remote_missing' || e.code === 'not_found')) {
        throw new AppError('bad_input', `OneDrive has no item ${input.itemId ?? input.remotePath}.`);
      }
      throw e;
    }
    // A shortcut to a shared item, a library, a linked item: the drive and item the engine mirrors, named readably.
    const resolved = await resolveSource(client, item, driveId, profile.drive);
    item = resolved.item;
    if (item.package) throw new AppError('bad_input', `${item.name} is a OneNote notebook, which cannot be mirrored as files.`);
    if (!item.file && !item.folder && !item.root) throw new AppError('bad_input', `${item.name} is neither a folder nor a file.`);
    const exclusions = input.exclusions ? checkedExclusions(input.exclusions) : undefined;
    const localPath = await this.checkLocalPath(input.localPath, null, consent);
    const now = new Date(this.ctx.deps.clock.now()).toISOString();
    const own = resolved.source === null;
    const record = this.ctx.deps.store.update((db) =>
      addSyncConfig(db, {
        profileId: profile.id,
        itemType: item.file ? 'file' : 'folder',
        itemId: item.id,
        driveId: resolved.driveId,
        driveType: resolved.driveType,
        source: resolved.source,
        itemName: item.root ? (own ? 'OneDrive' : (resolved.source ?? 'Documents')) : (item.name ?? item.id),
        itemPath: resolved.itemPath,
        localPath,
        ...(input.intervalMinutes ? { intervalMinutes: input.intervalMinutes } : {}),
        ...(exclusions ? { exclusions } : {}),
        now,
      }),
    );
    this.ctx.deps.activity.append({
      kind: 'info',
      syncId: record.id,
      message: `Added sync of ${record.source ?? record.itemPath} into ${record.localPath}`,
      path: null,
    });
    this.ctx.scheduler.runNow(record.id);
    return record;
  }

  async update(
    id: string,
    patch: { intervalMinutes?: number; localPath?: string; exclusions?: Exclusions },
    consent: FolderConsent,
  ): Promise<SyncConfigRecord> {
    const config = this.ctx.sync(id);
    // Changed exclusions take effect on the next run (the engine lists everything again once, see engine.ts).
    const exclusions = patch.exclusions ? checkedExclusions(patch.exclusions) : undefined;
    // The folder it already mirrors into was approved when it was chosen.
    const same = patch.localPath !== undefined && samePathKey(patch.localPath) === samePathKey(config.localPath);
    const localPath = patch.localPath ? await this.checkLocalPath(patch.localPath, config.id, same ? null : consent) : undefined;
    const moved = localPath !== undefined && samePathKey(localPath) !== samePathKey(config.localPath);
    if (moved) {
      // A new folder is a new mirror: a full listing adopts files already there (same hash) without downloading.
      await this.ctx.deps.engine.removeState(config.id);
    }
    this.ctx.deps.store.update((db) => {
      const c = db.syncConfigs.find((x) => x.id === config.id);
      if (!c) return;
      if (patch.intervalMinutes) c.intervalMinutes = patch.intervalMinutes;
      if (localPath) c.localPath = localPath;
      if (exclusions) c.exclusions = exclusions;
      // The reviewed list lived in the state that was just removed: nothing is left to confirm or keep.
      if (moved) c.deleteReview = null;
      if (moved) applyStatus(c, { kind: 'folder_moved' });
    });
    if (moved) this.ctx.scheduler.runNow(config.id);
    return this.ctx.sync(config.id);
  }

  pause(id: string): SyncConfigRecord {
    const config = this.ctx.sync(id);
    this.setStatus(config.id, { kind: 'paused' });
    void this.ctx.scheduler.cancel(config.id);
    return this.ctx.sync(config.id);
  }

  resume(id: string): SyncConfigRecord {
    const config = this.ctx.sync(id);
    if (!config.profileId) {
      throw new AppError('bad_input', 'This sync has no account. Remove it and add it again with a profile.');
    }
    this.ctx.clientFor(config.profileId); // throws reconnect_required when the account needs it
    this.setStatus(config.id, { kind: 'resumed' });
    this.ctx.scheduler.runNow(config.id);
    return this.ctx.sync(config.id);
  }

  /** "Sync now": also the Retry action of an error that needs no other fix. */
  now(id: string): void {
    const config = this.ctx.sync(id);
    if (config.status === 'inactive') throw new AppError('bad_input', 'This sync is paused. Resume it first.');
    if (config.status === 'error') {
      if (config.errorCode === 'reconnect_required' && config.profileId) this.ctx.clientFor(config.profileId);
      if (config.errorCode === 'confirm_deletes') {
        throw new AppError('confirm_deletes', 'Review the deletions of this sync first.');
      }
      this.setStatus(config.id, { kind: 'retry' });
    }
    this.ctx.scheduler.runNow(config.id);
  }

  async remove(id: string, deleteLocalFiles: boolean): Promise<void> {
    const config = this.ctx.sync(id);
    // A run that is still writing its last checkpoint would bring the state back after removeState.
    await this.ctx.scheduler.cancel(config.id);
    const tops = deleteLocalFiles ? await this.ctx.deps.engine.topLevelPaths(config.id) : [];
    this.ctx.deps.store.update((db) => void removeSyncConfig(db, config.id));
    for (const rel of tops) {
      const target = path.join(config.localPath, rel);
      if (!isInside(target, config.localPath) || target === path.resolve(config.localPath)) continue;
      await this.ctx.deps.trash.trash(target).catch((e: unknown) => {
        this.ctx.deps.logger.warn('could not trash a mirrored file', { error: String(e) });
      });
    }
    await this.ctx.deps.engine.removeState(config.id);
    this.ctx.deps.activity.append({
      kind: 'info',
      syncId: config.id,
      message: `Removed sync of ${config.itemPath}${deleteLocalFiles ? ' and moved its files to the trash' : '; local files kept'}`,
      path: null,
    });
  }

  /** What a reset would download again: the files and bytes the sync's state tracks (as last listed). */
  async resetSize(id: string): Promise<{ files: number; bytes: number }> {
    return this.ctx.deps.engine.stateSize(this.ctx.sync(id).id);
  }

  /**
   * "Download everything again": the way out of a folder the user emptied or deleted on purpose. The sync's state
   * (manifest, deltaLink, pending deletions) is forgotten, so the next run is a fresh initial sync: it creates the
   * folder, adopts files that are still there with the same content and downloads the rest. Nothing local is
   * deleted. The caller holds the data dir (the app, or a CLI command with the lock). Resolves to what was tracked.
   */
  async reset(id: string): Promise<{ files: number; bytes: number }> {
    const config = this.ctx.sync(id);
    // A run still writing its last checkpoint would bring the state back after removeState.
    await this.ctx.scheduler.cancel(config.id);
    const size = await this.ctx.deps.engine.stateSize(config.id);
    await this.ctx.deps.engine.removeState(config.id);
    this.ctx.deps.store.update((db) => {
      const c = getSync(db, config.id);
      c.deleteReview = null; // the reviewed list lived in the state that was just removed
      applyStatus(c, { kind: 'state_reset' });
    });
    this.ctx.deps.activity.append({
      kind: 'info',
      syncId: config.id,
      message: `Reset ${config.itemPath}: the next run downloads everything again (${size.files} file${size.files === 1 ? '' : 's'} last time)`,
      path: null,
    });
    if (this.ctx.sync(config.id).status === 'active') this.ctx.scheduler.runNow(config.id);
    return size;
  }

  async pendingDeletes(id: string) {
    return this.ctx.deps.engine.pendingDeletes(this.ctx.sync(id).id);
  }

  /**
   * "Trash them": stored with the config (db.json), so the next run trashes them even in another process or after
   * a restart; tied to the list the stopped run keeps (count and fingerprint), so a run that would trash more or
   * other files asks again. Resolves to the number of files confirmed.
   */
  async confirmDeletes(id: string): Promise<number> {
    const config = this.ctx.sync(id);
    const pending = await this.ctx.deps.engine.pendingDeletes(config.id);
    if (pending.length === 0) throw nothingWaiting('confirm', config.itemPath);
    const review = {
      files: pending.length,
      fingerprint: deleteSetFingerprint(pending),
      confirmedAt: new Date(this.ctx.deps.clock.now()).toISOString(),
    };
    this.ctx.deps.store.update((db) => {
      setDeleteReview(db, config.id, review);
      applyStatus(getSync(db, config.id), { kind: 'deletes_confirmed' });
    });
    this.ctx.deps.activity.append({
      kind: 'info',
      syncId: config.id,
      message: `Confirmed: the next run of ${config.itemPath} moves ${pending.length} file${pending.length === 1 ? '' : 's'} to the trash`,
      path: null,
    });
    this.ctx.scheduler.runNow(config.id);
    return pending.length;
  }

  /**
   * "Keep the files": done at once in the state file (they are no longer tracked, so no later run trashes them
   * or asks), then the stored review goes. Resolves to the number of files kept.
   */
  async keepFiles(id: string): Promise<number> {
    const config = this.ctx.sync(id);
    if ((await this.ctx.deps.engine.pendingDeletes(config.id)).length === 0) throw nothingWaiting('keep', config.itemPath);
    const kept = await this.ctx.deps.engine.keepPendingFiles(config.id);
    this.ctx.deps.store.update((db) => {
      setDeleteReview(db, config.id, null);
      applyStatus(getSync(db, config.id), { kind: 'deletes_kept' });
    });
    this.ctx.deps.activity.append({
      kind: 'info',
      syncId: config.id,
      message: `Kept ${kept} file${kept === 1 ? '' : 's'} of ${config.itemPath} that OneDrive deleted; they are no longer mirrored`,
      path: null,
    });
    this.ctx.scheduler.runNow(config.id);
    return kept;
  }

  pauseAll(minutes: number | null): void {
    const until = minutes === null ? 'forever' : this.ctx.deps.clock.now() + minutes * 60_000;
    this.ctx.deps.store.update((db) => setPause(db, until === 'forever' ? 'forever' : new Date(until).toISOString()));
    this.ctx.scheduler.pauseAll(until);
  }

  resumeAll(): void {
    this.ctx.deps.store.update((db) => setPause(db, null));
    this.ctx.scheduler.resumeAll();
  }

  private setStatus(id: string, event: StatusEvent) {
    this.ctx.deps.store.update((db) => {
      const c = db.syncConfigs.find((x) => x.id === id);
      if (c) applyStatus(c, event);
    });
  }

  /**
   * The local folder exists or can be created, overlaps neither another mirror nor our data, and was approved
   * (service-local-root.ts) unless `consent` is null (a folder the config already uses).
   */
  private async checkLocalPath(raw: string, selfId: string | null, consent: FolderConsent | null): Promise<string> {
    if (!path.isAbsolute(raw)) throw new AppError('bad_input', `The local folder must be an absolute path: ${raw}`);
    const localPath = path.resolve(raw);
    if (localPath === path.parse(localPath).root) throw new AppError('bad_input', 'Choose a folder, not a whole disk.');
    const dataDir = this.ctx.deps.dataDir;
    if (isInside(localPath, dataDir) || isInside(dataDir, localPath)) {
      throw new AppError('bad_input', `The local folder cannot contain or be inside the app's data folder (${dataDir}).`);
    }
    for (const other of this.ctx.db.syncConfigs) {
      if (other.id === selfId) continue;
      if (isInside(localPath, other.localPath) || isInside(other.localPath, localPath)) {
        throw new AppError('bad_input', `The local folder overlaps the mirror of ${other.itemPath} in ${other.localPath}.`);
      }
    }
    const existing = await stat(localPath).catch(() => null);
    if (existing && !existing.isDirectory()) throw new AppError('bad_input', `${localPath} is a file, not a folder.`);
    if (consent) await approveLocalRoot(this.ctx, localPath, consent);
    if (!existing) {
      await mkdir(localPath, { recursive: true }).catch((e: NodeJS.ErrnoException) => {
        throw new AppError('bad_input', `Cannot create ${localPath}: ${e.code ?? e.message}`);
      });
    }
    return localPath;
  }
}

/** A decision with nothing to decide on would be stored and reported as done: say so instead. */
function nothingWaiting(what: 'confirm' | 'keep', itemPath: string): AppError {
  return new AppError('bad_input', `Nothing to ${what}: no run of ${itemPath} is waiting for a decision on deletions.`);
}
