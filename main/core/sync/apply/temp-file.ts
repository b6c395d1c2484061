/**
 * The download temp file (`.odm-<itemId>.partial`), opened, sized and stamped only through a file handle that was
 * opened without following symlinks. Anyone who can write into the synced folder can plant a link at that name;
 * following it would make a run create, append to or stamp a file anywhere the user can write.
 *
 * Windows has no O_NOFOLLOW: there the lstat before each open is the check (a link planted in the instant between
 * the two is the remaining window).
 */
import { constants, type Stats } from 'node:fs';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { lstatOrNull } from '../enumerate/local-stat';

const NOFOLLOW = (constants as Partial<typeof constants>).O_NOFOLLOW ?? 0;
/** Appends: a resumed partial grows at its end, and a truncate(0) starts it over. */
const RESUME = constants.O_RDWR | constants.O_APPEND | NOFOLLOW;
/** O_EXCL: a fresh start never opens what someone put there since we looked. */
const FRESH = RESUME | constants.O_CREAT | constants.O_EXCL;
/** Codes of a name that changed between our lstat and our open (a link, or the partial gone): look again. */
const RACED = new Set(['ELOOP', 'EMLINK', 'ENOENT']);
const MAX_LOOKS = 4;

export interface OpenedTemp {
  file: FileHandle;
  /** Bytes already there (a partial to resume), 0 for a fresh file. */
  size: number;
}

/**
 * Opens the temp file for appending: the regular file at `p` (to resume it), else a new one. Anything else at that
 * name (a symlink, a folder, a pipe) is removed, never followed, and reported through `onRemoved`.
 */
export async function openTemp(p: string, onRemoved?: (what: string) => void): Promise<OpenedTemp> {
  // Most downloads start fresh: O_CREAT|O_EXCL makes a new regular file (never following a link) or fails with
  // EEXIST, and only then is the name looked at. One syscall instead of an lstat and an open per small file.
  try {
    return { file: await open(p, FRESH), size: 0 };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  for (let look = 0; look < MAX_LOOKS; look++) {
    const st = await lstatOrNull(p);
    if (st && !st.isFile()) {
      await removeOdd(p, st, onRemoved);
      continue;
    }
    let file: FileHandle;
    try {
      file = await open(p, st ? RESUME : FRESH);
    } catch (e) {
      // A fresh start meets EEXIST when something appeared; ENOENT there means the folder is gone: a real error.
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (st ? RACED.has(code) : code === 'EEXIST') continue;
      throw e;
    }
    if (!st) return { file, size: 0 }; // O_CREAT|O_EXCL made it: a new, empty, regular file
    const now = await file.stat().catch(async (e: unknown) => {
      await file.close().catch(() => undefined);
      throw e;
    });
    if (now.isFile()) return { file, size: now.size };
    await file.close().catch(() => undefined); // only where O_NOFOLLOW is missing: a link won the race
  }
  throw new Error('the temporary download file kept being replaced; nothing was written through it');
}

/**
 * Gives the verified temp file its times through a handle (never through a link) and returns its identity, so
 * the caller can check that the file it renames into place is still this one.
 */
export async function stampTemp(p: string, atime: Date, mtime: Date): Promise<{ dev: number; ino: number }> {
  const replaced = () => new Error('the downloaded file was replaced before it could be put in place');
  if (!NOFOLLOW && !(await lstatOrNull(p))?.isFile()) throw replaced();
  const file = await open(p, constants.O_RDWR | NOFOLLOW).catch((e: unknown) => {
    throw RACED.has((e as NodeJS.ErrnoException).code ?? '') ? replaced() : e;
  });
  try {
    const now = await file.stat();
    if (!now.isFile()) throw replaced();
    await file.utimes(atime, mtime);
    return { dev: now.dev, ino: now.ino };
  } finally {
    await file.close();
  }
}

/** True when `p` is still the regular file `id` names (checked right before renaming it into place). */
export async function isSameFile(p: string, id: { dev: number; ino: number }): Promise<boolean> {
  const st = await lstatOrNull(p);
  return !!st?.isFile() && st.dev === id.dev && st.ino === id.ino;
}

async function removeOdd(p: string, st: Stats, onRemoved?: (what: string) => void): Promise<void> {
  // rm removes a link itself, never what it points to, and does not follow links inside a folder.
  await rm(p, { recursive: st.isDirectory(), force: true });
  onRemoved?.(st.isSymbolicLink() ? 'a symbolic link' : st.isDirectory() ? 'a folder' : 'a special file');
}
