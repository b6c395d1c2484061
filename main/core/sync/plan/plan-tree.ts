/**
 * The remote tree after a change set, pure: previous manifest + changes -> every item in scope with its new
 * path. Items whose names cannot be used locally (and their subtrees) are refused; of remote names that differ
 * only in case on a case-insensitive file system, one is kept (the one already synced, else the first by name).
 */
import type { ManifestEntry, RemoteItem } from '../types';
import type { PlannerChanges, Refusal } from './plan-types';
import { childPath, collisionReason, nameKey, refuseName } from '../paths';
import type { ExclusionFilter, ExclusionItem } from './exclusions';
import { ticker, type Steps } from '../steps';

export interface TreeNode {
  /** The next manifest entry; local size/mtime still those of the previous entry (plan decides). */
  entry: ManifestEntry;
  /** Set when the item arrived in this change set (carries the downloadUrl). */
  remote: RemoteItem | null;
}

export interface RemoteTree {
  readonly rootId: string;
  readonly nodes: ReadonlyMap<string, TreeNode>;
  /** Children ids per folder id, in scope only. */
  readonly children: ReadonlyMap<string, readonly string[]>;
  readonly refused: readonly Refusal[];
  /** Items left out by the sync's exclusions (their subtrees included), by id, with their path. */
  readonly excluded: ReadonlyMap<string, string>;
}

interface Candidate {
  id: string;
  parentId: string | null;
  name: string;
  remote: RemoteItem | null;
  prev: ManifestEntry | undefined;
}

/** The remote tree as steps (see steps.ts): yields every few hundred items. */
export function* buildRemoteTreeSteps(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: PlannerChanges,
  platform: NodeJS.Platform,
  caseInsensitive: boolean,
  exclude: ExclusionFilter | null = null,
): Steps<RemoteTree> {
  const tick = ticker();
  const all = yield* collectCandidates(manifest, changes, tick);
  const rootId = changes.rootId;
  const prevRoot = manifest.get(rootId);
  const root: Candidate = all.get(rootId) ?? {
    id: rootId,
    parentId: null,
    name: prevRoot?.name ?? '',
    remote: prevRoot ? null : syntheticFolder(rootId),
    prev: prevRoot,
  };
  const byParent = new Map<string, Candidate[]>();
  for (const c of all.values()) {
    if (c.id === rootId || c.parentId === null) continue;
    const list = byParent.get(c.parentId);
    if (list) list.push(c);
    else byParent.set(c.parentId, [c]);
    if (tick()) yield;
  }
  const tree: TreeBuild = { rootId, nodes: new Map(), children: new Map(), refused: [], excluded: new Map() };
  const rootIsFile = (root.remote?.kind ?? root.prev?.kind) === 'file';
  if (rootIsFile) {
    // Single-file config: the file lands inside the local directory under its remote name.
    const reason = refuseName(root.name, platform);
    if (reason) tree.refused.push({ id: rootId, path: root.name, reason });
    else tree.nodes.set(rootId, makeNode(root, null, root.name));
    return tree;
  }
  tree.nodes.set(rootId, makeNode(root, null, ''));
  yield* walkFromRoot(tree, byParent, platform, caseInsensitive, exclude, tick);
  return tree;
}

/** The tree while it is built (RemoteTree's maps, writable). */
interface TreeBuild {
  rootId: string;
  nodes: Map<string, TreeNode>;
  children: Map<string, string[]>;
  refused: Refusal[];
  excluded: Map<string, string>;
}

/** Every item in the new state, by id: the previous manifest (unless the listing is full), the changes over it. */
function* collectCandidates(
  manifest: ReadonlyMap<string, ManifestEntry>,
  changes: PlannerChanges,
  tick: () => boolean,
): Steps<Map<string, Candidate>> {
  const all = new Map<string, Candidate>();
  if (!changes.full) {
    for (const e of manifest.values()) {
      all.set(e.id, { id: e.id, parentId: e.parentId, name: e.name, remote: null, prev: e });
      if (tick()) yield;
    }
  }
  for (const r of changes.items) {
    all.set(r.id, { id: r.id, parentId: r.parentId, name: r.name, remote: r, prev: manifest.get(r.id) });
    if (tick()) yield;
  }
  for (const id of changes.removedIds) {
    if (id !== changes.rootId) all.delete(id);
    if (tick()) yield;
  }
  return all;
}

