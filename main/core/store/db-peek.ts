/**
 * A read-only look at db.json's sync configs without zod, lowdb or pino: `sync list` is a start-up cost a user
 * waits for, and loading the schema costs more than the listing. Only a file of the current schema version whose
 * configs pass a hand check of the fields a listing shows is answered; anything else (no file, an older version to
 * migrate, a field out of place) gives null, and the caller opens the store the usual way, which validates with the
 * schema, migrates, recovers and reports.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { errorActions } from '../../../shared/errors';
import { DB_FILE, SCHEMA_VERSION } from './db-file';
import type { SyncConfigRecord } from './schema';

const isString = (v: unknown): v is string => typeof v === 'string';
const isStringOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const count = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
const statuses = new Set(['active', 'inactive', 'error']);
const runResults = new Set(['success', 'partial', 'failed', 'cancelled']);

/** The fields of schema.ts's syncConfigRecordSchema that a listing reads, checked by hand. */
function looksLikeConfig(v: unknown): v is SyncConfigRecord {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const c = v as Record<string, unknown>;
  const review = c.deleteReview as Record<string, unknown> | null | undefined;
  return (
    isString(c.id) &&
    isStringOrNull(c.profileId) &&
    (c.itemType === 'file' || c.itemType === 'folder') &&
    isString(c.itemId) &&
    isString(c.driveId) &&
    (c.driveType === 'personal' || c.driveType === 'business' || c.driveType === 'documentLibrary') &&
    isStringOrNull(c.source) &&
    looksLikeExclusions(c.exclusions) &&
    isString(c.itemName) &&
    isString(c.itemPath) &&
    isString(c.localPath) &&
    statuses.has(c.status as string) &&
    Number.isInteger(c.intervalMinutes) &&
    (c.intervalMinutes as number) >= 1 &&
    isStringOrNull(c.lastSyncAt) &&
    (c.lastSyncStatus === null || runResults.has(c.lastSyncStatus as string)) &&
    (c.errorCode === null || (isString(c.errorCode) && Object.hasOwn(errorActions, c.errorCode))) &&
    isStringOrNull(c.errorMessage) &&
    isString(c.createdAt) &&
    typeof c.metadata === 'object' &&
    c.metadata !== null &&
    (review === null ||
      (typeof review === 'object' &&
        review !== undefined &&
        count(review.files) &&
        isString(review.fingerprint) &&
        isStringOrNull(review.confirmedAt)))
  );
}

/** The sync configs of `<dataDir>/db.json`, or null when only the full store can answer (see above). */
export async function peekSyncConfigs(dataDir: string): Promise<SyncConfigRecord[] | null> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(dataDir, DB_FILE), 'utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const db = raw as Record<string, unknown>;
  if (db.version !== SCHEMA_VERSION || !Array.isArray(db.profiles) || !Array.isArray(db.syncConfigs)) return null;
  return db.syncConfigs.every(looksLikeConfig) ? db.syncConfigs : null;
}

function looksLikeExclusions(v: unknown): boolean {
  if (typeof v !== 'object' || v === null) return false;
  const x = v as Record<string, unknown>;
  return (
    Array.isArray(x.folders) &&
    x.folders.every((f) => typeof f === 'object' && f !== null && isString((f as Record<string, unknown>).path)) &&
    Array.isArray(x.patterns) &&
    x.patterns.every(isString) &&
    (x.maxFileSize === null || count(x.maxFileSize))
  );
}
