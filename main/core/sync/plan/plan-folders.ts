/**
 * Planner phases 3-4: which items stay, come and go (classifyItems), then the folders to create and the renames,
 * ordered so each runs when its target folder exists and its name is free (decideFolders). A temporary name is
 * used only where a target is taken by an item that has yet to move away, or for a case-only rename on a
 * case-insensitive file system.
 */
import type { FolderOp, PlanState } from './plan-state';
import { childPath } from '../paths';
import type { Steps } from '../steps';

/** Phase 3: kept (tracked and on disk), added (new, or gone from disk), removed (on disk, gone remotely). */
export function* classifyItems(s: PlanState): Steps<void> {
  for (const n of s.tree.nodes.values()) {
    if (s.tick()) yield;
    const id = n.entry.id;
    if (id === s.rootDirId || s.skipped.has(id)) continue;
    const prev = s.manifest.get(id);
    const st = prev ? s.presence.get(id) : undefined;
    if (prev && prev.kind === n.entry.kind && (st === 'unchanged' || st === 'edited')) s.kept.add(id);
    else s.added.push(n);
  }
  for (const e of s.manifest.values()) {
    if (s.tick()) yield;
    if (e.id === s.rootDirId || s.kept.has(e.id) || s.skipped.has(e.id) || !s.layout.locationOf(e.id)) continue;
    if (s.tree.excluded.has(e.id)) {
      // Newly excluded: stays on disk, no longer mirrored. Reported once, at the top of what was excluded; the
      // entries below it leave the manifest with it (no action: nothing happens on disk).
      const parent = e.parentId === null ? undefined : s.manifest.get(e.parentId);
      if (!parent || !s.tree.excluded.has(parent.id)) {
        const path = s.layout.pathOf(e.id);
        s.actions.push({ type: 'forget', id: e.id, path, reason: 'excluded: left in place, no longer mirrored', excluded: true });
      }
      continue;
    }
    s.removed.add(e.id);
  }
}

/** Phase 4: mkdir for added folders and a move for each kept item whose place changed, in a workable order. */
export function* decideFolders(s: PlanState): Steps<void> {
  const pending = new Map<string, FolderOp>();
  for (const id of s.kept) {
    if (s.tick()) yield;
    const n = s.tree.nodes.get(id)!;
    if (n.entry.kind === 'folder') s.exists.add(id);
    const target = s.targetOf(n);
    const now = s.layout.locationOf(id)!;
    if (now.parentId !== target.parentId || now.name !== target.name) pending.set(id, { id, kind: 'move', target });
  }
  for (const n of s.added) {
    if (s.tick()) yield;
    if (n.entry.kind === 'folder') pending.set(n.entry.id, { id: n.entry.id, kind: 'mkdir', target: s.targetOf(n) });
  }
  yield* orderFolderOps(s, pending);
}

/** Runs every op that can run, again and again; when all wait on each other, one occupant steps aside. */
function* orderFolderOps(s: PlanState, pending: Map<string, FolderOp>): Steps<void> {
  const atTemp = new Set<string>();
  while (pending.size > 0) {
    let progressed = false;
    for (const op of [...pending.values()]) {
      if (s.tick()) yield;
      if (tryFolderOp(s, op)) {
        pending.delete(op.id);
        progressed = true;
      }
    }
    if (progressed) continue;
    // Every remaining op waits on another: step one occupant aside (a swap or a cycle of renames).
    let stepped = false;
    for (const op of pending.values()) {
      if (s.tick()) yield;
      if (!s.exists.has(op.target.parentId)) continue;
      const occ = s.layout.occupant(op.target.parentId, op.target.name);
      if (occ === undefined || !pending.has(occ) || atTemp.has(occ)) continue;
      s.stepAside(occ, s.tree.nodes.get(occ)!.entry.kind);
      atTemp.add(occ);
      stepped = true;
      break;
    }
    if (!stepped)
      throw new Error(`planSync: cannot order ${pending.size} renames (${[...pending.keys()].slice(0, 3).join(', ')})`);
  }
}

/** Emits the op's action if it can run now (its folder exists, its name is free or held by a removed item). */
function tryFolderOp(s: PlanState, op: FolderOp): boolean {
  const { parentId, name } = op.target;
  if (!s.exists.has(parentId)) return false;
  if (op.kind === 'move' && s.layout.isInside(parentId, op.id)) return false;
  const occ = s.layout.occupant(parentId, name);
  if (occ !== undefined && occ !== op.id) {
    if (s.removed.has(occ)) s.evict(occ);
    else return false;
  }
  const untracked = s.untrackedAt(op.id);
  if (untracked && untracked.kind === 'file') s.keepAsConflict(null, childPath(s.layout.pathOf(parentId), name), untracked);
  if (op.kind === 'mkdir') {
    s.layout.place(op.id, op.target);
    s.exists.add(op.id);
    s.actions.push({ type: 'mkdir', id: op.id, path: s.layout.pathOf(op.id) });
    return true;
  }
  const kind = s.tree.nodes.get(op.id)!.entry.kind;
  // Case-only rename on a case-insensitive file system: step through a temporary name.
  if (occ === op.id) s.stepAside(op.id, kind);
  const from = s.layout.pathOf(op.id);
  s.layout.place(op.id, op.target);
  s.actions.push({ type: 'move', id: op.id, kind, from, to: s.layout.pathOf(op.id), temp: false });
  return true;
}
