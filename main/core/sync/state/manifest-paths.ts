/**
 * The one rule for a manifest entry's path: its parent's path + '/' + its name. Two callers: decoding a state file
 * (which leaves most paths out; parents may come after children) and replaying the move journal (which changes
 * parents and names).
 */
import { childPath } from '../paths';
import type { Steps } from '../steps';
import type { ManifestEntry } from '../types';

const YIELD_EVERY = 2000;

export interface DerivePathsOptions {
  /** Ids whose path is already right; grows as paths are filled in. */
  placed: Set<string>;
  /**
   * An entry that cannot be placed (a root without a stored path, a missing parent, a cycle): 'throw' for a state
   * file, which must place every entry; 'keep' its path for the journal, whose entries were placed before.
   */
  orphans: 'throw' | 'keep';
  /**
   * 'in-place' for freshly decoded entries nobody else holds; 'copy' replaces a changed entry with a copy, since
   * the caller's entries may be shared.
   */
  write: 'in-place' | 'copy';
}

/** Fills in every path not in `o.placed`, parents first, whatever the map's order; yields now and then. */
export function* derivePaths(manifest: Map<string, ManifestEntry>, o: DerivePathsOptions): Steps<void> {
  const { placed } = o;
  const pathOf = (id: string, guard: number): string => {
    const e = manifest.get(id)!;
    if (placed.has(id)) return e.path;
    if (guard > 10_000 || e.parentId === null || !manifest.has(e.parentId)) {
      if (o.orphans === 'throw') throw new Error(`State: cannot place ${id}`);
      return e.path;
    }
    const p = childPath(pathOf(e.parentId, guard + 1), e.name);
    placed.add(id);
    if (o.write === 'in-place') e.path = p;
    else if (p !== e.path) manifest.set(id, { ...e, path: p });
    return p;
  };
  let n = 0;
  for (const id of manifest.keys()) {
    pathOf(id, 0);
    if (++n % YIELD_EVERY === 0) yield;
  }
}
