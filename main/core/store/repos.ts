/**
 * Small pure helpers over Db: find, add, change and remove profiles and sync configs, set the global pause.
 * They mutate the draft they are given; use them inside `store.update(db => ...)`, which validates the
 * result and discards everything if a helper throws.
 */
import { randomBytes } from 'node:crypto';
import { noExclusions } from '../../../shared/model';
import { AppError } from '../errors';
import { initialStatus, type StatusFields } from '../status/sync-status';
import type { Db, DeleteReview, ProfileRecord, SyncConfigRecord } from './schema';

/** A short random id (12 hex chars, 48 bits): easy to type in the CLI, unique enough per data dir. */
export function newId(): string {
  return randomBytes(6).toString('hex');
}

function freshId(taken: { id: string }[]): string {
  for (;;) {
    const id = newId();
    if (!taken.some((x) => x.id === id)) return id;
  }
}

// ---- profiles ----

/** By id, or by name (case-insensitive). */
export function findProfile(db: Db, idOrName: string): ProfileRecord | undefined {
  return db.profiles.find((p) => p.id === idOrName) ?? db.profiles.find((p) => p.name.toLowerCase() === idOrName.toLowerCase());
}

export function getProfile(db: Db, idOrName: string): ProfileRecord {
  const p = findProfile(db, idOrName);
  if (!p) throw new AppError('not_found', `No profile "${idOrName}".`);
  return p;
}

function checkProfileName(db: Db, name: string, exceptId: string | null): string {
  const trimmed = name.trim();
  if (!trimmed) throw new AppError('bad_input', 'A profile needs a name.');
  if (trimmed.length > 100) throw new AppError('bad_input', 'A profile name is at most 100 characters.');
  const clash = db.profiles.find((p) => p.id !== exceptId && p.name.toLowerCase() === trimmed.toLowerCase());
  if (clash) throw new AppError('bad_input', `A profile named "${clash.name}" already exists.`);
  return trimmed;
}

export function addProfile(db: Db, input: { name: string; now: string; id?: string }): ProfileRecord {
  const name = checkProfileName(db, input.name, null);
  if (input.id && db.profiles.some((p) => p.id === input.id)) throw new AppError('bad_input', `Profile id ${input.id} is taken.`);
  const profile: ProfileRecord = {
    id: input.id ?? freshId(db.profiles),
    name,
    authState: 'signed_out',
    account: null,
    drive: null,
    createdAt: input.now,
  };
  db.profiles.push(profile);
  return profile;
}

export function renameProfile(db: Db, id: string, name: string): ProfileRecord {
  const profile = getProfile(db, id);
  profile.name = checkProfileName(db, name, profile.id);
  return profile;
}

/** Changes a profile's stored fields (auth state, account, drive). */
export function updateProfile(
  db: Db,
  id: string,
  patch: Partial<Omit<ProfileRecord, 'id' | 'createdAt' | 'name'>>,
): ProfileRecord {
  const profile = getProfile(db, id);
  Object.assign(profile, patch);
  return profile;
}

/** Refuses while sync configs still use the profile: they would be left without credentials. */
export function removeProfile(db: Db, id: string): ProfileRecord {
  const profile = getProfile(db, id);
  const users = db.syncConfigs.filter((c) => c.profileId === profile.id);
  if (users.length > 0) {
    throw new AppError(
      'bad_input',
      `The profile "${profile.name}" is used by ${users.length} sync${users.length === 1 ? '' : 's'}. Remove ${users.length === 1 ? 'it' : 'them'} first.`,
    );
  }
  db.profiles.splice(db.profiles.indexOf(profile), 1);
  return profile;
}

// ---- sync configs ----

/** By exact id, or by a unique id prefix of at least 4 characters (typed in the CLI). */
export function findSync(db: Db, idOrPrefix: string): SyncConfigRecord | undefined {
  const exact = db.syncConfigs.find((c) => c.id === idOrPrefix);
  if (exact || idOrPrefix.length < 4) return exact;
  const matches = db.syncConfigs.filter((c) => c.id.startsWith(idOrPrefix));
  return matches.length === 1 ? matches[0] : undefined;
}

export function getSync(db: Db, idOrPrefix: string): SyncConfigRecord {
  const c = findSync(db, idOrPrefix);
  if (!c) throw new AppError('not_found', `No sync with id ${idOrPrefix}.`);
  return c;
}

