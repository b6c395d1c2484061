/**
 * Reading db.json at start: parse, migrate, validate. A file that fails any of these is moved aside to
 * `db.corrupt-<timestamp>.json` (never overwritten) and a fresh database starts; the caller tells the user.
 */
import { promises as fs, constants as fsConstants } from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import { dbSchema, emptyDb, type Db } from './schema';
import { migrate, MigrationError, NewerVersionError, summarize } from './migrations';

export interface Recovery {
  /** Where the unreadable file now is. Empty in read-only mode (nothing was moved). */
  movedTo: string;
  reason: string;
}

export interface LoadResult {
  db: Db;
  /** True when there was no db.json (first start) or it was set aside. */
  fresh: boolean;
  recovered: Recovery | null;
  /** The schema version the file had before migration, or null when none ran. */
  migratedFrom: number | null;
}

export async function loadDb(file: string, o: { now: Date; readOnly: boolean }): Promise<LoadResult> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { db: emptyDb(), fresh: true, recovered: null, migratedFrom: null };
    return setAside(file, `unreadable (${code ?? String(e)})`, o);
  }
  if (text.trim() === '') return setAside(file, 'empty file', o);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return setAside(file, `not valid JSON (${(e as Error).message})`, o);
  }
  let migrated: ReturnType<typeof migrate>;
  try {
    migrated = migrate(raw, o.now.toISOString());
  } catch (e) {
    if (e instanceof NewerVersionError) {
      throw new AppError('bad_input', `${e.message} Update OneDrive Mirror; the file was left untouched.`);
    }
    if (e instanceof MigrationError) return setAside(file, e.message, o);
    throw e;
  }
  const parsed = dbSchema.safeParse(migrated.data);
  if (!parsed.success) return setAside(file, `invalid content: ${summarize(parsed.error)}`, o);
  const migratedFrom = migrated.from === parsed.data.version ? null : migrated.from;
  if (migratedFrom !== null && !o.readOnly) await keepBackup(file, migratedFrom);
  return { db: parsed.data, fresh: false, recovered: null, migratedFrom };
}

async function setAside(file: string, reason: string, o: { now: Date; readOnly: boolean }): Promise<LoadResult> {
  if (o.readOnly) {
    throw new AppError(
      'internal',
      `The database ${file} cannot be used (${reason}). Start the app or "onedrive-mirror run" to recover it.`,
    );
  }
  const movedTo = await freeName(path.dirname(file), `db.corrupt-${o.now.toISOString().replace(/[:.]/g, '-')}`);
  try {
    await fs.rename(file, movedTo);
  } catch (e) {
    throw new AppError(
      'access_denied',
      `The database ${file} cannot be used (${reason}) and could not be moved aside: ${(e as Error).message}`,
      undefined,
      { cause: e },
    );
  }
  return { db: emptyDb(), fresh: true, recovered: { movedTo, reason }, migratedFrom: null };
}

async function freeName(dir: string, base: string): Promise<string> {
  for (let i = 0; ; i++) {
    const candidate = path.join(dir, `${base}${i ? `-${i}` : ''}.json`);
    try {
      await fs.access(candidate);
    } catch {
      return candidate;
    }
  }
}

/** The pre-migration file stays as `db.v<N>.backup.json` (first migration only: never overwritten). */
async function keepBackup(file: string, version: number): Promise<void> {
  const backup = path.join(path.dirname(file), `db.v${version}.backup.json`);
  await fs.copyFile(file, backup, fsConstants.COPYFILE_EXCL).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
}
