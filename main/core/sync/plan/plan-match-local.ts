/**
 * Planner phases 1-2, over the previous tree and the disk: where each tracked item stands locally (matchLocal),
 * and which remote items cannot be written because a symlink or special file is in their way (refuseBlocked).
 */
import type { ManifestEntry } from '../types';
import type { LocalState, PlanState } from './plan-state';
import type { Steps } from '../steps';

const BLOCKED = 'a symbolic link or special file is in the way';

/** What the disk says about one tracked item, ignoring its parents. */
function localStateOf(s: PlanState, e: ManifestEntry): LocalState {
  const st = s.statOf(e.path);
  if (st === undefined) return 'unchanged';
  if (st === null) return 'missing';
  if (st.kind === 'symlink' || st.kind === 'other') return 'blocked';
  if (st.kind !== e.kind) return 'missing';
  if (e.kind === 'folder') return 'unchanged';
  if (st.size === e.localSize && st.mtimeMs === e.localMtimeMs) return 'unchanged';
  const h = s.localHashes.get(e.path);
  if (h !== undefined && e.quickXorHash && h === e.quickXorHash && st.size === e.size) return 'unchanged';
  return 'edited';
}

/** An item's local state, parents first: an item under a folder that is gone (or not ours) is missing too. */
function presenceOf(s: PlanState, id: string): LocalState {
  const known = s.presence.get(id);
  if (known) return known;
  const e = s.prev(id);
  const parent = s.parentIdOf(e.parentId);
  let st: LocalState;
  if (parent !== s.rootDirId && !s.manifest.has(parent)) st = 'missing';
  else if (parent !== s.rootDirId && presenceOf(s, parent) !== 'unchanged' && presenceOf(s, parent) !== 'edited') st = 'missing';
  else st = localStateOf(s, e);
  s.presence.set(id, st);
  return st;
}

/** Places a present tracked item in the layout, parents before children so every placed item hangs off the root. */
function placeOld(s: PlanState, id: string): void {
  if (s.layout.locationOf(id) || id === s.rootDirId) return;
  const e = s.prev(id);
  const parent = s.parentIdOf(e.parentId);
  if (parent !== s.rootDirId) placeOld(s, parent);
  s.layout.place(id, { parentId: parent, name: e.name });
}

/** Phase 1: where the old tree stands on disk. Present items go into the layout; blocked ones are refused. */
export function* matchLocal(s: PlanState): Steps<void> {
  for (const e of s.manifest.values()) {
    if (s.tick()) yield;
    if (e.id === s.rootDirId) continue;
    s.oldPaths.add(s.pathKey(e.path));
    const st = presenceOf(s, e.id);
    if (st === 'missing') continue;
    if (st === 'blocked') {
      s.skipped.add(e.id);
      s.refused.push({ id: e.id, path: e.path, reason: BLOCKED });
    }
  }
  for (const e of s.manifest.values()) {
    if (s.tick()) yield;
    const st = s.presence.get(e.id);
    if (st !== undefined && st !== 'missing') placeOld(s, e.id);
  }
}

/** Phase 2: a symlink or special file where the remote tree wants to write: that subtree is skipped and reported. */
export function* refuseBlocked(s: PlanState): Steps<void> {
  const skipSubtree = (id: string): void => {
    s.skipped.add(id);
    for (const c of s.tree.children.get(id) ?? []) skipSubtree(c);
  };
  for (const n of s.tree.nodes.values()) {
    if (s.tick()) yield;
    const id = n.entry.id;
    if (s.skipped.has(id) || id === s.rootDirId) continue;
    const st = s.statOf(n.entry.path);
    if (st && (st.kind === 'symlink' || st.kind === 'other')) {
      s.refused.push({ id, path: n.entry.path, reason: BLOCKED });
      skipSubtree(id);
    } else if (n.entry.parentId && s.skipped.has(n.entry.parentId)) {
      skipSubtree(id);
    }
  }
}
