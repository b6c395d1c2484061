/**
 * The sync planner, pure: previous manifest + a complete remote change set + lstat (and hashes) of the affected
 * local paths -> the ordered actions that make the local tree mirror the remote one, and the next manifest.
 *
 * Order: folders and renames first (parents before children; a temporary name only where a target is taken by an
 * item that has yet to move away, or for a case-only rename on a case-insensitive file system), then conflict
 * copies and downloads, then the trash (files, then folders deepest first, only if empty by then).
 * Local edits are never destroyed: a file is replaced or trashed only when it still is what we wrote.
 */
import type { ChangeSet, ManifestEntry } from './types';
import type { Action, LocalStat, PendingDelete, Plan, PlanInput, Refusal } from './plan-types';
import { buildRemoteTreeSteps, remoteOf, sameContent, type TreeNode } from './plan-tree';
import { pathKey, pathsToHashSteps, pathsToStatSteps, statPathSetSteps } from './plan-inputs';
import { createLayout, type Location } from './plan-layout';
import { childPath, conflictName, depthOf, moveTempName, parentOf } from './paths';
import { runSteps, runStepsYielding, ticker, type Steps } from './steps';

export { buildRemoteTree, buildRemoteTreeSteps, type RemoteTree } from './plan-tree';
export { interruptedMoves, interruptedMovesSteps, pathsToHash, pathsToHashSteps, pathsToStat, pathsToStatSteps } from './plan-inputs';
export { runSteps, runStepsYielding, type Steps, type YieldOptions } from './steps';

/** The parent id of a single-file config's file: the local directory itself. */
export const LOCAL_DIR_ID = '\u0000local-dir';

type LocalState = 'unchanged' | 'edited' | 'missing' | 'blocked';

export function planSync(input: PlanInput): Plan {
  return runSteps(planSyncSteps(input));
}

export interface CooperativePlanInput {
  manifest: ReadonlyMap<string, ManifestEntry>;
  changes: ChangeSet;
  platform: NodeJS.Platform;
  caseInsensitive: boolean;
  /** lstat of the paths the planner asks for (the engine's effects). */
  statLocal: (paths: string[]) => Promise<ReadonlyMap<string, LocalStat>>;
  /** QuickXorHash of the local files the planner asks for. */
  hashLocal: (paths: string[]) => Promise<ReadonlyMap<string, string>>;
  /** Read once the disk has been looked at, for conflict names. */
  now: () => number;
  /** Longest stretch the planner holds the event loop (default: runStepsYielding's). */
  sliceMs?: number;
}

/**
 * Tree, stat, hash, plan: the same plan as the synchronous calls in that order, with every pass over all items
 * sharing the event loop (runStepsYielding) and the disk I/O left to the caller's functions.
 */
export async function planSyncCooperative(o: CooperativePlanInput): Promise<Plan> {
  const { manifest, changes, platform, caseInsensitive } = o;
  const run = <T>(g: Steps<T>): Promise<T> => runStepsYielding(g, o.sliceMs === undefined ? {} : { sliceMs: o.sliceMs });
  const tree = await run(buildRemoteTreeSteps(manifest, changes, platform, caseInsensitive));
  const local = await o.statLocal(await run(pathsToStatSteps(manifest, changes, platform, caseInsensitive, tree)));
  const localHashes = await o.hashLocal(await run(pathsToHashSteps(manifest, changes, local, platform, caseInsensitive, tree)));
  return run(planSyncSteps({ manifest, changes, local, localHashes, platform, caseInsensitive, nowMs: o.now(), tree }));
}

/**
 * planSync as steps (see steps.ts): yields every few hundred items in its passes over all items, so the engine can
 * run it with runStepsYielding without holding the event loop. Same result as planSync.
 */
