/**
 * A sync's exclusions as one pure predicate the planner asks per item (after the hostile-name checks): a chosen
 * subfolder (by item id, or by path relative to the root), a gitignore-style pattern (the `ignore` package, the
 * matcher ESLint and others use), or a file above the size limit. An excluded folder takes its subtree with it.
 */
import ignore from 'ignore';
import type { Exclusions } from '../../../../shared/model';
import { nameKey } from '../paths';

export interface ExclusionItem {
  id: string;
  /** '/'-separated, relative to the sync root. */
  path: string;
  kind: 'file' | 'folder';
  size: number;
}

/** Why an item is left out, or null when it is mirrored. */
export type ExclusionFilter = (item: ExclusionItem) => string | null;

/** null when nothing is excluded (the planner then skips the check entirely). */
export function compileExclusions(ex: Exclusions | undefined, caseInsensitive: boolean): ExclusionFilter | null {
  if (!ex || (ex.folders.length === 0 && ex.patterns.length === 0 && ex.maxFileSize === null)) return null;
  const ids = new Set(ex.folders.flatMap((f) => (f.id ? [f.id] : [])));
  const paths = new Set(ex.folders.map((f) => nameKey(normalizeFolderPath(f.path), caseInsensitive)));
  const ig = ex.patterns.length > 0 ? ignore({ ignorecase: caseInsensitive }).add(ex.patterns) : null;
  const max = ex.maxFileSize;
  return (item) => {
    if (item.kind === 'folder' && (ids.has(item.id) || paths.has(nameKey(item.path, caseInsensitive)))) {
      return 'excluded folder';
    }
    // `ignore` wants a relative path; a folder gets a trailing '/' so that patterns like `build/` match it.
    if (ig && item.path !== '' && ig.ignores(item.kind === 'folder' ? `${item.path}/` : item.path)) {
      return 'excluded by a pattern';
    }
    if (max !== null && item.kind === 'file' && item.size > max) return 'larger than the size limit';
    return null;
  };
}

/** `/Photos/2019/` and `Photos/2019` are the same folder. */
export function normalizeFolderPath(p: string): string {
  return p
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.')
    .join('/');
}

/**
 * A stable text for a set of exclusions: stored with the deltaLink, so a run can tell that the exclusions changed
 * since the last listing (newly included items were seen then and skipped: they need a full listing).
 */
export function exclusionsKey(ex: Exclusions | undefined): string {
  if (!ex || (ex.folders.length === 0 && ex.patterns.length === 0 && ex.maxFileSize === null)) return '';
  const folders = ex.folders.map((f) => `${f.id ?? ''}:${normalizeFolderPath(f.path)}`).sort();
  return JSON.stringify({ f: folders, p: ex.patterns, m: ex.maxFileSize });
}

/**
 * Exclusions as stored: folder paths normalized, duplicates dropped. Throws a plain Error with a message for the
 * user when a folder path is the root itself or climbs out of it.
 */
export function normalizeExclusions(ex: Exclusions): Exclusions {
  const folders = new Map<string, Exclusions['folders'][number]>();
  for (const f of ex.folders) {
    const p = normalizeFolderPath(f.path);
    if (p === '') throw new Error('The sync folder itself cannot be excluded (remove the sync instead).');
    if (p.split('/').includes('..')) throw new Error(`An excluded folder must lie inside the sync: "${f.path}".`);
    folders.set(`${f.id ?? ''}\u0000${p}`, { id: f.id, path: p });
  }
  const patterns = [...new Set(ex.patterns.map((p) => p.trim()).filter((p) => p !== ''))];
  return { folders: [...folders.values()], patterns, maxFileSize: ex.maxFileSize };
}
