/**
 * What the planner needs to look at on disk, pure: which paths to lstat, which files to hash, and where an
 * interrupted run may have left an item under its temporary move name.
 */
import type { ManifestEntry } from '../types';
import type { LocalStat, PlannerChanges } from './plan-types';
import { buildRemoteTreeSteps, type RemoteTree } from './plan-tree';
import { childPath, depthOf, moveTempName, nameKey, parentOf } from '../paths';
import { ticker, type Steps } from '../steps';

/**
 * Local paths whose lstat the planner needs: old and new places of everything that changed. Steps (see steps.ts);
 * builds the tree too when none is passed.
 */
export function* pathsToStatSteps(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: PlannerChanges,
  platform: NodeJS.Platform,
  ci: boolean,
  tree?: RemoteTree,
): Steps<string[]> {
  return [
    ...(yield* statPathSetSteps(manifest, changes, tree ?? (yield* buildRemoteTreeSteps(manifest, changes, platform, ci)))),
  ];
}

/** The paths of pathsToStatSteps as a set (the planner looks them up). */
export function* statPathSetSteps(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: PlannerChanges,
  tree: RemoteTree,
): Steps<Set<string>> {
  const tick = ticker();
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
    for (const id of manifest.keys()) {
      add(id);
      if (tick()) yield;
    }
    for (const id of tree.nodes.keys()) {
      add(id);
      if (tick()) yield;
    }
  } else {
    for (const r of changes.items) {
      add(r.id);
      if (tick()) yield;
    }
    for (const id of manifest.keys()) {
      if (!tree.nodes.has(id)) add(id);
      if (tick()) yield;
    }
  }
  return out;
}

/**
 * Local files whose QuickXorHash the planner needs: size matches but mtime does not, or an untracked file of the
 * right size. Steps (see steps.ts); builds the tree too when none is passed.
 */
export function* pathsToHashSteps(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: PlannerChanges,
  local: ReadonlyMap<string, LocalStat>,
  platform: NodeJS.Platform,
  ci: boolean,
  tree?: RemoteTree,
): Steps<string[]> {
  const t = tree ?? (yield* buildRemoteTreeSteps(manifest, changes, platform, ci));
  const tick = ticker();
  const out = new Set<string>();
  const oldPaths = new Set<string>();
  const newFileAt = new Map<string, number>();
  for (const n of t.nodes.values()) {
    if (n.entry.kind === 'file') newFileAt.set(pathKey(n.entry.path, ci), n.entry.size);
    if (tick()) yield;
  }
  for (const e of manifest.values()) {
    if (tick()) yield;
    oldPaths.add(pathKey(e.path, ci));
    const s = local.get(e.path);
    if (e.kind !== 'file' || s?.kind !== 'file' || (s.size === e.localSize && s.mtimeMs === e.localMtimeMs)) continue;
    // Same size as what we wrote (touched, or edited in place), or as a new remote version at this place (a killed
    // run already wrote it): only the hash can tell.
    const now = t.nodes.get(e.id)?.entry;
    if ((s.size === e.localSize && e.quickXorHash) || s.size === now?.size || s.size === newFileAt.get(pathKey(e.path, ci))) {
      out.add(e.path);
    }
  }
  for (const n of t.nodes.values()) {
    if (tick()) yield;
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
 * Steps (see steps.ts).
 */
export function* interruptedMovesSteps(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: PlannerChanges,
): Steps<{ temp: string; path: string }[]> {
  const tick = ticker();
  const ids = new Set<string>();
  for (const r of changes.items) {
    ids.add(r.id);
    if (tick()) yield;
  }
  for (const id of changes.removedIds) ids.add(id);
  if (changes.full) {
    for (const id of manifest.keys()) {
      ids.add(id);
      if (tick()) yield;
    }
  }
  // Shallowest first, in id order within a depth: buckets by depth (a stable sort, without the comparator calls).
  const byDepth: ({ temp: string; path: string }[] | undefined)[] = [];
  for (const id of ids) {
    if (tick()) yield;
    const e = manifest.get(id);
    if (!e || e.path === '' || e.name.startsWith('.odm-')) continue;
    const d = depthOf(e.path);
    (byDepth[d] ??= []).push({ temp: childPath(parentOf(e.path), moveTempName(id)), path: e.path });
  }
  const out: { temp: string; path: string }[] = [];
  for (const bucket of byDepth) {
    if (bucket) for (const m of bucket) out.push(m);
    if (tick()) yield;
  }
  return out;
}
