/**
 * One owner per data dir: the app or `onedrive-mirror run`. The owner holds `<dataDir>/lock`, created with
 * O_EXCL and holding {pid, host, startedAt}. A lock whose process is gone (same host, pid dead, or started
 * before this boot) is stale and is taken over; a live one gives AppError 'locked' naming its process.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, readFileSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../errors';

export const LOCK_FILE = 'lock';
/** A lock file that cannot be parsed is a crash between create and write once it is this old. */
const UNREADABLE_GRACE_MS = 5_000;

export interface LockOwner {
  pid: number;
  host: string;
  startedAt: string;
  /** Who holds it, for messages: e.g. "OneDrive Mirror app" or "onedrive-mirror run". */
  purpose: string;
}

export interface Lock {
  readonly file: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still ours. Safe to call twice. */
  release(): Promise<void>;
  /** The same, synchronously: for a process about to exit on a signal (no event loop turn left). */
  releaseSync(): void;
}

export interface LockState extends LockOwner {
  /** false = provably gone (stale); true = running; 'unknown' = another host, cannot tell. */
  alive: boolean | 'unknown';
}

export async function acquireDataDirLock(dataDir: string, o: { purpose?: string } = {}): Promise<Lock> {
  await fs.mkdir(dataDir, { recursive: true });
  const file = path.join(dataDir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    host: os.hostname(),
    startedAt: new Date().toISOString(),
    purpose: o.purpose ?? 'OneDrive Mirror',
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    if (await tryCreate(file, owner)) return makeLock(file, owner);
    const seen = await readRaw(file);
    if (seen === null) continue; // released in between: try again
    const state = await judge(file, seen);
    if (state.alive !== false) throw lockedError(dataDir, state);
    await takeOverStale(file, seen.text);
  }
  throw new AppError('locked', `Could not take the lock on ${dataDir}: it keeps changing hands.`);
}

/** Who holds the data dir, or null when nobody does. */
export async function readLockOwner(dataDir: string): Promise<LockState | null> {
  const file = path.join(dataDir, LOCK_FILE);
  const seen = await readRaw(file);
  return seen ? judge(file, seen) : null;
}

/**
 * Removes the lock if this process (pid and host) holds it: for an exit while acquireDataDirLock() was under way,
 * before the caller had the Lock to release. Synchronous, never throws.
 */
export function releaseOwnLockSync(dataDir: string): void {
  try {
    const file = path.join(dataDir, LOCK_FILE);
    const owner = parseOwner(readFileSync(file, 'utf8'));
    if (owner && owner.pid === process.pid && owner.host === os.hostname()) rmSync(file, { force: true });
  } catch {
    // no lock, or unreadable: nothing of ours to remove
  }
}

async function tryCreate(file: string, owner: LockOwner): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'wx', 0o600);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    await handle.writeFile(JSON.stringify(owner));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

function makeLock(file: string, owner: LockOwner): Lock {
  let released = false;
  return {
    file,
    owner,
    async release() {
      if (released) return;
      released = true;
      const seen = await readRaw(file);
      const current = seen && parseOwner(seen.text);
      if (current && current.pid === owner.pid && current.startedAt === owner.startedAt) {
        await fs.rm(file, { force: true });
      }
    },
    releaseSync() {
      if (released) return;
      released = true;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return;
      }
      const current = parseOwner(text);
      if (current && current.pid === owner.pid && current.startedAt === owner.startedAt) rmSync(file, { force: true });
    },
  };
}

async function readRaw(file: string): Promise<{ text: string; mtimeMs: number } | null> {
  try {
    const [text, stat] = await Promise.all([fs.readFile(file, 'utf8'), fs.stat(file)]);
    return { text, mtimeMs: stat.mtimeMs };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

function parseOwner(text: string): LockOwner | null {
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (typeof v.pid !== 'number' || typeof v.host !== 'string' || typeof v.startedAt !== 'string') return null;
    return { pid: v.pid, host: v.host, startedAt: v.startedAt, purpose: v.purpose ?? 'OneDrive Mirror' };
  } catch {
    return null;
  }
}

async function judge(file: string, seen: { text: string; mtimeMs: number }): Promise<LockState> {
  const owner = parseOwner(seen.text);
  if (!owner) {
    // Being written right now, or a crash between create and write.
    const alive = Date.now() - seen.mtimeMs < UNREADABLE_GRACE_MS;
    return {
      pid: 0,
      host: os.hostname(),
      startedAt: new Date(seen.mtimeMs).toISOString(),
      purpose: 'unknown',
      alive,
    };
  }
  return { ...owner, alive: isAlive(owner) };
}

/** Pure enough to read: the rules for "is the owner still there?". */
export function isAlive(
  owner: LockOwner,
  here = { host: os.hostname(), bootMs: Date.now() - os.uptime() * 1000 },
): boolean | 'unknown' {
  if (owner.host !== here.host) return 'unknown';
  const started = Date.parse(owner.startedAt);
  // Older than this boot: its pid may belong to someone else by now (pid reuse after a reboot).
  if (Number.isFinite(started) && started < here.bootMs - 60_000) return false;
  if (owner.pid === process.pid) {
    // Ours by pid: live if taken by this process, stale if from an earlier process that had our pid.
    return started >= Date.now() - process.uptime() * 1000 - 1_000;
  }
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // exists, belongs to another user
  }
}

/**
 * Moves the stale lock out of the way atomically, then checks it moved the file it judged: if another
 * process took over in between, the moved file is theirs and is put back.
 */
async function takeOverStale(file: string, staleText: string): Promise<void> {
  const aside = `${file}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await fs.rename(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const moved = await fs.readFile(aside, 'utf8').catch(() => null);
  if (moved !== null && moved !== staleText) {
    await fs.link(aside, file).catch(() => {}); // fails only if yet another owner exists: theirs stands
  }
  await fs.rm(aside, { force: true });
}

function lockedError(dataDir: string, s: LockState): AppError {
  const who =
    s.purpose === 'unknown'
      ? 'another OneDrive Mirror process (starting up)'
      : `${s.purpose} (pid ${s.pid}${s.host !== os.hostname() ? ` on ${s.host}` : ''}, since ${s.startedAt})`;
  const hint =
    s.alive === 'unknown'
      ? ` If that machine no longer runs it, delete ${path.join(dataDir, LOCK_FILE)}.`
      : ' Quit it first, or use another --data-dir.';
  return new AppError('locked', `The data folder ${dataDir} is in use by ${who}.${hint}`);
}