export type NewSyncConfig = Pick<
  SyncConfigRecord,
  'profileId' | 'itemType' | 'itemId' | 'driveId' | 'itemName' | 'itemPath' | 'localPath'
> &
  Partial<Pick<SyncConfigRecord, 'intervalMinutes' | 'status' | 'metadata' | 'id' | 'driveType' | 'source' | 'exclusions'>> & {
    now: string;
  };

/** A config that is never stored (a preview of a sync not added yet): id `preview-draft` has no state file. */
export function syncConfigDraft(input: {
  profileId: string;
  driveId: string;
  itemId: string;
  itemType: 'file' | 'folder';
  itemName: string;
  localPath: string;
  exclusions?: SyncConfigRecord['exclusions'];
  driveType?: SyncConfigRecord['driveType'];
  now: string;
}): SyncConfigRecord {
  return {
    id: 'preview-draft',
    profileId: input.profileId,
    itemType: input.itemType,
    itemId: input.itemId,
    driveId: input.driveId,
    itemName: input.itemName,
    itemPath: `/${input.itemName}`,
    localPath: input.localPath,
    intervalMinutes: 60,
    ...initialStatus(undefined),
    metadata: {},
    createdAt: input.now,
    deleteReview: null,
    driveType: input.driveType ?? 'personal',
    source: null,
    exclusions: input.exclusions ?? noExclusions(),
  };
}

/** Adds an active config; interval defaults to the settings' default. Path checks are the service's job. */
export function addSyncConfig(db: Db, input: NewSyncConfig): SyncConfigRecord {
  if (input.profileId !== null && !db.profiles.some((p) => p.id === input.profileId)) {
    throw new AppError('not_found', `No profile with id ${input.profileId}.`);
  }
  if (input.id && db.syncConfigs.some((c) => c.id === input.id)) throw new AppError('bad_input', `Sync id ${input.id} is taken.`);
  const config: SyncConfigRecord = {
    id: input.id ?? freshId(db.syncConfigs),
    profileId: input.profileId,
    itemType: input.itemType,
    itemId: input.itemId,
    driveId: input.driveId,
    // Without a type, the config is of the profile's own drive (the only kind before v4).
    driveType: input.driveType ?? db.profiles.find((p) => p.id === input.profileId)?.drive?.driveType ?? 'personal',
    source: input.source ?? null,
    itemName: input.itemName,
    itemPath: input.itemPath,
    localPath: input.localPath,
    intervalMinutes: input.intervalMinutes ?? db.settings.defaultIntervalMinutes,
    ...initialStatus(input.status),
    metadata: input.metadata ?? {},
    createdAt: input.now,
    deleteReview: null,
    exclusions: input.exclusions ?? noExclusions(),
  };
  db.syncConfigs.push(config);
  return config;
}

/** Status fields are not patched here: their changes go through `applyStatus` (status/sync-status.ts). */
export type SyncConfigPatch = Partial<Omit<SyncConfigRecord, 'id' | 'createdAt' | keyof StatusFields>>;

export function updateSyncConfig(db: Db, id: string, patch: SyncConfigPatch): SyncConfigRecord {
  const config = getSync(db, id);
  if (patch.profileId != null && !db.profiles.some((p) => p.id === patch.profileId)) {
    throw new AppError('not_found', `No profile with id ${patch.profileId}.`);
  }
  Object.assign(config, patch);
  return config;
}

/** Records the deletions a run stopped on, the user's confirmation of them, or (null) that they are settled. */
export function setDeleteReview(db: Db, id: string, review: DeleteReview | null): SyncConfigRecord {
  const config = getSync(db, id);
  config.deleteReview = review;
  return config;
}

export function removeSyncConfig(db: Db, id: string): SyncConfigRecord {
  const config = getSync(db, id);
  db.syncConfigs.splice(db.syncConfigs.indexOf(config), 1);
  return config;
}

// ---- global pause ----

/** `until`: an ISO time, 'forever', or null to resume. */
export function setPause(db: Db, until: string | 'forever' | null): void {
  if (until !== null && until !== 'forever' && Number.isNaN(Date.parse(until))) {
    throw new AppError('bad_input', `Not a time: ${until}`);
  }
  db.pausedUntil = until;
}

/** Whether the global pause is in force at `nowMs` (an expired pause counts as not paused). */
export function isPaused(db: Db, nowMs: number): boolean {
  if (db.pausedUntil === null) return false;
  if (db.pausedUntil === 'forever') return true;
  return Date.parse(db.pausedUntil) > nowMs;
}
