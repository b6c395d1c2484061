/**
 * The shape of db.json (schema version 4). Validated with zod on load; migrations in migrations.ts bring
 * older files up to this version. Field names of sync configs follow the original design (architecture.md).
 */
import { z } from 'zod';
import {
  authStateSchema,
  cloudSettingsSchema,
  driveTypeSchema,
  settingsSchema,
  signedInAccountSchema,
  syncConfigFieldsSchema,
} from '../../../shared/model';
import { SCHEMA_VERSION } from './db-file';

export { SCHEMA_VERSION };

export const profileRecordSchema = z.object({
  id: z.string(),
  name: z.string(),
  authState: authStateSchema,
  account: signedInAccountSchema.nullable(),
  drive: z.object({ id: z.string(), driveType: driveTypeSchema }).nullable(),
  createdAt: z.string(),
});
export type ProfileRecord = z.infer<typeof profileRecordSchema>;

/**
 * The deletions a stopped run asked about (schema v3): how many files and a fingerprint of that list (the list
 * itself is in the state file), and when the user confirmed exactly that list. A run may trash beyond the
 * big-delete rule only what was confirmed; the record goes once a run used it, or the user kept the files.
 */
export const deleteReviewSchema = z.object({
  files: z.number().int().min(0),
  fingerprint: z.string(),
  confirmedAt: z.string().nullable(),
});
export type DeleteReview = z.infer<typeof deleteReviewSchema>;

export const syncConfigRecordSchema = syncConfigFieldsSchema.extend({
  metadata: z.record(z.string(), z.unknown()),
  deleteReview: deleteReviewSchema.nullable(),
});
export type SyncConfigRecord = z.infer<typeof syncConfigRecordSchema>;

export const defaultSettings: z.infer<typeof settingsSchema> = {
  launchAtLogin: false,
  defaultIntervalMinutes: 60,
  parallelDownloads: 4,
  bigDeleteFiles: 500,
  notifications: true,
  maxConcurrentRuns: 2,
  liveChanges: true,
  downloadLimit: 0,
  pauseOnBattery: true,
  pauseOnMetered: true,
};

export const defaultCloud: z.infer<typeof cloudSettingsSchema> = {
  clientId: '',
  preset: 'global',
  tenant: 'common',
  authorityHost: null,
  graphUrl: null,
};

export const dbSchema = z.object({
  version: z.literal(SCHEMA_VERSION),
  profiles: z.array(profileRecordSchema),
  syncConfigs: z.array(syncConfigRecordSchema),
  settings: settingsSchema,
  cloud: cloudSettingsSchema,
  /** ISO time, 'forever', or null. */
  pausedUntil: z.string().nullable(),
  /** The user accepted storing tokens without OS encryption (Linux basic_text). */
  allowPlaintextSecrets: z.boolean(),
});
export type Db = z.infer<typeof dbSchema>;

export function emptyDb(): Db {
  return {
    version: SCHEMA_VERSION,
    profiles: [],
    syncConfigs: [],
    settings: { ...defaultSettings },
    cloud: { ...defaultCloud },
    pausedUntil: null,
    allowPlaintextSecrets: false,
  };
}
