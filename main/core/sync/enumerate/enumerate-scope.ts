/**
 * Pure decisions of enumeration: which collected items are inside the synced subtree, which known items left it,
 * and which new folders need a /children walk because delta will not list their descendants.
 */
import type { RemoteItem } from '../types';
import { ticker, type Steps } from '../steps';

/** What the pages said, last occurrence winning: an item, or null for "deleted". */
export type Collected = Map<string, RemoteItem | null>;

/** The ids the manifest holds: the manifest itself will do (no copy of 100k keys per run). */
export type KnownIds = Pick<ReadonlySet<string>, 'has' | 'keys'>;

/** manifest parent lookup: a parent id, null for the root, undefined when the manifest does not know the id. */
export type KnownParent = (id: string) => string | null | undefined;

/**
 * Returns `inScope(id)`: does the item's parent chain (latest state from `collected`, else the manifest) reach
 * `rootId`? A deleted or unknown link, a chain ending at another root, or a cycle means "out". Memoized, so a whole
 * change set costs O(n). With `knownParent` null (full enumerations) only the collected items count.
 */
export function scopeResolver(collected: Collected, rootId: string, knownParent: KnownParent | null) {
  const memo = new Map<string, boolean>([[rootId, true]]);
  const parentOf = (id: string): string | null | undefined => {
    if (collected.has(id)) {
      const item = collected.get(id);
      return item ? item.parentId : undefined; // deleted: the chain breaks here
    }
    return knownParent ? knownParent(id) : undefined;
  };
  return function inScope(id: string): boolean {
    const path: string[] = [];
    // Most chains end at a memoized parent after a step or two: a Set for cycle checks only on long ones.
    let seen: Set<string> | null = null;
    let current: string | null | undefined = id;
    let verdict = false;
    for (;;) {
      if (current == null) break; // reached a drive root or an unknown item: not ours
      const known = memo.get(current);
      if (known !== undefined) {
        verdict = known;
        break;
      }
      if (path.length === 32) seen = new Set(path);
      if (seen) {
        if (seen.has(current)) break; // a cycle (inconsistent data): out
        seen.add(current);
      } else if (path.includes(current)) break;
      path.push(current);
      current = parentOf(current);
    }
    for (const p of path) memo.set(p, verdict);
    return verdict;
  };
}

export interface FolderFacts {
  /** folder.childCount as delta reported it (undefined if absent). */
  childCount: number | undefined;
}

/**
 * Folders that arrived new to us (not in the manifest) but whose children did not all arrive with them: a folder
 * moved INTO the subtree shows up alone in delta. A folder created online comes with all its children, so it
 * costs no extra request. Only the topmost such folder is returned (a walk covers its descendants).
 */
export function foldersToWalk(
  collected: Collected,
  newFolders: ReadonlyMap<string, FolderFacts>,
  inScope: (id: string) => boolean,
): string[] {
  const arrivedChildren = new Map<string, number>();
  for (const item of collected.values()) {
    if (item?.parentId != null && newFolders.has(item.parentId)) {
      arrivedChildren.set(item.parentId, (arrivedChildren.get(item.parentId) ?? 0) + 1);
    }
  }
  const incomplete = new Set<string>();
  for (const [id, facts] of newFolders) {
    const item = collected.get(id);
    if (!item || item.kind !== 'folder' || !inScope(id)) continue;
    const arrived = arrivedChildren.get(id) ?? 0;
    if (facts.childCount === undefined || arrived < facts.childCount) incomplete.add(id);
  }
  // Keep only the topmost: a folder under another incomplete one is walked with it.
  return [...incomplete].filter((id) => !hasAncestorIn(id, incomplete, collected));
}

function hasAncestorIn(id: string, set: ReadonlySet<string>, collected: Collected): boolean {
  const seen = new Set<string>([id]);
  let p = collected.get(id)?.parentId ?? null;
  while (p != null && !seen.has(p)) {
    if (set.has(p)) return true;
    seen.add(p);
    p = collected.get(p)?.parentId ?? null;
  }
  return false;
}

/**
 * The change set's items and removals. Full: every in-scope item (deletions are implicit: absent = gone).
 * Incremental: in-scope items, plus as removed every known id that was deleted or now lies outside the subtree.
 */
export function* assembleSteps(
  collected: Collected,
  rootId: string,
  full: boolean,
  knownIds: KnownIds,
  inScope: (id: string) => boolean,
): Steps<{ items: RemoteItem[]; removedIds: string[] }> {
  const items: RemoteItem[] = [];
  const removedIds: string[] = [];
  const tick = ticker();
  for (const [id, item] of collected) {
    if (item && inScope(id)) items.push(item);
    else if (!full && knownIds.has(id) && id !== rootId) removedIds.push(id);
    if (tick()) yield;
  }
  return { items, removedIds };
}

/**
 * Personal drives spell the same id in varying case (microsoft-cloud.md: "compare lower-cased"). Rewrites each
 * parentId to the spelling the parent itself has (in this change set, the manifest, or the root), so chains match.
 * Ids of the items themselves stay as Graph sent them.
 */
export function* reconcileIdCaseSteps(collected: Collected, knownIds: KnownIds, rootId: string): Steps<void> {
  const rootKey = rootId.toLowerCase();
  // The root goes by the config's spelling: the planner finds it by ChangeSet.rootId.
  const rootSpellings: string[] = [];
  const tick = ticker();
  for (const id of collected.keys()) {
    if (id !== rootId && id.length === rootId.length && id.toLowerCase() === rootKey) rootSpellings.push(id);
    if (tick()) yield;
  }
  for (const id of rootSpellings) {
    const item = collected.get(id)!;
    collected.delete(id);
    collected.set(rootId, item && { ...item, id: rootId, parentId: null });
  }
  // Built only if some parent id is not spelled like any id we have (rare): 100k lower-cased ids otherwise.
  let spelling: Map<string, string> | null = null;
  const canonicalOf = (parentId: string): string | undefined => {
    if (!spelling) {
      spelling = new Map<string, string>();
      for (const id of knownIds.keys()) spelling.set(id.toLowerCase(), id);
      for (const id of collected.keys()) spelling.set(id.toLowerCase(), id);
      spelling.set(rootKey, rootId);
    }
    return spelling.get(parentId.toLowerCase());
  };
  for (const [id, item] of collected) {
    if (tick()) yield;
    if (!item || item.parentId === null || id === rootId) continue;
    if (item.parentId === rootId || collected.has(item.parentId) || knownIds.has(item.parentId)) continue; // exact
    const canonical = canonicalOf(item.parentId);
    if (canonical !== undefined && canonical !== item.parentId) collected.set(id, { ...item, parentId: canonical });
  }
}
