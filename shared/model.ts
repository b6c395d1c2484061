/**
 * View models and values shared by the main process, the preload, the renderer and the CLI.
 * Imports only zod. Everything that crosses IPC is described here once, as a schema.
 */
import { z } from 'zod';

/** Error codes a user (or a script) can act on. See architecture.md "Errors the user sees". */
export const errorCodeSchema = z.enum([
  'reconnect_required',
  'offline',
  'throttled',
  'remote_missing',
  'local_missing',
  'disk_full',
  'access_denied',
  'confirm_deletes',
  'bad_input',
  'not_found',
  'not_configured',
  'cancelled',
  'timeout',
  'locked',
  'source_gone',
  'consent_required',
  /** A TLS certificate for a Microsoft host failed verification (an inspecting proxy, a wrong clock). */
  'untrusted_certificate',
  'internal',
]);
export type ErrorCode = z.infer<typeof errorCodeSchema>;

export const appErrorSchema = z.object({ code: errorCodeSchema, message: z.string() });
export type AppErrorValue = z.infer<typeof appErrorSchema>;

/** The one action the UI offers for an error (ONE button per error). */
export const errorActionSchema = z.enum(['reconnect', 'retry', 'review_deletions', 'locate_folder', 'source_gone', 'none']);
export type ErrorAction = z.infer<typeof errorActionSchema>;

export const authStateSchema = z.enum(['signed_out', 'connected', 'reconnect_required']);
export type AuthState = z.infer<typeof authStateSchema>;

export const driveTypeSchema = z.enum(['personal', 'business', 'documentLibrary']);
export type DriveType = z.infer<typeof driveTypeSchema>;

/**
 * One thing the add-sync browser (and `browse`) lists: a folder or file of any drive, a shared item (remoteItem:
 * the owner's drive and item), a site, or a site's document library. `itemId` null: the drive's root.
 */
export const sourceEntrySchema = z.object({
  kind: z.enum(['folder', 'file', 'shared', 'site', 'library']),
  name: z.string(),
  driveId: z.string().nullable(),
  driveType: driveTypeSchema.nullable(),
  itemId: z.string().nullable(),
  siteId: z.string().nullable(),
  /** Who shares it (shared items) or the site's name (libraries). */
  owner: z.string().nullable(),
  isFolder: z.boolean(),
  childCount: z.number().nullable(),
  size: z.number().nullable(),
});
export type SourceEntry = z.infer<typeof sourceEntrySchema>;

export const quotaSchema = z.object({
  total: z.number(),
  used: z.number(),
  remaining: z.number(),
  state: z.string().optional(),
});
export type Quota = z.infer<typeof quotaSchema>;

/** The Microsoft account a profile signed in with (MSAL's home account id, sign-in name, tenant). */
export const signedInAccountSchema = z.object({
  homeAccountId: z.string(),
  username: z.string(),
  tenantId: z.string(),
});
export type SignedInAccount = z.infer<typeof signedInAccountSchema>;

export const profileViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  authState: authStateSchema,
  account: signedInAccountSchema.nullable(),
  drive: z.object({ id: z.string(), driveType: driveTypeSchema, quota: quotaSchema.nullable() }).nullable(),
  /** True while an interactive sign-in for this profile is waiting for the browser. */
  signingIn: z.boolean(),
  /** At least one of its syncs gets live changes. */
  live: z.boolean(),
});
export type ProfileView = z.infer<typeof profileViewSchema>;

export const syncStatusSchema = z.enum(['active', 'inactive', 'error']);
export type SyncStatus = z.infer<typeof syncStatusSchema>;

export const runResultSchema = z.enum(['success', 'partial', 'failed', 'cancelled']);
export type RunResult = z.infer<typeof runResultSchema>;

export const progressSchema = z.object({
  phase: z.enum(['listing', 'planning', 'applying']),
  filesDone: z.number(),
  filesTotal: z.number(),
  bytesDone: z.number(),
  bytesTotal: z.number(),
  currentFile: z.string().nullable(),
  /** Download throughput over the last few seconds, and the time left at that rate (absent or null: not known yet). */
  bytesPerSecond: z.number().nullable().optional(),
  secondsLeft: z.number().nullable().optional(),
});
export type Progress = z.infer<typeof progressSchema>;

/** The progress of a phase that has done nothing yet. */
export function emptyProgress(phase: Progress['phase']): Progress {
  return { phase, filesDone: 0, filesTotal: 0, bytesDone: 0, bytesTotal: 0, currentFile: null };
}