/** Walks down from the root: each folder's children with usable names, one per case-folded name, get their paths. */
function* walkFromRoot(
  tree: TreeBuild,
  byParent: ReadonlyMap<string, Candidate[]>,
  platform: NodeJS.Platform,
  caseInsensitive: boolean,
  exclude: ExclusionFilter | null,
  tick: () => boolean,
): Steps<void> {
  const { nodes, refused } = tree;
  const stack: { id: string; path: string }[] = [{ id: tree.rootId, path: '' }];
  while (stack.length > 0) {
    const { id, path } = stack.pop()!;
    const kids = byParent.get(id);
    if (!kids) continue;
    const groups = new Map<string, Candidate[]>();
    for (const k of kids) {
      // Names already in the manifest were accepted when they arrived.
      const reason = k.remote === null && k.prev?.name === k.name ? null : refuseName(k.name, platform);
      if (reason) {
        refused.push({ id: k.id, path: childPath(path, k.name), reason });
        continue;
      }
      // Exclusions come after the name checks (a hostile name is refused, whatever the filters say) and before
      // the case collisions (an excluded item never takes a name from one that is mirrored).
      if (exclude !== null && exclude(asExclusionItem(k, childPath(path, k.name))) !== null) {
        yield* excludeSubtree(tree, byParent, k, childPath(path, k.name), tick);
        continue;
      }
      const key = nameKey(k.name, caseInsensitive);
      const g = groups.get(key);
      if (g) g.push(k);
      else groups.set(key, [k]);
      if (tick()) yield;
    }
    const accepted: string[] = [];
    for (const [key, group] of groups) {
      const winner = group.length === 1 ? group[0]! : pickCollisionWinner(group, id, key, caseInsensitive);
      for (const loser of group) {
        if (loser === winner) continue;
        refused.push({
          id: loser.id,
          path: childPath(path, loser.name),
          reason: collisionReason(winner.name, loser.name),
        });
      }
      const p = childPath(path, winner.name);
      nodes.set(winner.id, makeNode(winner, id, p));
      accepted.push(winner.id);
      if (nodes.get(winner.id)!.entry.kind === 'folder') stack.push({ id: winner.id, path: p });
      if (tick()) yield;
    }
    tree.children.set(id, accepted);
  }
}

function asExclusionItem(c: Candidate, path: string): ExclusionItem {
  const kind = c.remote?.kind ?? c.prev?.kind ?? 'file';
  return { id: c.id, path, kind, size: c.remote?.size ?? c.prev?.size ?? 0 };
}

/** An excluded item and everything under it: recorded (tracked ones are let go of by the planner), never placed. */
function* excludeSubtree(
  tree: TreeBuild,
  byParent: ReadonlyMap<string, Candidate[]>,
  top: Candidate,
  topPath: string,
  tick: () => boolean,
): Steps<void> {
  const stack: { c: Candidate; path: string }[] = [{ c: top, path: topPath }];
  while (stack.length > 0) {
    const { c, path } = stack.pop()!;
    tree.excluded.set(c.id, path);
    for (const k of byParent.get(c.id) ?? []) stack.push({ c: k, path: childPath(path, k.name) });
    if (tick()) yield;
  }
}

function syntheticFolder(id: string): RemoteItem {
  return {
    id,
    parentId: null,
    name: '',
    kind: 'folder',
    size: 0,
    eTag: null,
    cTag: null,
    mtimeMs: 0,
    hashes: {},
    downloadUrl: null,
  };
}

function pickCollisionWinner(group: Candidate[], parentId: string, key: string, ci: boolean): Candidate {
  const synced = group.find((c) => c.prev && c.prev.parentId === parentId && nameKey(c.prev.name, ci) === key);
  if (synced) return synced;
  return [...group].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1))[0]!;
}

function makeNode(c: Candidate, parentId: string | null, path: string): TreeNode {
  const r = c.remote;
  const prev = c.prev;
  if (!r)
    return {
      entry: prev!.parentId === parentId && prev!.path === path ? prev! : { ...prev!, parentId, path },
      remote: null,
    };
  return {
    remote: r,
    entry: {
      id: r.id,
      parentId,
      name: r.name,
      path,
      kind: r.kind,
      eTag: r.eTag,
      cTag: r.cTag,
      size: r.size,
      quickXorHash: r.hashes.quickXorHash ?? null,
      remoteMtimeMs: r.mtimeMs,
      localSize: prev?.localSize ?? null,
      localMtimeMs: prev?.localMtimeMs ?? null,
    },
  };
}

/** True when the remote content of a file is what we downloaded before. */
export function sameContent(prev: ManifestEntry, next: ManifestEntry): boolean {
  if (prev.size !== next.size) return false;
  if (prev.quickXorHash && next.quickXorHash) return prev.quickXorHash === next.quickXorHash;
  if (prev.cTag && next.cTag) return prev.cTag === next.cTag;
  return prev.eTag === next.eTag;
}

/** The remote item a download of this node needs (rebuilt from the manifest entry when it did not change). */
export function remoteOf(n: TreeNode): RemoteItem {
  if (n.remote) return n.remote;
  const e = n.entry;
  return {
    id: e.id,
    parentId: e.parentId,
    name: e.name,
    kind: e.kind,
    size: e.size,
    eTag: e.eTag,
    cTag: e.cTag,
    mtimeMs: e.remoteMtimeMs,
    hashes: e.quickXorHash ? { quickXorHash: e.quickXorHash } : {},
    downloadUrl: null,
  };
}
