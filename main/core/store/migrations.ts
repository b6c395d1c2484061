/**
 * db.json migrations, one step per schema version (n -> n + 1), pure over plain data.
 *
 * Version 1 is the original design: sync configs name their owner `userId` and their destination
 * `targetBucket`, profiles may be missing altogether, and the file may carry no `version` at all.
 * A v1 config whose owner is not a known profile cannot run: it becomes `inactive` with a message that
 * asks the user to re-enable it (which assigns a profile).
 */
import { z } from 'zod';
import { BIG_DELETE_FILES_MAX, noExclusions } from '../../../shared/model';
import { statusFromV1Config } from '../status/sync-status';
import { defaultCloud, defaultSettings, SCHEMA_VERSION } from './schema';

export { REASSIGN_MESSAGE } from '../status/sync-status';

type Raw = Record<string, unknown>;
type Step = (raw: Raw, ctx: { now: string }) => Raw;

/** A file that no migration can read; the caller sets it aside as corrupt. */
export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** A file written by a newer app: never touched (a downgrade must not destroy the user's data). */
export class NewerVersionError extends Error {
  override name = 'NewerVersionError';
  constructor(readonly version: number) {
    super(`db.json has schema version ${version}; this app understands up to ${SCHEMA_VERSION}.`);
  }
}

const v1ProfileSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string().optional(),
  displayName: z.string().optional(),
  username: z.string().optional(),
  email: z.string().optional(),
  homeAccountId: z.string().optional(),
  tenantId: z.string().optional(),
  createdAt: z.string().optional(),
});

const v1ConfigSchema = z.looseObject({
  id: z.string().min(1),
  userId: z.string().nullish(),
  itemType: z.enum(['file', 'folder']).optional(),
  itemId: z.string(),
  driveId: z.string(),
  itemName: z.string().optional(),
  itemPath: z.string().optional(),
  targetBucket: z.string(),
  status: z.string().optional(),
  intervalMinutes: z.number().optional(),
  lastSyncAt: z.string().nullish(),
  lastSyncStatus: z.string().nullish(),
  errorMessage: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  createdAt: z.string().optional(),
});

const v1Schema = z.looseObject({
  version: z.literal(1).optional(),
  profiles: z.array(v1ProfileSchema).optional(),
  /** Some v1 files call the owners `users`. */
  users: z.array(v1ProfileSchema).optional(),
  syncConfigs: z.array(v1ConfigSchema).default([]),
  settings: z.record(z.string(), z.unknown()).optional(),
  clientId: z.string().optional(),
  pausedUntil: z.string().nullish(),
});

function v1ToV2(raw: Raw, { now }: { now: string }): Raw {
  const parsed = v1Schema.safeParse(raw);
  if (!parsed.success) throw new MigrationError(`not a readable version 1 file: ${summarize(parsed.error)}`);
  const v1 = parsed.data;
  const profiles = (v1.profiles ?? v1.users ?? []).map((p, i) => ({
    id: p.id,
    name: p.name ?? p.displayName ?? p.username ?? p.email ?? `Profile ${i + 1}`,
    // The original design's tokens are not in our encrypted cache: the user signs in once more.
    authState: 'signed_out' as const,
    account:
      p.homeAccountId && (p.username ?? p.email)
        ? { homeAccountId: p.homeAccountId, username: (p.username ?? p.email)!, tenantId: p.tenantId ?? '' }
        : null,
    drive: null,
    createdAt: p.createdAt ?? now,
  }));
  const profileIds = new Set(profiles.map((p) => p.id));
  const syncConfigs = v1.syncConfigs.map((c) => {
    const owned = c.userId != null && profileIds.has(c.userId);
    const itemName = c.itemName ?? c.itemPath?.split('/').filter(Boolean).pop() ?? c.itemId;
    return {
      id: c.id,
      profileId: owned ? c.userId! : null,
      itemType: c.itemType ?? 'folder',
      itemId: c.itemId,
      driveId: c.driveId,
      itemName,
      itemPath: c.itemPath ?? `/${itemName}`,
      localPath: c.targetBucket,
      intervalMinutes: Math.max(1, Math.round(c.intervalMinutes ?? defaultSettings.defaultIntervalMinutes)),
      ...statusFromV1Config(c, owned),
      metadata: c.metadata ?? {},
      createdAt: c.createdAt ?? now,
    };
  });
  return {
    version: 2,
    profiles,
    syncConfigs,
    settings: { ...defaultSettings, ...pickKnownSettings(v1.settings ?? {}) },
    cloud: { ...defaultCloud, clientId: v1.clientId ?? '' },
    pausedUntil: v1.pausedUntil ?? null,
    allowPlaintextSecrets: false,
  };
}