/**
 * What a sync leaves out (schema v4): subfolders by item id (survives renames) and path relative to the sync root,
 * gitignore-style name patterns, and files above a size. Excluded items are never downloaded; tracked ones that
 * become excluded stay on disk, no longer mirrored.
 */
export const excludedFolderSchema = z.object({
  /** The folder's item id when it was picked in the browser; null when typed as a path. */
  id: z.string().min(1).max(200).nullable(),
  /** '/'-separated, relative to the sync root, no leading or trailing '/'. */
  path: z.string().min(1).max(1000),
});
export type ExcludedFolder = z.infer<typeof excludedFolderSchema>;

export const exclusionsSchema = z.object({
  folders: z.array(excludedFolderSchema).max(1000),
  /** gitignore syntax, matched against paths relative to the sync root. */
  patterns: z.array(z.string().trim().min(1).max(MAX_PATTERN_LENGTH)).max(MAX_EXCLUSION_PATTERNS),
  /** Files larger than this many bytes are left out; null: no limit. */
  maxFileSize: z.number().int().min(1).nullable(),
});
export type Exclusions = z.infer<typeof exclusionsSchema>;

export function noExclusions(): Exclusions {
  return { folders: [], patterns: [], maxFileSize: null };
}

/** The fields a sync config keeps (the original design's), shared by the stored record and the view. */
export const syncConfigFieldsSchema = z.object({
  id: z.string(),
  /** Whose credentials run this sync (the original design's userId). */
  profileId: z.string().nullable(),
  itemType: z.enum(['file', 'folder']),
  itemId: z.string(),
  /** The drive the item lives on: the profile's own, a shared folder's owner's, or a SharePoint library (v4). */
  driveId: z.string(),
  driveType: driveTypeSchema,
  /** Readable origin when not the profile's own drive ("Contoso Marketing > Documents > Campaigns", "Shared by
   * Olga Owner: Trip"); null for My files. */
  source: z.string().nullable(),
  itemName: z.string(),
  itemPath: z.string(),
  /** The original design's targetBucket. */
  localPath: z.string(),
  status: syncStatusSchema,
  intervalMinutes: z.number().int().min(1),
  lastSyncAt: z.string().nullable(),
  lastSyncStatus: runResultSchema.nullable(),
  errorCode: errorCodeSchema.nullable(),
  errorMessage: z.string().nullable(),
  createdAt: z.string(),
  exclusions: exclusionsSchema,
});

/**
 * Why a sync is not live (Graph's push notifications), so it is checked on its interval only: the setting is off,
 * still connecting, the drive offers no push, reconnecting after a failure, paused, or the account must sign in.
 */
export const liveReasonSchema = z.enum(['off', 'connecting', 'not_supported', 'reconnecting', 'paused', 'signed_out']);
export type LiveReason = z.infer<typeof liveReasonSchema>;
/** What the next run of a sync would do (`sync run --dry-run`, the add-sync flow); nothing was written to get it. */
export const syncPreviewSchema = z.object({
  downloads: z.number(),
  bytes: z.number(),
  trash: z.number(),
  renames: z.number(),
  conflicts: z.number(),
  /** Free space on the target's disk once the downloads are in; negative: they do not fit. */
  freeBytesAfter: z.number(),
});
export type SyncPreview = z.infer<typeof syncPreviewSchema>;

export const syncViewSchema = syncConfigFieldsSchema.extend({
  /** The one button that fixes the error, if any. */
  action: errorActionSchema,
  running: z.boolean(),
  queued: z.boolean(),
  progress: progressSchema.nullable(),
  nextRunAt: z.string().nullable(),
  /** When a run last got everything, and when one last failed or got only part (null: never). */
  lastSuccessAt: z.string().nullable(),
  lastFailureAt: z.string().nullable(),
  /** Files a stopped run wants to trash (status error + confirm_deletes; stays until a run used the decision). */
  pendingDeletes: z.number(),
  /** Of those, the files the user confirmed: the next run may trash them (0: nothing confirmed). */
  confirmedDeletes: z.number(),
  /** A change online starts a run within seconds (push); false: checked every intervalMinutes only. */
  live: z.boolean(),
  /** Why not live (null when live, or when the sync is not active). */
  liveReason: liveReasonSchema.nullable(),
});
export type SyncView = z.infer<typeof syncViewSchema>;

export const cloudPresetSchema = z.enum(['global', 'usgov', 'china', 'custom']);
export type CloudPreset = z.infer<typeof cloudPresetSchema>;

