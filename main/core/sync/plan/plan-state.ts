/**
 * The planner's one working state (rclone's `syncCopyMove` is the model): the read-only inputs, what the phases
 * decided so far, and the plan being built. Each phase (plan-*.ts) reads and extends it in plan.ts's order; the
 * methods here are the few decisions more than one phase makes (a conflict copy, clearing a slot).
 */
import type { ManifestEntry } from '../types';
import type { Action, LocalStat, PendingDelete, PlanInput, Refusal } from './plan-types';
import type { RemoteTree, TreeNode } from './plan-tree';
import { pathKey } from './plan-inputs';
import { createLayout, type Layout, type Location } from './plan-layout';
import { childPath, conflictName, moveTempName, parentOf } from '../paths';
import { ticker } from '../steps';

/** The parent id of a single-file config's file: the local directory itself. */
export const LOCAL_DIR_ID = '\u0000local-dir';

/** What the disk says about a tracked item: as we left it, changed here, gone, or a link/special file in its place. */
export type LocalState = 'unchanged' | 'edited' | 'missing' | 'blocked';

/** A folder to create or an item to rename, waiting until its target folder exists and its name is free. */
export interface FolderOp {
  id: string;
  kind: 'move' | 'mkdir';
  target: Location;
}

export class PlanState {
  // --- inputs (never written) ---------------------------------------------------------------------------------
  /** The previous manifest: what the last run left on disk. */
  readonly manifest: PlanInput['manifest'];
  /** The remote tree after the change set (bad names and case collisions already refused). */
  readonly tree: RemoteTree;
  /** QuickXorHash of the local files plan-inputs asked for. */
  readonly localHashes: PlanInput['localHashes'];
  /** Case-insensitive file system: names compare by nameKey. */
  readonly ci: boolean;
  /** The moment conflict names carry. */
  readonly nowMs: number;
  /** The paths whose lstat the planner asked for (anything else is assumed unchanged). */
  private readonly asked: ReadonlySet<string>;
  /** lstat of the asked paths. */
  private readonly local: PlanInput['local'];
  /** The local folder the tree hangs off: the root folder's id, or LOCAL_DIR_ID for a single-file config. */
  readonly rootDirId: string;
  /** True every few hundred calls: where a phase's loop yields (one counter for the whole plan). */
  readonly tick = ticker();

  // --- what the phases decided --------------------------------------------------------------------------------
  /** matchLocal: the local state of each tracked item whose place still exists (absent folders take their subtree). */
  readonly presence = new Map<string, LocalState>();
  /** matchLocal: the path keys of every tracked item (a file found there is ours, not an untracked one). */
  readonly oldPaths = new Set<string>();
  /** matchLocal/refuseBlocked: items not synced this run (a link or special file in the way, and their subtrees). */
  readonly skipped = new Set<string>();
  /** classifyItems: tracked items still on disk and still in the remote tree. */
  readonly kept = new Set<string>();
  /** classifyItems: remote items to create (new, or gone from disk), in tree order. */
  readonly added: TreeNode[] = [];
  /** classifyItems: tracked items on disk that left the remote tree; evict/decideFiles take some back out. */
  readonly removed = new Set<string>();
  /** The local tree as the actions so far leave it: where each item stands, which names are taken. */
  readonly layout: Layout;
  /** Folders created or in place by now (decideFolders creates children only inside them). */
  readonly exists: Set<string>;
  /** Removed folders that stepped aside under a temporary name, with their old name (for keepAs at the trash). */
  readonly evictedFolders = new Map<string, string>();
  /** Conflict paths this plan already handed out (keys). */
  private readonly conflictPaths = new Set<string>();

  // --- the plan -----------------------------------------------------------------------------------------------
  /** The actions in the order they must run. */
  readonly actions: Action[] = [];
  /** Remote items not synced, with the reason. */
  readonly refused: Refusal[];
  /** Files the plan trashes (for the big-delete guard). */
  readonly pendingDeletes: PendingDelete[] = [];
  /** The manifest once every action succeeded. */
  readonly next = new Map<string, ManifestEntry>();