export function* planSyncSteps(input: PlanInput): Steps<Plan> {
  const { manifest, changes, local, localHashes, platform, caseInsensitive: ci, nowMs } = input;
  const tick = ticker();
  const tree = input.tree ?? (yield* buildRemoteTreeSteps(manifest, changes, platform, ci));
  const asked = yield* statPathSetSteps(manifest, changes, tree);
  const statOf = (p: string): LocalStat | null | undefined => (asked.has(p) ? (local.get(p) ?? null) : undefined);
  const rootKind = changes.items.find((r) => r.id === changes.rootId)?.kind ?? manifest.get(changes.rootId)?.kind ?? 'folder';
  const rootDirId = rootKind === 'file' ? LOCAL_DIR_ID : changes.rootId;
  const parentIdOf = (p: string | null): string => p ?? rootDirId;

  const actions: Action[] = [];
  const refused: Refusal[] = [...tree.refused];
  const pendingDeletes: PendingDelete[] = [];
  const next = new Map<string, ManifestEntry>();
  const layout = createLayout(rootDirId, ci);
  const skipped = new Set<string>();

  const localState = (e: ManifestEntry): LocalState => {
    const s = statOf(e.path);
    if (s === undefined) return 'unchanged';
    if (s === null) return 'missing';
    if (s.kind === 'symlink' || s.kind === 'other') return 'blocked';
    if (s.kind !== e.kind) return 'missing';
    if (e.kind === 'folder') return 'unchanged';
    if (s.size === e.localSize && s.mtimeMs === e.localMtimeMs) return 'unchanged';
    const h = localHashes.get(e.path);
    if (h !== undefined && e.quickXorHash && h === e.quickXorHash && s.size === e.size) return 'unchanged';
    return 'edited';
  };

  // 1. Where the old tree stands on disk: present items go into the layout; absent folders take their subtree along.
  const presence = new Map<string, LocalState>();
  const presenceOf = (id: string): LocalState => {
    const known = presence.get(id);
    if (known) return known;
    const e = manifest.get(id)!;
    const parent = parentIdOf(e.parentId);
    let st: LocalState;
    if (parent !== rootDirId && !manifest.has(parent)) st = 'missing';
    else if (parent !== rootDirId && presenceOf(parent) !== 'unchanged' && presenceOf(parent) !== 'edited') st = 'missing';
    else st = localState(e);
    presence.set(id, st);
    return st;
  };
  const oldPaths = new Set<string>();
  for (const e of manifest.values()) {
    if (tick()) yield;
    if (e.id === rootDirId) continue;
    oldPaths.add(pathKey(e.path, ci));
    const st = presenceOf(e.id);
    if (st === 'missing') continue;
    if (st === 'blocked') {
      skipped.add(e.id);
      refused.push({ id: e.id, path: e.path, reason: 'a symbolic link or special file is in the way' });
    }
  }
  // Place parents before children so every placed item hangs off the root.
  const placeOld = (id: string): void => {
    if (layout.locationOf(id) || id === rootDirId) return;
    const e = manifest.get(id)!;
    const parent = parentIdOf(e.parentId);
    if (parent !== rootDirId) placeOld(parent);
    layout.place(id, { parentId: parent, name: e.name });
  };
  for (const e of manifest.values()) {
    if (tick()) yield;
    const st = presence.get(e.id);
    if (st !== undefined && st !== 'missing') placeOld(e.id);
  }

  // 2. Symlinks and special files where the remote tree wants to write: skip that subtree, report it.
  const skipSubtree = (id: string): void => {
    skipped.add(id);
    for (const c of tree.children.get(id) ?? []) skipSubtree(c);
  };
  for (const n of tree.nodes.values()) {
    if (tick()) yield;
    if (skipped.has(n.entry.id) || n.entry.id === rootDirId) continue;
    const s = statOf(n.entry.path);
    if (s && (s.kind === 'symlink' || s.kind === 'other') && !skipped.has(n.entry.id)) {
      refused.push({ id: n.entry.id, path: n.entry.path, reason: 'a symbolic link or special file is in the way' });
      skipSubtree(n.entry.id);
    } else if (n.entry.parentId && skipped.has(n.entry.parentId)) {
      skipSubtree(n.entry.id);
    }
  }

  // 3. Classify: kept (tracked and on disk), added (new, or gone from disk), removed (on disk, gone remotely).
  const kept = new Set<string>();
  const added: TreeNode[] = [];
  for (const n of tree.nodes.values()) {
    if (tick()) yield;
    const id = n.entry.id;
    if (id === rootDirId || skipped.has(id)) continue;
    const prev = manifest.get(id);
    const st = prev ? presence.get(id) : undefined;
    if (prev && prev.kind === n.entry.kind && (st === 'unchanged' || st === 'edited')) kept.add(id);
    else added.push(n);
  }
  const removed = new Set<string>();
  for (const e of manifest.values()) {
    if (tick()) yield;
    if (e.id === rootDirId || kept.has(e.id) || skipped.has(e.id) || !layout.locationOf(e.id)) continue;
    removed.add(e.id);
  }

  const conflictPaths = new Set<string>();
  /** A conflict name no other conflict of this run uses (apply still checks the disk). */
  const uniqueConflictPath = (path: string, name = path.slice(path.lastIndexOf('/') + 1)): string => {
    let conflictPath = '';
    for (let attempt = 1; attempt === 1 || conflictPaths.has(pathKey(conflictPath, ci)); attempt++) {
      conflictPath = childPath(parentOf(path), conflictName(name, nowMs, attempt));
    }
    conflictPaths.add(pathKey(conflictPath, ci));
    return conflictPath;
  };
  const emitConflict = (id: string | null, path: string, expect: LocalStat | null): void => {
    const conflictPath = uniqueConflictPath(path);
    actions.push({ type: 'keep-as-conflict', id, path, conflictPath, expect });
  };

  const evictedFolders = new Map<string, string>();
  /** Clears a removed item out of a slot something else needs. */
  const evict = (occ: string): void => {
    const e = manifest.get(occ)!;
    const path = layout.pathOf(occ);
    if (e.kind === 'file') {
      if (presence.get(occ) === 'edited') {
        emitConflict(occ, path, statOf(e.path) ?? null);
        actions.push({ type: 'forget', id: occ, path, reason: 'changed here and deleted online: kept as a conflict copy' });
      } else {
        actions.push({ type: 'trash', id: occ, kind: 'file', path, expect: statOf(e.path) ?? null });
        pendingDeletes.push({ path, size: e.localSize ?? e.size, id: e.id });
      }
      layout.remove(occ);
      removed.delete(occ);
    } else {
      evictedFolders.set(occ, e.name);
      const at: Location = { parentId: layout.locationOf(occ)!.parentId, name: moveTempName(occ) };
      layout.place(occ, at);
      actions.push({ type: 'move', id: occ, kind: 'folder', from: path, to: layout.pathOf(occ), temp: true });
    }
  };

  // 4. Folders and renames.
  interface Op { id: string; kind: 'move' | 'mkdir'; target: Location }
  const pending = new Map<string, Op>();
  const exists = new Set<string>([rootDirId]);
  for (const id of kept) {
    if (tick()) yield;
    const n = tree.nodes.get(id)!;
    if (n.entry.kind === 'folder') exists.add(id);
    const target = { parentId: parentIdOf(n.entry.parentId), name: n.entry.name };
    const now = layout.locationOf(id)!;
    if (now.parentId !== target.parentId || now.name !== target.name) pending.set(id, { id, kind: 'move', target });
  }
  for (const n of added) {
    if (tick()) yield;
    if (n.entry.kind === 'folder') pending.set(n.entry.id, { id: n.entry.id, kind: 'mkdir', target: { parentId: parentIdOf(n.entry.parentId), name: n.entry.name } });
  }
  /** A local file planning saw at the item's new path that no tracked item accounts for. */
  const untrackedAt = (id: string): LocalStat | null => {
    const p = tree.nodes.get(id)!.entry.path;
    if (oldPaths.has(pathKey(p, ci))) return null;
    return statOf(p) ?? null;
  };
  const atTemp = new Set<string>();
  const tryOp = (op: Op): boolean => {
    const { parentId, name } = op.target;
    if (!exists.has(parentId)) return false;
    if (op.kind === 'move' && layout.isInside(parentId, op.id)) return false;
    const occ = layout.occupant(parentId, name);
    if (occ !== undefined && occ !== op.id) {
      if (removed.has(occ)) evict(occ);
      else return false;
    }
    const untracked = untrackedAt(op.id);
    if (untracked && untracked.kind === 'file') emitConflict(null, childPath(layout.pathOf(parentId), name), untracked);
    if (op.kind === 'mkdir') {
      layout.place(op.id, op.target);
      exists.add(op.id);
      actions.push({ type: 'mkdir', id: op.id, path: layout.pathOf(op.id) });
      return true;
    }
    const kind = tree.nodes.get(op.id)!.entry.kind;
    if (occ === op.id) {
      // Case-only rename on a case-insensitive file system: step through a temporary name.
      const from = layout.pathOf(op.id);
      layout.place(op.id, { parentId: layout.locationOf(op.id)!.parentId, name: moveTempName(op.id) });
      actions.push({ type: 'move', id: op.id, kind, from, to: layout.pathOf(op.id), temp: true });
    }
    const from = layout.pathOf(op.id);
    layout.place(op.id, op.target);
    actions.push({ type: 'move', id: op.id, kind, from, to: layout.pathOf(op.id), temp: false });
    return true;
  };
  while (pending.size > 0) {
    let progressed = false;
    for (const op of [...pending.values()]) {
      if (tick()) yield;
      if (tryOp(op)) {
        pending.delete(op.id);
        progressed = true;
      }
    }
    if (progressed) continue;
    // Every remaining op waits on another: step one occupant aside (a swap or a cycle of renames).
    let stepped = false;
    for (const op of pending.values()) {
      if (tick()) yield;
      if (!exists.has(op.target.parentId)) continue;
      const occ = layout.occupant(op.target.parentId, op.target.name);
      if (occ === undefined || !pending.has(occ) || atTemp.has(occ)) continue;
      const from = layout.pathOf(occ);
      layout.place(occ, { parentId: layout.locationOf(occ)!.parentId, name: moveTempName(occ) });
      atTemp.add(occ);
      actions.push({ type: 'move', id: occ, kind: tree.nodes.get(occ)!.entry.kind, from, to: layout.pathOf(occ), temp: true });
      stepped = true;
      break;
    }
    if (!stepped) throw new Error(`planSync: cannot order ${pending.size} renames (${[...pending.keys()].slice(0, 3).join(', ')})`);
  }

  // 5. Conflict copies and downloads.
  for (const n of tree.nodes.values()) {
    if (tick()) yield;
    const id = n.entry.id;
    if (skipped.has(id)) continue;
    if (id === rootDirId || n.entry.kind === 'folder') {
      const e = n.entry;
      next.set(id, e.localSize === null && e.localMtimeMs === null ? e : { ...e, localSize: null, localMtimeMs: null });
      continue;
    }
    const prev = manifest.get(id);
    if (kept.has(id)) {
      if (sameContent(prev!, n.entry)) {
        next.set(id, n.entry === prev ? prev : { ...n.entry, localSize: prev!.localSize, localMtimeMs: prev!.localMtimeMs });
        continue;
      }
      const now = statOf(prev!.path);
      if (presence.get(id) === 'edited' && now && n.entry.quickXorHash && localHashes.get(prev!.path) === n.entry.quickXorHash && now.size === n.entry.size) {
        // Already the new version (a killed run placed it before its checkpoint): adopt it.
        next.set(id, { ...n.entry, localSize: now.size, localMtimeMs: now.mtimeMs });
        continue;
      }
      const path = layout.pathOf(id);
      const seen = statOf(prev!.path) ?? { kind: 'file' as const, size: prev!.localSize ?? 0, mtimeMs: prev!.localMtimeMs ?? 0 };
      if (presence.get(id) === 'edited') emitConflict(id, path, seen);
      actions.push({ type: 'download', id, path, item: remoteOf(n), replaces: presence.get(id) === 'edited' ? null : seen });
      next.set(id, { ...n.entry, localSize: null, localMtimeMs: null });
      continue;
    }
    placeAdded(n);
  }

  function placeAdded(n: TreeNode): void {
    const id = n.entry.id;
    const target = { parentId: parentIdOf(n.entry.parentId), name: n.entry.name };
    const occ = layout.occupant(target.parentId, target.name);
    if (occ !== undefined && removed.has(occ)) {
      const e = manifest.get(occ)!;
      if (e.kind === 'file' && presence.get(occ) === 'unchanged' && sameContent(e, n.entry)) {
        // Deleted and re-created with the same content: keep the file, track it under the new id.
        layout.remove(occ);
        removed.delete(occ);
        layout.place(id, target);
        next.set(id, { ...n.entry, localSize: e.localSize, localMtimeMs: e.localMtimeMs });
        return;
      }
      const there = statOf(e.path);
      if (e.kind === 'file' && there && there.size === n.entry.size && n.entry.quickXorHash && localHashes.get(e.path) === n.entry.quickXorHash) {
        // The new item's content is already there (a killed run wrote it): keep it under the new id.
        layout.remove(occ);
        removed.delete(occ);
        layout.place(id, target);
        next.set(id, { ...n.entry, localSize: there.size, localMtimeMs: there.mtimeMs });
        return;
      }
      evict(occ);
    } else if (occ !== undefined) {
      refused.push({ id, path: n.entry.path, reason: 'another item is in the way' });
      return;
    }
    layout.place(id, target);
    const path = layout.pathOf(id);
    const s = untrackedAt(id);
    if (s && s.kind === 'folder') {
      refused.push({ id, path, reason: 'a local folder with this name is in the way' });
      layout.remove(id);
      return;
    }
    if (s && s.kind === 'file') {
      const h = localHashes.get(n.entry.path);
      if (s.size === n.entry.size && n.entry.quickXorHash && h === n.entry.quickXorHash) {
        next.set(id, { ...n.entry, localSize: s.size, localMtimeMs: s.mtimeMs });
        return;
      }
      emitConflict(null, path, s);
    }
    actions.push({ type: 'download', id, path, item: remoteOf(n), replaces: null });
    next.set(id, { ...n.entry, localSize: null, localMtimeMs: null });
  }

  // 6. The trash: files still unchanged since we wrote them, then folders deepest first (apply checks emptiness).
  const folders: string[] = [];
  for (const id of removed) {
    if (tick()) yield;
    const e = manifest.get(id)!;
    const path = layout.pathOf(id);
    if (e.kind === 'folder') {
      folders.push(id);
    } else if (presence.get(id) === 'edited') {
      actions.push({ type: 'forget', id, path, reason: 'changed here and deleted online: left in place' });
    } else {
      actions.push({ type: 'trash', id, kind: 'file', path, expect: statOf(e.path) ?? null });
      pendingDeletes.push({ path, size: e.localSize ?? e.size, id: e.id });
    }
  }
  const depthCache = new Map<string, number>();
  for (const id of folders) {
    depthCache.set(id, depthOf(layout.pathOf(id)));
    if (tick()) yield;
  }
  folders.sort((a, b) => depthCache.get(b)! - depthCache.get(a)!);
  for (const id of folders) {
    if (tick()) yield;
    const name = evictedFolders.get(id);
    const path = layout.pathOf(id);
    const keepAs = name === undefined ? undefined : uniqueConflictPath(path, name);
    actions.push({ type: 'trash', id, kind: 'folder', path, expect: null, ...(keepAs ? { keepAs } : {}) });
  }

  for (const id of skipped) {
    next.delete(id);
    if (tick()) yield;
  }
  return { actions, nextManifest: next, refused, pendingDeletes };
}
