/**
 * The state file's text format, pure: a head line, then one compact array per manifest entry and line (paths only
 * where they cannot be derived from the parent), so 100k entries take ~15-20 MB and a human can still read a diff.
 *
 *   {"version":1,"gen":"…","deltaLink":…,"pendingDeletes":…,"partials":[…],"entries":[
 *   ["id","parentId","name",null,0,…],
 *   …
 *   ]}
 *
 * Encoding and decoding are generators that yield every few hundred entries, so the store can write and read a big
 * manifest without holding the event loop (runStepsYielding) while tests and tools run them straight (runSteps).
 */
import type { ManifestEntry } from '../types';
import type { PendingDelete } from '../plan/plan-types';
import { childPath } from '../paths';
import { derivePaths } from './manifest-paths';
import type { Steps } from '../steps';
import { TrackedManifest } from './tracked-manifest';

export const STATE_VERSION = 1;
/** Entries per yield and per written chunk. */
const BATCH = 500;

export type Row = [
  id: string,
  parentId: string | null,
  name: string,
  /** null when it is parent's path + '/' + name */
  path: string | null,
  kind: 0 | 1,
  eTag: string | null,
  cTag: string | null,
  size: number,
  quickXorHash: string | null,
  remoteMtimeMs: number,
  localSize: number | null,
  localMtimeMs: number | null,
];

/** Everything but the manifest. */
export interface StateHead {
  /** Committed only after a whole change set was applied. */
  deltaLink: string | null;
  /** Set when a run stopped for confirm_deletes. */
  pendingDeletes: PendingDelete[] | null;
  /** Relative paths of partial downloads kept for a Range resume (garbage-collected when no longer wanted). */
  partials: string[];
  /**
   * The exclusions the deltaLink was listed under (exclusionsKey; absent or '' for none). When they differ from the
   * config's, the next run lists everything again: items excluded before were seen and skipped.
   */
  listedWith?: string;
}

export interface SyncState extends StateHead {
  manifest: Map<string, ManifestEntry>;
}

export interface DecodedState extends SyncState {
  manifest: TrackedManifest;
  /** Which checkpoint journal belongs to this file (see manifest-journal.ts); '' for files written before journals. */
  gen: string;
}

export function toRow(e: ManifestEntry, withPath: boolean): Row {
  return [
    e.id,
    e.parentId,
    e.name,
    withPath ? e.path : null,
    e.kind === 'folder' ? 1 : 0,
    e.eTag,
    e.cTag,
    e.size,
    e.quickXorHash,
    e.remoteMtimeMs,
    e.localSize,
    e.localMtimeMs,
  ];
}

/** `path` '' when the row leaves it to be derived. */
export function fromRow(r: Row): ManifestEntry {
  return {
    id: r[0],
    parentId: r[1],
    name: r[2],
    path: r[3] ?? '',
    kind: r[4] === 1 ? 'folder' : 'file',
    eTag: r[5],
    cTag: r[6],
    size: r[7],
    quickXorHash: r[8],
    remoteMtimeMs: r[9],
    localSize: r[10],
    localMtimeMs: r[11],
  };
}

/** The file as text chunks (the head first, then a few hundred entries per chunk). */
export function* encodeStateChunks(state: SyncState, gen: string): Generator<string, void, void> {
  const { manifest } = state;
  const head = {
    version: STATE_VERSION,
    gen,
    deltaLink: state.deltaLink,
    pendingDeletes: state.pendingDeletes,
    partials: state.partials,
    ...(state.listedWith ? { listedWith: state.listedWith } : {}),
  };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[\n`;
  let chunk = '';
  let n = 0;
  for (const e of manifest.values()) {
    const parent = e.parentId === null ? undefined : manifest.get(e.parentId);
    const derivable = parent !== undefined && childPath(parent.path, e.name) === e.path;
    chunk += `${n === 0 ? '' : ',\n'}${JSON.stringify(toRow(e, !derivable))}`;
    if (++n % BATCH === 0) {
      yield chunk;
      chunk = '';
    }
  }
  yield `${chunk}\n]}\n`;
}

export function encodeState(state: SyncState, gen = ''): string {
  return [...encodeStateChunks(state, gen)].join('');
}

/**
 * Parses a state file. Files in the usual layout are read a line at a time (yielding between batches); anything
 * else that is valid JSON of this version (say, reformatted by hand) is parsed whole.
 */
export function* decodeStateSteps(text: string): Steps<DecodedState> {
  const firstEnd = text.indexOf('\n');
  const firstLine = firstEnd < 0 ? '' : text.slice(0, firstEnd);
  const lined = firstLine.endsWith('"entries":[');
  const file = JSON.parse(lined ? `${firstLine}]}` : text) as Partial<StateHead> & {
    version?: unknown;
    gen?: unknown;
    entries?: unknown;
  };
  if (file.version !== STATE_VERSION || !Array.isArray(file.entries))
    throw new Error(`Unknown state version ${String(file.version)}`);
  const manifest = new TrackedManifest();
  const explicit = new Set<string>();
  const add = (r: Row): void => {
    if (!Array.isArray(r) || typeof r[0] !== 'string') throw new Error('State: bad entry');
    manifest.set(r[0], fromRow(r));
    if (r[3] !== null) explicit.add(r[0]);
  };
  if (lined) {
    let pos = firstEnd + 1;
    let n = 0;
    for (;;) {
      const end = text.indexOf('\n', pos);
      if (end < 0) throw new Error('State: truncated');
      const line = text.slice(pos, end);
      pos = end + 1;
      if (line === ']}') break;
      if (line === '') continue; // an empty manifest
      add(JSON.parse(line.endsWith(',') ? line.slice(0, -1) : line) as Row);
      if (++n % BATCH === 0) yield;
    }
  } else {
    for (const r of file.entries as Row[]) add(r);
  }
  yield* derivePaths(manifest, { placed: explicit, orphans: 'throw', write: 'in-place' });
  manifest.takeChanges();
  return {
    gen: typeof file.gen === 'string' ? file.gen : '',
    deltaLink: file.deltaLink ?? null,
    manifest,
    pendingDeletes: file.pendingDeletes ?? null,
    partials: Array.isArray(file.partials) ? file.partials : [],
    ...(typeof file.listedWith === 'string' && file.listedWith !== '' ? { listedWith: file.listedWith } : {}),
  };
}
