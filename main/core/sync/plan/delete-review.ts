/**
 * Ties a user's "trash them" to the deletions they reviewed. A stopped run keeps its pending deletes in the state
 * file; the config stores how many there were and a fingerprint of that list (db.json, schema v3). A later run
 * may trash beyond the big-delete rule only files from that very list, never more than were confirmed.
 */
import { createHash } from 'node:crypto';

export interface ReviewedDelete {
  path: string;
  size: number;
}

/** What the user confirmed: the size of the reviewed list and its fingerprint. */
export interface ConfirmedDeletes {
  files: number;
  fingerprint: string;
}

/** Order-independent fingerprint of a list of deletes (paths and sizes, as the review shows them). */
export function deleteSetFingerprint(list: readonly ReviewedDelete[]): string {
  const lines = list.map((d) => `${d.path}\t${d.size}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 32);
}

/**
 * True when `planned` may go to the trash under the confirmation: the stored list is the one that was confirmed
 * (same size, same fingerprint) and every planned delete is on it. Fewer is fine (a file came back online);
 * more, or another file, asks again.
 */
export function confirmationCovers(
  planned: readonly ReviewedDelete[],
  reviewed: readonly ReviewedDelete[] | null,
  confirmed: ConfirmedDeletes | null,
): boolean {
  if (!confirmed || planned.length > confirmed.files) return false;
  if (!reviewed) return deleteSetFingerprint(planned) === confirmed.fingerprint;
  if (reviewed.length !== confirmed.files || deleteSetFingerprint(reviewed) !== confirmed.fingerprint) return false;
  const onList = new Set(reviewed.map((d) => d.path));
  return planned.every((d) => onList.has(d.path));
}
