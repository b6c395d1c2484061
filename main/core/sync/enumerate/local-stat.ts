/**
 * The local side's facts for the planner, read without following symlinks: lstat of the paths it asks for,
 * QuickXorHash of the files it asks for, free space, and whether the file system folds case.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { LocalStat } from '../plan/plan-types';
import { resolveInside } from '../paths';
import { quickXorHashFile } from '../download/quickxorhash';

export function toLocalStat(st: Stats): LocalStat {
  const kind = st.isSymbolicLink() ? 'symlink' : st.isFile() ? 'file' : st.isDirectory() ? 'folder' : 'other';
  return { kind, size: kind === 'file' ? st.size : 0, mtimeMs: st.mtimeMs };
}

export async function lstatOrNull(abs: string): Promise<Stats | null> {
  try {
    return await fs.lstat(abs);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw e;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      signal?.throwIfAborted();
      await fn(items[next++]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** lstat of relative paths under root; absent paths are left out of the map. */
export async function statLocal(
  root: string,
  relPaths: readonly string[],
  signal?: AbortSignal,
): Promise<Map<string, LocalStat>> {
  const out = new Map<string, LocalStat>();
  await forEachLimited(
    relPaths,
    16,
    async (rel) => {
      const st = await lstatOrNull(resolveInside(root, rel));
      if (st) out.set(rel, toLocalStat(st));
    },
    signal,
  );
  return out;
}

export async function hashLocal(root: string, relPaths: readonly string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  await forEachLimited(
    relPaths,
    2,
    async (rel) => {
      try {
        out.set(rel, await quickXorHashFile(resolveInside(root, rel), signal));
      } catch (e) {
        if (signal?.aborted) throw e;
        // Unreadable: no hash, so the planner treats the file as changed (the safe side).
      }
    },
    signal,
  );
  return out;
}

/** Free bytes for an unprivileged writer on the file system holding `dir`. */
export async function freeBytes(dir: string): Promise<number> {
  const s = await fs.statfs(dir);
  return Number(s.bavail) * Number(s.bsize);
}

/** True when `dir`'s file system treats names differing only in case as the same (macOS, Windows defaults). */
export async function isCaseInsensitive(dir: string): Promise<boolean> {
  const name = `.odm-case-${randomBytes(4).toString('hex')}`;
  const probe = path.join(dir, name);
  await fs.writeFile(probe, '');
  try {
    return (await lstatOrNull(path.join(dir, name.toUpperCase()))) !== null;
  } finally {
    await fs.rm(probe, { force: true });
  }
}
