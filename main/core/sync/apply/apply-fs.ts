/**
 * The file system effects of single plan actions, each defensive on its own: nothing is ever overwritten that the
 * plan did not expect (it is set aside as a conflict copy instead), no symlink inside the root is followed, and
 * every path is resolved inside the root.
 */
import { promises as fs, type Stats } from 'node:fs';
import path from 'node:path';
import type { LocalStat } from '../plan/plan-types';
import { baseName, childPath, conflictName, parentOf, resolveInside } from '../paths';
import { lstatOrNull, toLocalStat } from '../enumerate/local-stat';

/** An action that cannot be done for a reason the user should see; the run goes on. */
export class SkipError extends Error {}

export interface LocalFs {
  readonly root: string;
  abs(rel: string): string;
  /** Throws SkipError when a component of `relDir` is a symlink, an Error when one is missing or not a folder. */
  ensureSafeDir(relDir: string): Promise<void>;
  /**
   * Throws SkipError unless the real path of `relDir` (links resolved) is still inside the root. Called right before
   * each write, rename or removal in a folder: a folder verified by ensureSafeDir can be swapped for a link since.
   */
  ensureInside(relDir: string): Promise<void>;
  /** Forget verified folders (after a rename moved things around). */
  invalidate(): void;
  lstat(rel: string): Promise<Stats | null>;
  /** Renames whatever is at `rel` to a free conflict name next to it; returns the new relative path. */
  setAside(rel: string, preferred: string | null, nowMs: number): Promise<string>;
}

export function createLocalFs(root: string): LocalFs {
  const absRoot = path.resolve(root);
  let verified = new Set<string>(['']);
  let realRoot: Promise<string> | null = null;
  const abs = (rel: string): string => resolveInside(absRoot, rel);
  const lstat = (rel: string): Promise<Stats | null> => lstatOrNull(abs(rel));
  const ensureInside = async (relDir: string): Promise<void> => {
    // The root itself may be a link the user chose: compare real paths with real paths.
    realRoot ??= fs.realpath(absRoot).catch((e: unknown) => {
      realRoot = null;
      throw e;
    });
    const [base, real] = await Promise.all([realRoot, fs.realpath(abs(relDir))]);
    const rel = path.relative(base, real);
    if (rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel)) return;
    throw new SkipError(`"${relDir}" was replaced by a link that leads outside the synced folder; nothing was written there`);
  };

  return {
    root: absRoot,
    abs,
    lstat,
    invalidate() {
      verified = new Set(['']);
    },
    async ensureSafeDir(relDir) {
      if (verified.has(relDir)) return;
      const parts = relDir.split('/');
      let cur = '';
      for (const part of parts) {
        cur = childPath(cur, part);
        if (verified.has(cur)) continue;
        const st = await lstat(cur);
        // A missing folder is a failure (the run stays incomplete and is retried); a symlink is refused for good.
        if (!st) throw new Error(`the folder "${cur}" is missing`);
        if (st.isSymbolicLink()) throw new SkipError(`"${cur}" is a symbolic link; it is not followed`);
        if (!st.isDirectory()) throw new Error(`"${cur}" is not a folder`);
        verified.add(cur);
      }
    },
    ensureInside,
    async setAside(rel, preferred, nowMs) {
      const dir = parentOf(rel);
      await ensureInside(dir);
      const candidates = (function* () {
        if (preferred) yield preferred;
        for (let attempt = 1; attempt < 1_000; attempt++) yield childPath(dir, conflictName(baseName(rel), nowMs, attempt));
      })();
      for (const target of candidates) {
        if (await lstat(target)) continue;
        await fs.rename(abs(rel), abs(target));
        return target;
      }
      throw new Error(`No free conflict name for ${rel}`);
    },
  };
}

export function sameStat(st: Stats | null, expect: LocalStat | null): boolean {
  if (!st || !expect) return false;
  const s = toLocalStat(st);
  return s.kind === expect.kind && s.size === expect.size && s.mtimeMs === expect.mtimeMs;
}

/** Makes sure nothing unexpected sits at `rel` before we put something there; returns the conflict path if one was made. */
export async function clearTarget(
  lfs: LocalFs,
  rel: string,
  expected: LocalStat | null,
  nowMs: number,
  sameInodeAs?: Stats,
): Promise<string | null> {
  const st = await lfs.lstat(rel);
  if (!st) return null;
  if (sameInodeAs && st.ino === sameInodeAs.ino && st.dev === sameInodeAs.dev) return null;
  if (expected && sameStat(st, expected)) return null;
  return lfs.setAside(rel, null, nowMs);
}

export async function isEmptyDir(absDir: string): Promise<boolean> {
  const dir = await fs.opendir(absDir);
  try {
    return (await dir.read()) === null;
  } finally {
    await dir.close().catch(() => {});
  }
}

/** Puts back items a killed run left under a temporary move name, where their real place is still free. */
export async function recoverInterruptedMoves(lfs: LocalFs, candidates: { temp: string; path: string }[]): Promise<void> {
  for (const { temp, path } of candidates) {
    if (!(await lfs.lstat(temp)) || (await lfs.lstat(path))) continue;
    const inside = await Promise.all([lfs.ensureInside(parentOf(temp)), lfs.ensureInside(parentOf(path))]).then(
      () => true,
      () => false,
    );
    if (inside) await fs.rename(lfs.abs(temp), lfs.abs(path)).catch(() => {});
  }
}