  constructor(input: PlanInput, tree: RemoteTree, asked: ReadonlySet<string>) {
    const { manifest, changes } = input;
    this.manifest = manifest;
    this.tree = tree;
    this.localHashes = input.localHashes;
    this.ci = input.caseInsensitive;
    this.nowMs = input.nowMs;
    this.asked = asked;
    this.local = input.local;
    const rootKind = changes.items.find((r) => r.id === changes.rootId)?.kind ?? manifest.get(changes.rootId)?.kind ?? 'folder';
    this.rootDirId = rootKind === 'file' ? LOCAL_DIR_ID : changes.rootId;
    this.layout = createLayout(this.rootDirId, this.ci);
    this.exists = new Set([this.rootDirId]);
    this.refused = [...tree.refused];
  }

  /** lstat of a path: undefined when not asked (unchanged), null when nothing is there. */
  statOf(p: string): LocalStat | null | undefined {
    return this.asked.has(p) ? (this.local.get(p) ?? null) : undefined;
  }

  /** The local parent id of an item (the root folder's children hang off rootDirId). */
  parentIdOf(p: string | null): string {
    return p ?? this.rootDirId;
  }

  /** Where the remote tree wants an item: its parent and name. */
  targetOf(n: TreeNode): Location {
    return { parentId: this.parentIdOf(n.entry.parentId), name: n.entry.name };
  }

  /** A path's key for comparisons (folded when the file system ignores case). */
  pathKey(p: string): string {
    return pathKey(p, this.ci);
  }

  /** The previous entry of a tracked item (callers only ask for ids of the manifest). */
  prev(id: string): ManifestEntry {
    return this.manifest.get(id)!;
  }

  /** A local file planning saw at the item's new path that no tracked item accounts for. */
  untrackedAt(id: string): LocalStat | null {
    const p = this.tree.nodes.get(id)!.entry.path;
    if (this.oldPaths.has(this.pathKey(p))) return null;
    return this.statOf(p) ?? null;
  }

  /** A conflict name no other conflict of this run uses (apply still checks the disk). */
  uniqueConflictPath(path: string, name = path.slice(path.lastIndexOf('/') + 1)): string {
    let conflictPath = '';
    for (let attempt = 1; attempt === 1 || this.conflictPaths.has(this.pathKey(conflictPath)); attempt++) {
      conflictPath = childPath(parentOf(path), conflictName(name, this.nowMs, attempt));
    }
    this.conflictPaths.add(this.pathKey(conflictPath));
    return conflictPath;
  }

  /** Sets the local file at `path` aside under a conflict name. */
  keepAsConflict(id: string | null, path: string, expect: LocalStat | null): void {
    this.actions.push({
      type: 'keep-as-conflict',
      id,
      path,
      conflictPath: this.uniqueConflictPath(path),
      expect,
    });
  }

  /** Trashes a removed file that is still what we wrote (apply checks `expect` again). */
  trashFile(e: ManifestEntry, path: string): void {
    this.actions.push({ type: 'trash', id: e.id, kind: 'file', path, expect: this.statOf(e.path) ?? null });
    this.pendingDeletes.push({ path, size: e.localSize ?? e.size, id: e.id });
  }

  /** Moves `id` to a temporary name in its folder (a cycle, a swap or a case-only rename steps through it). */
  stepAside(id: string, kind: ManifestEntry['kind']): void {
    const from = this.layout.pathOf(id);
    this.layout.place(id, { parentId: this.layout.locationOf(id)!.parentId, name: moveTempName(id) });
    this.actions.push({ type: 'move', id, kind, from, to: this.layout.pathOf(id), temp: true });
  }

  /** Clears a removed item out of a slot something else needs: a file goes (or becomes a conflict copy), a folder steps aside. */
  evict(occ: string): void {
    const e = this.prev(occ);
    const path = this.layout.pathOf(occ);
    if (e.kind === 'file') {
      if (this.presence.get(occ) === 'edited') {
        this.keepAsConflict(occ, path, this.statOf(e.path) ?? null);
        this.actions.push({
          type: 'forget',
          id: occ,
          path,
          reason: 'changed here and deleted online: kept as a conflict copy',
        });
      } else {
        this.trashFile(e, path);
      }
      this.layout.remove(occ);
      this.removed.delete(occ);
    } else {
      this.evictedFolders.set(occ, e.name);
      this.stepAside(occ, 'folder');
    }
  }
}