/** Keeps v1 settings that mean the same thing now, when their type is right; the rest gets defaults. */
function pickKnownSettings(s: Record<string, unknown>): Partial<typeof defaultSettings> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(defaultSettings)) {
    if (typeof s[key] === typeof value) out[key] = s[key];
  }
  return out as Partial<typeof defaultSettings>;
}

/**
 * v2 -> v3: the big-delete rule is fixed apart from its file count, so `settings.bigDeletePercent` goes; each
 * config gets `deleteReview` (the deletions a stopped run asked about and the user's decision), none yet.
 */
function v2ToV3(raw: Raw): Raw {
  const settings = raw.settings;
  const configs = raw.syncConfigs;
  if (typeof settings !== 'object' || settings === null || !Array.isArray(configs)) {
    throw new MigrationError('not a readable version 2 file: settings or syncConfigs missing');
  }
  const { bigDeletePercent: _dropped, ...kept } = settings as Raw;
  // v2 had no upper bound on the file count; v3 has one (the setting's range in the app and the CLI).
  if (typeof kept.bigDeleteFiles === 'number' && kept.bigDeleteFiles > BIG_DELETE_FILES_MAX) {
    kept.bigDeleteFiles = BIG_DELETE_FILES_MAX;
  }
  return {
    ...raw,
    version: 3,
    settings: kept,
    syncConfigs: configs.map((c: unknown) => (typeof c === 'object' && c !== null ? { ...(c as Raw), deleteReview: null } : c)),
  };
}

/**
 * v3 -> v4: a sync config names its drive's type (`driveType`) and a readable `source` ("Contoso > Marketing >
 * Documents", "Shared by Olga: Trip"), so syncs of shared folders and SharePoint libraries can exist. Until now every
 * config was of its profile's own drive: it takes that drive's type (personal when the profile never fetched it),
 * and no source label (the UI shows the path in My files).
 */
function v3ToV4(raw: Raw): Raw {
  const configs = raw.syncConfigs;
  const profiles = Array.isArray(raw.profiles) ? (raw.profiles as Raw[]) : [];
  if (!Array.isArray(configs)) throw new MigrationError('not a readable version 3 file: syncConfigs missing');
  const driveTypeOf = (profileId: unknown): string => {
    const drive = profiles.find((p) => p.id === profileId)?.drive as Raw | null | undefined;
    const t = drive?.driveType;
    return t === 'business' || t === 'documentLibrary' ? t : 'personal';
  };
  return {
    ...raw,
    version: 4,
    syncConfigs: configs.map((c: unknown) =>
      typeof c === 'object' && c !== null ? { ...(c as Raw), driveType: driveTypeOf((c as Raw).profileId), source: null } : c,
    ),
  };
}

/**
 * v4 -> v5: each config gets `exclusions` (what the sync leaves out), none yet: it keeps mirroring everything; the
 * settings get `downloadLimit`, 0 (unlimited).
 */
function v4ToV5(raw: Raw): Raw {
  const configs = raw.syncConfigs;
  const settings = raw.settings;
  if (!Array.isArray(configs) || typeof settings !== 'object' || settings === null) {
    throw new MigrationError('not a readable version 4 file: settings or syncConfigs missing');
  }
  return {
    ...raw,
    version: 5,
    settings: { ...(settings as Raw), downloadLimit: 0 },
    syncConfigs: configs.map((c: unknown) =>
      typeof c === 'object' && c !== null ? { ...(c as Raw), exclusions: noExclusions() } : c,
    ),
  };
}

/** Step n migrates version n to n + 1. */
export const migrationSteps: Record<number, Step> = { 1: v1ToV2, 2: v2ToV3, 3: v3ToV4, 4: v4ToV5 };

/** A file without `version` comes from the original design (version 1). */
export function versionOf(raw: Raw): number {
  const v = raw.version;
  if (v === undefined) return 1;
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new MigrationError(`bad version field: ${String(v)}`);
  return v;
}

/**
 * Brings a parsed db.json up to SCHEMA_VERSION. Returns the data (still to be validated by dbSchema) and the
 * version it started from. Throws MigrationError for unreadable shapes, NewerVersionError for the future.
 */
export function migrate(raw: unknown, now: string): { data: Raw; from: number } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new MigrationError('not a JSON object');
  const from = versionOf(raw as Raw);
  if (from > SCHEMA_VERSION) throw new NewerVersionError(from);
  let data = raw as Raw;
  for (let v = from; v < SCHEMA_VERSION; v++) {
    const step = migrationSteps[v];
    if (!step) throw new MigrationError(`no migration from version ${v}`);
    data = step(data, { now });
  }
  return { data: withNewSettings(data), from };
}

/** A setting added within a schema version (liveChanges) gets its default in a file written before it. */
function withNewSettings(data: Raw): Raw {
  const settings = data.settings;
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) return data;
  return { ...data, settings: { ...defaultSettings, ...(settings as Raw) } };
}

export function summarize(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}
