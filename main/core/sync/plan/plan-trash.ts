/**
 * Planner phase 6, last: the trash. Removed files still unchanged since we wrote them go (edited ones are only
 * forgotten), then removed folders, deepest first; apply trashes a folder only if it is empty by then.
 */
import type { PlanState } from './plan-state';
import { depthOf } from '../paths';
import type { Steps } from '../steps';

/** Phase 6: trash (or forget) every removed item, files first, then folders deepest first. */
export function* orderTrash(s: PlanState): Steps<void> {
  const folders: string[] = [];
  for (const id of s.removed) {
    if (s.tick()) yield;
    const e = s.prev(id);
    const path = s.layout.pathOf(id);
    if (e.kind === 'folder') {
      folders.push(id);
    } else if (s.presence.get(id) === 'edited') {
      s.actions.push({ type: 'forget', id, path, reason: 'changed here and deleted online: left in place' });
    } else {
      s.trashFile(e, path);
    }
  }
  const depth = new Map<string, number>();
  for (const id of folders) {
    depth.set(id, depthOf(s.layout.pathOf(id)));
    if (s.tick()) yield;
  }
  folders.sort((a, b) => depth.get(b)! - depth.get(a)!);
  for (const id of folders) {
    if (s.tick()) yield;
    const name = s.evictedFolders.get(id);
    const path = s.layout.pathOf(id);
    // A folder that stepped aside under a temporary name and still holds files goes back under a conflict name.
    const keepAs = name === undefined ? undefined : s.uniqueConflictPath(path, name);
    s.actions.push({ type: 'trash', id, kind: 'folder', path, expect: null, ...(keepAs ? { keepAs } : {}) });
  }
}
