/**
 * The planner's model of the local tree while actions are being ordered: where each tracked item is right now
 * (parent id + name, so moving a folder moves its subtree for free) and which names are taken in each folder.
 * Pure bookkeeping; the planner reads paths from it at the moment each action would run.
 */
import { childPath, nameKey } from '../paths';

export interface Location {
  parentId: string;
  name: string;
}

export interface Layout {
  readonly rootDirId: string;
  pathOf(id: string): string;
  locationOf(id: string): Location | undefined;
  occupant(parentId: string, name: string): string | undefined;
  /** Puts (or moves) `id` at parentId/name. */
  place(id: string, at: Location): void;
  remove(id: string): void;
  /** True when `id` is `ancestorId` or lies inside it right now. */
  isInside(id: string, ancestorId: string): boolean;
}

export function createLayout(rootDirId: string, caseInsensitive: boolean): Layout {
  const loc = new Map<string, Location>();
  const slots = new Map<string, string>();
  const key = (parentId: string, name: string): string => `${parentId}\u0000${nameKey(name, caseInsensitive)}`;

  const pathOf = (id: string): string => {
    const parts: string[] = [];
    let cur = id;
    for (let guard = 0; cur !== rootDirId; guard++) {
      const l = loc.get(cur);
      if (!l || guard > 10_000) throw new Error(`Layout: ${id} is not attached to the root`);
      parts.push(l.name);
      cur = l.parentId;
    }
    let p = '';
    for (let i = parts.length - 1; i >= 0; i--) p = childPath(p, parts[i]!);
    return p;
  };

  const remove = (id: string): void => {
    const l = loc.get(id);
    if (!l) return;
    const k = key(l.parentId, l.name);
    if (slots.get(k) === id) slots.delete(k);
    loc.delete(id);
  };

  return {
    rootDirId,
    pathOf,
    locationOf: (id) => loc.get(id),
    occupant: (parentId, name) => slots.get(key(parentId, name)),
    place(id, at) {
      remove(id);
      loc.set(id, at);
      slots.set(key(at.parentId, at.name), id);
    },
    remove,
    isInside(id, ancestorId) {
      let cur: string | undefined = id;
      for (let guard = 0; cur !== undefined && guard < 10_000; guard++) {
        if (cur === ancestorId) return true;
        if (cur === rootDirId) return false;
        cur = loc.get(cur)?.parentId;
      }
      return false;
    },
  };
}