export const cloudSettingsSchema = z.object({
  clientId: z.string(),
  preset: cloudPresetSchema,
  /** common | organizations | consumers | a tenant id */
  tenant: z.string(),
  /** Only for preset "custom": the authority base URL (https) and the Graph base URL. */
  authorityHost: z.string().nullable(),
  graphUrl: z.string().nullable(),
});
export type CloudSettings = z.infer<typeof cloudSettingsSchema>;

import { BIG_DELETE_FILES_MAX, MAX_EXCLUSION_PATTERNS, MAX_PATTERN_LENGTH } from './limits';
export { BIG_DELETE_FILES_MAX };

export const settingsSchema = z.object({
  launchAtLogin: z.boolean(),
  defaultIntervalMinutes: z.number().int().min(1).max(10080),
  parallelDownloads: z.number().int().min(1).max(16),
  /** A run that would trash more files than this stops for review (the other clauses are fixed). */
  bigDeleteFiles: z.number().int().min(1).max(BIG_DELETE_FILES_MAX),
  notifications: z.boolean(),
  maxConcurrentRuns: z.number().int().min(1).max(8),
  /** Live changes (Graph push over socket.io); off on metered connections: syncs then only check every N min. */
  liveChanges: z.boolean(),
  /** Bytes per second for all downloads of all syncs together; 0: unlimited (schema v5). */
  downloadLimit: z
    .number()
    .int()
    .min(0)
    .max(10 ** 12)
    // Below this a 64 KiB chunk would wait longer than a download's idle timeout.
    .refine((v) => v === 0 || v >= 10_000, 'at least 10 kB/s (0: unlimited)'),
  /** Hold background runs on battery below 20 % (or with the level unknown); "Sync now" still runs. */
  pauseOnBattery: z.boolean(),
  /** Hold background runs while the OS reports a metered connection (Linux NetworkManager; unknown elsewhere). */
  pauseOnMetered: z.boolean(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const noticeSchema = z.object({
  id: z.string(),
  kind: z.enum(['store_recovered', 'insecure_secrets', 'reconnect_required', 'info']),
  message: z.string(),
  profileId: z.string().nullable(),
});
export type Notice = z.infer<typeof noticeSchema>;

export const appStateSchema = z.object({
  version: z.string(),
  /** False until an app registration (client id) is configured: the UI shows the setup page. */
  configured: z.boolean(),
  /**
   * The build carries a default app registration (README "Build with a default app registration"): it is used while
   * `cloud.clientId` is '' and the user's own registration is an option under Settings > Advanced.
   */
  builtInRegistration: z.boolean(),
  /** The stored settings; clientId '' means none stored (the built-in registration, if any, is in effect). */
  cloud: cloudSettingsSchema,
  settings: settingsSchema,
  profiles: z.array(profileViewSchema),
  syncs: z.array(syncViewSchema),
  /** ISO time, 'forever', or null when not paused. */
  pausedUntil: z.string().nullable(),
  /** Background syncing held by the power policy ("Paused: on battery power"); null: not held. */
  powerPause: z.enum(['battery', 'metered']).nullable(),
  /** Where tokens are kept: 'encrypted', 'plaintext' (user accepted), 'unavailable' (must choose). */
  secretStorage: z.enum(['encrypted', 'plaintext', 'unavailable']),
  notices: z.array(noticeSchema),
});
export type AppState = z.infer<typeof appStateSchema>;

export const driveItemViewSchema = z.object({
  id: z.string(),
  driveId: z.string(),
  name: z.string(),
  kind: z.enum(['file', 'folder']),
  size: z.number(),
  childCount: z.number().nullable(),
  lastModified: z.string().nullable(),
  path: z.string(),
});
export type DriveItemView = z.infer<typeof driveItemViewSchema>;

export const activityKindSchema = z.enum(['run', 'downloaded', 'renamed', 'trashed', 'conflict', 'refused', 'error', 'info']);
export type ActivityKind = z.infer<typeof activityKindSchema>;

export const activityEntrySchema = z.object({
  seq: z.number(),
  at: z.string(),
  kind: activityKindSchema,
  syncId: z.string().nullable(),
  message: z.string(),
  path: z.string().nullable(),
  /** Run summaries carry counts here. */
  details: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])).nullable(),
});
export type ActivityEntry = z.infer<typeof activityEntrySchema>;

export const pendingDeleteSchema = z.object({ path: z.string(), size: z.number() });
