/** Manifest bookkeeping of the applier, pure: which entries the end of a run touches, and when an entry changed. */
import type { Plan } from '../plan/plan-types';
import { ticker, type Steps } from '../steps';
import type { ManifestEntry } from '../types';

export function sameEntry(a: ManifestEntry, b: ManifestEntry): boolean {
  return (
    a === b ||
    (a.id === b.id &&
      a.parentId === b.parentId &&
      a.name === b.name &&
      a.path === b.path &&
      a.kind === b.kind &&
      a.eTag === b.eTag &&
      a.cTag === b.cTag &&
      a.size === b.size &&
      a.quickXorHash === b.quickXorHash &&
      a.remoteMtimeMs === b.remoteMtimeMs &&
      a.localSize === b.localSize &&
      a.localMtimeMs === b.localMtimeMs)
  );
}

export interface WithoutAction {
  dropped: string[];
  riding: string[];
}

/**
 * Tracked items the plan drops without an action, and items of the next manifest without one (they take its
 * metadata at the end of the run). Lists, not the 100k-id set of acted ids kept for the whole run. Steps (see
 * steps.ts).
 */
export function* itemsWithoutActionSteps(plan: Plan, manifest: ReadonlyMap<string, ManifestEntry>): Steps<WithoutAction> {
  const tick = ticker();
  const acted = new Set<string>();
  for (const a of plan.actions) {
    if (a.id !== null) acted.add(a.id);
    if (tick()) yield;
  }
  const dropped: string[] = [];
  for (const id of manifest.keys()) {
    if (!plan.nextManifest.has(id) && !acted.has(id)) dropped.push(id);
    if (tick()) yield;
  }
  const riding: string[] = [];
  for (const id of plan.nextManifest.keys()) {
    if (!acted.has(id)) riding.push(id);
    if (tick()) yield;
  }
  return { dropped, riding };
}

/**
 * The end of a run for items without an action: dropped ones leave the manifest, the others take the new metadata
 * (unchanged, adopted, folders that only rode along). Only real changes are set, so the checkpoint journal gets
 * the few entries that changed, not the whole tree.
 */
export function* settleWithoutAction(
  manifest: Map<string, ManifestEntry>,
  next: ReadonlyMap<string, ManifestEntry>,
  ends: WithoutAction,
): Steps<void> {
  const tick = ticker();
  for (const id of ends.dropped) manifest.delete(id);
  for (const id of ends.riding) {
    if (tick()) yield;
    const e = next.get(id)!;
    const cur = manifest.get(id);
    // Same place under its parent: the path kept up with the parents' moves. Elsewhere: adopted where it was found.
    const samePlace = cur && cur.parentId === e.parentId && cur.name === e.name;
    const entry = samePlace && e.path !== cur.path ? { ...e, path: cur.path } : e;
    if (!cur || !sameEntry(cur, entry)) manifest.set(id, entry);
  }
}
