/** Manifest bookkeeping of the applier, pure: which entries the end of a run touches, and when an entry changed. */
import type { Plan } from './plan-types';
import type { ManifestEntry } from './types';

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

/**
 * Tracked items the plan drops without an action, and items of the next manifest without one (they take its
 * metadata at the end of the run). Lists, not the 100k-id set of acted ids kept for the whole run.
 */
export function itemsWithoutAction(plan: Plan, manifest: ReadonlyMap<string, ManifestEntry>): { dropped: string[]; riding: string[] } {
  const acted = new Set<string>();
  for (const a of plan.actions) if (a.id !== null) acted.add(a.id);
  const dropped: string[] = [];
  for (const id of manifest.keys()) if (!plan.nextManifest.has(id) && !acted.has(id)) dropped.push(id);
  const riding: string[] = [];
  for (const id of plan.nextManifest.keys()) if (!acted.has(id)) riding.push(id);
  return { dropped, riding };
}
