/**
 * The checkpoint journal beside a state file (<configId>.checkpoints.jsonl): between full rewrites, each checkpoint
 * appends one line with only the entries that changed (and the head fields that did), so a 100k-item run no longer
 * re-encodes the whole manifest every few seconds.
 *
 * The first line names the generation of the state file it extends; a journal of another generation is stale (a
 * full rewrite folded it in) and is ignored. A torn last line (a kill mid-append) ends the replay there: every
 * line before it was complete and fsynced.
 */
import type { ManifestEntry } from '../types';
import { fromRow, toRow, type Row, type StateHead } from './manifest-codec';
import type { TrackedManifest } from './tracked-manifest';
import type { Steps } from '../steps';

interface Line {
  /** Entries set (with their paths). */
  s?: Row[];
  /** Ids deleted. */
  d?: string[];
  /** The manifest was emptied before these changes. */
  w?: 1;
  h?: Partial<StateHead>;
}

export function journalHeader(gen: string): string {
  return `${JSON.stringify({ gen })}\n`;
}

/** One line for what changed since the last checkpoint; null when nothing did. */
export function journalLine(manifest: TrackedManifest, head: Partial<StateHead>): string | null {
  const { ids, wiped } = manifest.takeChanges();
  if (ids.length === 0 && !wiped && Object.keys(head).length === 0) return null;
  const line: Line = {};
  const set: Row[] = [];
  const deleted: string[] = [];
  for (const id of ids) {
    const e = manifest.get(id);
    if (e) set.push(toRow(e, true));
    else deleted.push(id);
  }
  if (wiped) line.w = 1;
  if (set.length > 0) line.s = set;
  if (deleted.length > 0) line.d = deleted;
  if (Object.keys(head).length > 0) line.h = head;
  return `${JSON.stringify(line)}\n`;
}

/**
 * Applies a journal's lines to a decoded state when it belongs to `gen`. Returns the number of lines applied and
 * whether the replay stopped before the end (a torn or unreadable line: nothing may be appended after it), or null
 * when the journal is of another generation (or unreadable from its first line).
 */
export function* replayCheckpoints(
  text: string,
  gen: string,
  into: { manifest: Map<string, ManifestEntry> } & StateHead,
): Steps<{ applied: number; torn: boolean } | null> {
  const firstEnd = text.indexOf('\n');
  if (firstEnd < 0) return null;
  try {
    if ((JSON.parse(text.slice(0, firstEnd)) as { gen?: unknown }).gen !== gen) return null;
  } catch {
    return null;
  }
  let pos = firstEnd + 1;
  let applied = 0;
  for (;;) {
    const end = text.indexOf('\n', pos);
    if (end < 0) break; // nothing more, or a torn last line
    let line: Line;
    try {
      line = JSON.parse(text.slice(pos, end)) as Line;
    } catch {
      break;
    }
    pos = end + 1;
    if (line.w) into.manifest.clear();
    for (const r of line.s ?? []) into.manifest.set(r[0], fromRow(r));
    for (const id of line.d ?? []) into.manifest.delete(id);
    const h = line.h ?? {};
    if ('deltaLink' in h) into.deltaLink = h.deltaLink ?? null;
    if ('pendingDeletes' in h) into.pendingDeletes = h.pendingDeletes ?? null;
    if (Array.isArray(h.partials)) into.partials = h.partials;
    if (typeof h.listedWith === 'string') into.listedWith = h.listedWith;
    applied++;
    yield;
  }
  return { applied, torn: pos < text.length };
}
