/**
 * A manifest Map that remembers which ids were set or deleted since the last checkpoint, so a checkpoint writes
 * only those (manifest-journal.ts) instead of re-encoding 100k entries every few seconds. Entries are replaced,
 * never mutated in place, everywhere in the engine, so set/delete see every change.
 */
import type { ManifestEntry } from '../types';

export class TrackedManifest extends Map<string, ManifestEntry> {
  // Not a #private field: Map's constructor may call set() before field initializers run.
  private changed: Set<string> | undefined;
  private wiped = false;

  override set(id: string, e: ManifestEntry): this {
    (this.changed ??= new Set()).add(id);
    return super.set(id, e);
  }

  override delete(id: string): boolean {
    const had = super.delete(id);
    if (had) (this.changed ??= new Set()).add(id);
    return had;
  }

  override clear(): void {
    super.clear();
    this.wiped = true;
    this.changed = undefined;
  }

  /** What changed since the last call: ids now present were set, the others deleted. `wiped`: start from empty. */
  takeChanges(): { ids: string[]; wiped: boolean } {
    const out = { ids: this.changed ? [...this.changed] : [], wiped: this.wiped };
    this.changed = undefined;
    this.wiped = false;
    return out;
  }

  get hasChanges(): boolean {
    return this.wiped || (this.changed?.size ?? 0) > 0;
  }
}
