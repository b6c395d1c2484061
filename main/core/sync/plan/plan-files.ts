/**
 * Planner phase 5, per item of the remote tree in tree order: the next manifest entry, and for files the conflict
 * copy and download they need. Local edits are never destroyed: a file is replaced only when it still is what we
 * wrote, else it is set aside first. Content already on disk (a killed run wrote it) is adopted, not downloaded.
 */
import type { TreeNode } from './plan-tree';
import { remoteOf, sameContent } from './plan-tree';
import type { PlanState } from './plan-state';
import type { Steps } from '../steps';

/** Phase 5: folders ride along, kept files are updated, added files are placed. */
export function* decideFiles(s: PlanState): Steps<void> {
  for (const n of s.tree.nodes.values()) {
    if (s.tick()) yield;
    const id = n.entry.id;
    if (s.skipped.has(id)) continue;
    if (id === s.rootDirId || n.entry.kind === 'folder') {
      const e = n.entry;
      s.next.set(id, e.localSize === null && e.localMtimeMs === null ? e : { ...e, localSize: null, localMtimeMs: null });
    } else if (s.kept.has(id)) {
      decideKeptFile(s, n);
    } else {
      decideAddedFile(s, n);
    }
  }
}

/** A tracked file still on disk: unchanged content stays; else download, setting a local edit aside first. */
function decideKeptFile(s: PlanState, n: TreeNode): void {
  const id = n.entry.id;
  const prev = s.prev(id);
  if (sameContent(prev, n.entry)) {
    s.next.set(id, n.entry === prev ? prev : { ...n.entry, localSize: prev.localSize, localMtimeMs: prev.localMtimeMs });
    return;
  }
  const edited = s.presence.get(id) === 'edited';
  const now = s.statOf(prev.path);
  if (
    edited &&
    now &&
    n.entry.quickXorHash &&
    s.localHashes.get(prev.path) === n.entry.quickXorHash &&
    now.size === n.entry.size
  ) {
    // Already the new version (a killed run placed it before its checkpoint): adopt it.
    s.next.set(id, { ...n.entry, localSize: now.size, localMtimeMs: now.mtimeMs });
    return;
  }
  const path = s.layout.pathOf(id);
  const seen = now ?? { kind: 'file' as const, size: prev.localSize ?? 0, mtimeMs: prev.localMtimeMs ?? 0 };
  if (edited) s.keepAsConflict(id, path, seen);
  s.actions.push({ type: 'download', id, path, item: remoteOf(n), replaces: edited ? null : seen });
  s.next.set(id, { ...n.entry, localSize: null, localMtimeMs: null });
}

/** A file to create: its slot may hold a removed item (reused when it has the content, else evicted) or refuse it. */
function decideAddedFile(s: PlanState, n: TreeNode): void {
  const id = n.entry.id;
  const target = s.targetOf(n);
  const occ = s.layout.occupant(target.parentId, target.name);
  if (occ !== undefined && s.removed.has(occ)) {
    const e = s.prev(occ);
    const there = s.statOf(e.path);
    // Deleted and re-created with the same content, or the new content already there (a killed run wrote it).
    const sameAsOurs = e.kind === 'file' && s.presence.get(occ) === 'unchanged' && sameContent(e, n.entry);
    const alreadyNew =
      !sameAsOurs &&
      e.kind === 'file' &&
      there &&
      there.size === n.entry.size &&
      n.entry.quickXorHash &&
      s.localHashes.get(e.path) === n.entry.quickXorHash;
    if (sameAsOurs || alreadyNew) {
      // Keep the file, track it under the new id.
      s.layout.remove(occ);
      s.removed.delete(occ);
      s.layout.place(id, target);
      const size = sameAsOurs ? e.localSize : there!.size;
      const mtimeMs = sameAsOurs ? e.localMtimeMs : there!.mtimeMs;
      s.next.set(id, { ...n.entry, localSize: size, localMtimeMs: mtimeMs });
      return;
    }
    s.evict(occ);
  } else if (occ !== undefined) {
    s.refused.push({ id, path: n.entry.path, reason: 'another item is in the way' });
    return;
  }
  s.layout.place(id, target);
  const path = s.layout.pathOf(id);
  const untracked = s.untrackedAt(id);
  if (untracked && untracked.kind === 'folder') {
    s.refused.push({ id, path, reason: 'a local folder with this name is in the way' });
    s.layout.remove(id);
    return;
  }
  if (untracked && untracked.kind === 'file') {
    const h = s.localHashes.get(n.entry.path);
    if (untracked.size === n.entry.size && n.entry.quickXorHash && h === n.entry.quickXorHash) {
      s.next.set(id, { ...n.entry, localSize: untracked.size, localMtimeMs: untracked.mtimeMs });
      return;
    }
    s.keepAsConflict(null, path, untracked);
  }
  s.actions.push({ type: 'download', id, path, item: remoteOf(n), replaces: null });
  s.next.set(id, { ...n.entry, localSize: null, localMtimeMs: null });
}
