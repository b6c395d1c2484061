/** The planner's input and output: plain data shared by plan.ts (pure) and apply.ts (effects). */
import type { ChangeSet, ItemKind, ManifestEntry, RemoteItem } from '../types';
import type { RemoteTree } from './plan-tree';
import type { ExclusionFilter } from './exclusions';

export type LocalKind = 'file' | 'folder' | 'symlink' | 'other';

/** What lstat said about a path inside the root (never follows a symlink). */
export interface LocalStat {
  kind: LocalKind;
  size: number;
  mtimeMs: number;
}

/** A change set as the planner takes it: read, never written (types.ts's ChangeSet fits). */
export type PlannerChanges = Readonly<Omit<ChangeSet, 'items' | 'removedIds'>> & {
  readonly items: readonly RemoteItem[];
  readonly removedIds: readonly string[];
};

/** Everything the planner reads; none of it is written to (the plan is built from new objects). */
export interface PlanInput {
  readonly manifest: ReadonlyMap<string, ManifestEntry>;
  readonly changes: PlannerChanges;
  /** lstat of the paths `pathsToStatSteps` asked for; a missing key among those means "nothing there". */
  readonly local: ReadonlyMap<string, LocalStat>;
  /** QuickXorHash of the local files `pathsToHashSteps` asked for. */
  readonly localHashes: ReadonlyMap<string, string>;
  readonly platform: NodeJS.Platform;
  readonly caseInsensitive: boolean;
  /** For conflict names. */
  readonly nowMs: number;
  /** buildRemoteTreeSteps(manifest, changes, platform, caseInsensitive, exclude), when the caller already built it. */
  readonly tree?: RemoteTree;
  /** The sync's exclusions (exclusions.ts); null or absent: everything is mirrored. */
  readonly exclude?: ExclusionFilter | null;
}

/** Paths are '/'-separated and relative to the sync root, valid at the moment the action runs. */
export type Action =
  | { type: 'mkdir'; id: string; path: string }
  /** Rename/move of an item we track; `temp` when it only steps aside to break a cycle or a case-only rename. */
  | { type: 'move'; id: string; kind: ItemKind; from: string; to: string; temp: boolean }
  /** Set a local file aside under a conflict name; `expect` is what planning saw there (null: unknown). */
  | { type: 'keep-as-conflict'; id: string | null; path: string; conflictPath: string; expect: LocalStat | null }
  /** Write the remote version at `path`; `replaces` is the local file planning saw there, if any. */
  | { type: 'download'; id: string; path: string; item: RemoteItem; replaces: LocalStat | null }
  /** To the trash: files when unchanged; folders only when empty at that moment. */
  | {
      type: 'trash';
      id: string;
      kind: ItemKind;
      path: string;
      expect: LocalStat | null;
      /** A folder that stepped aside under a temporary name and is not empty: rename it here instead. */
      keepAs?: string;
    }
  /**
   * Changed locally and deleted remotely, or newly excluded: left in place, no longer tracked. `excluded` ones never
   * count toward the big-delete rule (nothing is deleted, online or here).
   */
  | { type: 'forget'; id: string; path: string; reason: string; excluded?: true };

export interface Refusal {
  id: string;
  path: string;
  reason: string;
}

export interface PendingDelete {
  path: string;
  size: number;
  /** The item's id (state file only; paths can shift when folders move in the same run). */
  id?: string;
}

export interface Plan {
  actions: Action[];
  /** The manifest once every action succeeded (downloads get their local size+mtime from apply). */
  nextManifest: Map<string, ManifestEntry>;
  /** Remote items not synced (bad names, case collisions, symlinks in the way), subtrees included once. */
  refused: Refusal[];
  /** Files the plan would trash (for the big-delete guard). */
  pendingDeletes: PendingDelete[];
}
