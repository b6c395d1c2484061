/**
 * What the planner needs to look at on disk, pure: which paths to lstat, which files to hash, and where an
 * interrupted run may have left an item under its temporary move name.
 */
import type { ChangeSet, ManifestEntry } from './types';
import type { LocalStat } from './plan-types';
import { buildRemoteTree, type RemoteTree } from './plan-tree';
import { childPath, moveTempName, nameKey, parentOf } from './paths';

/** Local paths whose lstat the planner needs: old and new places of everything that changed. */
export function pathsToStat(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: ChangeSet,
  platform: NodeJS.Platform,
  ci: boolean,
  tree: RemoteTree = buildRemoteTree(manifest, changes, platform, ci),
): string[] {
  return statPaths(manifest, changes, tree);
}

export function statPaths(manifest: ReadonlyMap<string, ManifestEntry>, changes: ChangeSet, tree: RemoteTree): string[] {
  const out = new Set<string>();
  // With its ancestors: a folder the user deleted here is re-created when something inside it changes.
  const addWithAncestors = (p: string): void => {
    for (let cur = p; cur !== '' && !out.has(cur); cur = parentOf(cur)) out.add(cur);
  };
  const add = (id: string): void => {
    const old = manifest.get(id);
    if (old) addWithAncestors(old.path);
    const now = tree.nodes.get(id);
    if (now) addWithAncestors(now.entry.path);
  };
  if (changes.full) {
    for (const id of manifest.keys()) add(id);
    for (const id of tree.nodes.keys()) add(id);
  } else {
    for (const r of changes.items) add(r.id);
    for (const id of manifest.keys()) if (!tree.nodes.has(id)) add(id);
  }
  return [...out];
}

/** Local files whose QuickXorHash the planner needs: size matches but mtime does not, or an untracked file of the right size. */
export function pathsToHash(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: ChangeSet,
  local: ReadonlyMap<string, LocalStat>,
  platform: NodeJS.Platform,
  ci: boolean,
  tree: RemoteTree = buildRemoteTree(manifest, changes, platform, ci),
): string[] {
  const out = new Set<string>();
  const oldPaths = new Set<string>();
  const newFileAt = new Map<string, number>();
  for (const n of tree.nodes.values()) if (n.entry.kind === 'file') newFileAt.set(pathKey(n.entry.path, ci), n.entry.size);
  for (const e of manifest.values()) {
    oldPaths.add(pathKey(e.path, ci));
    const s = local.get(e.path);
    if (e.kind !== 'file' || s?.kind !== 'file' || (s.size === e.localSize && s.mtimeMs === e.localMtimeMs)) continue;
    // Same size as what we wrote (touched, or edited in place), or as a new remote version at this place (a killed
    // run already wrote it): only the hash can tell.
    const now = tree.nodes.get(e.id)?.entry;
    if ((s.size === e.localSize && e.quickXorHash) || s.size === now?.size || s.size === newFileAt.get(pathKey(e.path, ci))) {
      out.add(e.path);
    }
  }
  for (const n of tree.nodes.values()) {
    const s = local.get(n.entry.path);
    if (n.entry.kind !== 'file' || s?.kind !== 'file' || oldPaths.has(pathKey(n.entry.path, ci))) continue;
    if (s.size === n.entry.size && n.entry.quickXorHash) out.add(n.entry.path);
  }
  return [...out];
}

export function pathKey(p: string, ci: boolean): string {
  return nameKey(p, ci);
}

/**
 * Items a killed run may have left under their temporary move name (`.odm-<id>.moving` next to where the manifest
 * says they are), shallowest first: the engine renames them back before planning when the real place is empty.
 */
export function interruptedMoves(manifest: ReadonlyMap<string, ManifestEntry>, changes: ChangeSet): { temp: string; path: string }[] {
  const ids = new Set([...changes.items.map((r) => r.id), ...changes.removedIds]);
  if (changes.full) for (const id of manifest.keys()) ids.add(id);
  const out: { temp: string; path: string; depth: number }[] = [];
  for (const id of ids) {
    const e = manifest.get(id);
    if (!e || e.path === '' || e.name.startsWith('.odm-')) continue;
    out.push({ temp: childPath(parentOf(e.path), moveTempName(id)), path: e.path, depth: e.path.split('/').length });
  }
  return out.sort((a, b) => a.depth - b.depth).map(({ temp, path }) => ({ temp, path }));
}
