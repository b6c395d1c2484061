/**
 * The sync planner, pure: previous manifest + a complete remote change set + lstat (and hashes) of the affected
 * local paths -> the ordered actions that make the local tree mirror the remote one, and the next manifest.
 * Nothing passed in is written to; the plan is new objects (entries that did not change are shared).
 *
 * Named phases over one PlanState (plan-state.ts), in this order:
 *   buildRemoteTreeSteps (plan-tree.ts)  the remote tree after the changes; bad names and case collisions refused
 *   matchLocal, refuseBlocked            where the old tree stands on disk; links or special files in the way
 *   classifyItems                        kept, added, removed
 *   decideFolders                        mkdir and renames, parents before children, temporary names to break cycles
 *   decideFiles                          next manifest entries, conflict copies and downloads
 *   orderTrash                           files, then folders deepest first (apply trashes a folder only if empty)
 * Local edits are never destroyed: a file is replaced or trashed only when it still is what we wrote.
 */
import type { ManifestEntry } from '../types';
import type { LocalStat, Plan, PlanInput, PlannerChanges } from './plan-types';
import { buildRemoteTreeSteps } from './plan-tree';
import { pathsToHashSteps, pathsToStatSteps, statPathSetSteps } from './plan-inputs';
import { PlanState } from './plan-state';
import { matchLocal, refuseBlocked } from './plan-match-local';
import { classifyItems, decideFolders } from './plan-folders';
import { decideFiles } from './plan-files';
import { orderTrash } from './plan-trash';
import { runSteps, runStepsYielding, type Steps } from '../steps';
import type { ExclusionFilter } from './exclusions';

export { buildRemoteTreeSteps, type RemoteTree } from './plan-tree';
export { interruptedMovesSteps, pathsToHashSteps, pathsToStatSteps } from './plan-inputs';
export { runSteps, runStepsYielding, type Steps, type YieldOptions } from '../steps';

export { LOCAL_DIR_ID } from './plan-state';
export { compileExclusions, exclusionsKey, type ExclusionFilter } from './exclusions';

export function planSync(input: PlanInput): Plan {
  return runSteps(planSyncSteps(input));
}

export interface CooperativePlanInput {
  readonly manifest: ReadonlyMap<string, ManifestEntry>;
  readonly changes: PlannerChanges;
  readonly platform: NodeJS.Platform;
  readonly caseInsensitive: boolean;
  /** The sync's exclusions (exclusions.ts); null: everything is mirrored. */
  readonly exclude?: ExclusionFilter | null;
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
  const exclude = o.exclude ?? null;
  const tree = await run(buildRemoteTreeSteps(manifest, changes, platform, caseInsensitive, exclude));
  const local = await o.statLocal(await run(pathsToStatSteps(manifest, changes, platform, caseInsensitive, tree)));
  const localHashes = await o.hashLocal(await run(pathsToHashSteps(manifest, changes, local, platform, caseInsensitive, tree)));
  return run(planSyncSteps({ manifest, changes, local, localHashes, platform, caseInsensitive, nowMs: o.now(), tree, exclude }));
}

/**
 * planSync as steps (see steps.ts): yields every few hundred items in its passes over all items, so the engine can
 * run it with runStepsYielding without holding the event loop. Same result as planSync.
 */
export function* planSyncSteps(input: PlanInput): Steps<Plan> {
  const { manifest, changes, platform, caseInsensitive } = input;
  const tree = input.tree ?? (yield* buildRemoteTreeSteps(manifest, changes, platform, caseInsensitive, input.exclude ?? null));
  const s = new PlanState(input, tree, yield* statPathSetSteps(manifest, changes, tree));
  yield* matchLocal(s);
  yield* refuseBlocked(s);
  yield* classifyItems(s);
  yield* decideFolders(s);
  yield* decideFiles(s);
  yield* orderTrash(s);
  return { actions: s.actions, nextManifest: s.next, refused: s.refused, pendingDeletes: s.pendingDeletes };
}
