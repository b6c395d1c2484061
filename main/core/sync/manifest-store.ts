/**
 * state/<configId>.json: the manifest, the deltaLink, deletes waiting for confirmation and partial downloads.
 * Compact on disk (one array per entry, paths only where they cannot be derived from the parent) so 100k entries
 * load and save in well under a second; written atomically (temp file, fsync, rename, fsync of the directory).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { ManifestEntry } from './types';
import type { PendingDelete } from './plan-types';
import { childPath } from './paths';
import { removeStaleTempFiles, writeFileAtomic } from '../store/atomic-file';

export const STATE_VERSION = 1;

export interface SyncState {
  /** Committed only after a whole change set was applied. */
  deltaLink: string | null;
  manifest: Map<string, ManifestEntry>;
  /** Set when a run stopped for confirm_deletes. */
  pendingDeletes: PendingDelete[] | null;
  /** Relative paths of partial downloads kept for a Range resume (garbage-collected when no longer wanted). */
  partials: string[];
}

type Row = [
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

interface StateFile {
  version: number;
  deltaLink: string | null;
  pendingDeletes: PendingDelete[] | null;
  partials: string[];
  entries: Row[];
}

export function emptyState(): SyncState {
  return { deltaLink: null, manifest: new Map(), pendingDeletes: null, partials: [] };
}

export function statePath(stateDir: string, configId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(configId) || configId.startsWith('.')) throw new Error(`Unsafe config id: ${configId}`);
  return path.join(stateDir, `${configId}.json`);
}

export function encodeState(state: SyncState): string {
  const entries: Row[] = [];
  for (const e of state.manifest.values()) {
    const parent = e.parentId === null ? undefined : state.manifest.get(e.parentId);
    const derivable = parent !== undefined && childPath(parent.path, e.name) === e.path;
    entries.push([
      e.id,
      e.parentId,
      e.name,
      derivable ? null : e.path,
      e.kind === 'folder' ? 1 : 0,
      e.eTag,
      e.cTag,
      e.size,
      e.quickXorHash,
      e.remoteMtimeMs,
      e.localSize,
      e.localMtimeMs,
    ]);
  }
  const file: StateFile = {
    version: STATE_VERSION,
    deltaLink: state.deltaLink,
    pendingDeletes: state.pendingDeletes,
    partials: state.partials,
    entries,
  };
  // One entry per line: still compact, and a diff or a human can read it.
  const head = JSON.stringify({ ...file, entries: [] }).slice(0, -3);
  return `${head}[\n${entries.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
}

export function decodeState(text: string): SyncState {
  const file = JSON.parse(text) as StateFile;
  if (file.version !== STATE_VERSION || !Array.isArray(file.entries)) throw new Error(`Unknown state version ${file.version}`);
  const rows = file.entries;
  const manifest = new Map<string, ManifestEntry>();
  for (const r of rows) {
    manifest.set(r[0], {
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
    });
  }
  // Derive the paths left out (parents may come after children in the file).
  const derived = new Set<string>(rows.filter((r) => r[3] !== null).map((r) => r[0]));
  const pathOf = (id: string, guard: number): string => {
    const e = manifest.get(id)!;
    if (derived.has(id)) return e.path;
    if (guard > 10_000 || e.parentId === null || !manifest.has(e.parentId)) throw new Error(`State: cannot place ${id}`);
    e.path = childPath(pathOf(e.parentId, guard + 1), e.name);
    derived.add(id);
    return e.path;
  };
  for (const id of manifest.keys()) pathOf(id, 0);
  return {
    deltaLink: file.deltaLink ?? null,
    manifest,
    pendingDeletes: file.pendingDeletes ?? null,
    partials: Array.isArray(file.partials) ? file.partials : [],
  };
}

/** The stored state, or null when this config never synced. A corrupt file is kept aside and treated as absent. */
export async function loadState(stateDir: string, configId: string): Promise<SyncState | null> {
  const file = statePath(stateDir, configId);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return decodeState(text);
  } catch {
    await fs.rename(file, `${file}.corrupt-${Date.now()}`).catch(() => {});
    return null;
  }
}

export async function saveState(stateDir: string, configId: string, state: SyncState): Promise<void> {
  await fs.mkdir(stateDir, { recursive: true });
  await writeFileAtomic(statePath(stateDir, configId), encodeState(state));
}

export async function removeSyncState(stateDir: string, configId: string): Promise<void> {
  const file = statePath(stateDir, configId);
  await fs.rm(file, { force: true });
  await fs.rm(path.join(stateDir, `${configId}.moves.jsonl`), { force: true }); // the move journal (apply-journal.ts)
  await removeStaleTempFiles(file);
}

/**
 * Batches manifest checkpoints during a long run: a save after `everyFiles` completed actions or `everyMs`,
 * whichever comes first, but when a save is slow (over 50 ms: a 100k-entry manifest costs ~0.2 s) not more often
 * than every 20x its duration, so saving stays under ~5 % of the run; never two saves at once; `flush` saves now.
 */
export function createCheckpointer(save: () => Promise<void>, o: { everyFiles?: number; everyMs?: number; now?: () => number } = {}) {
  const everyFiles = o.everyFiles ?? 500;
  const everyMs = o.everyMs ?? 5_000;
  const now = o.now ?? Date.now;
  let since = 0;
  let last = now();
  let lastCost = 0;
  let chain: Promise<void> = Promise.resolve();
  let saves = 0;
  const enqueue = (): Promise<void> => {
    since = 0;
    last = now();
    chain = chain.then(async () => {
      saves++;
      const t0 = now();
      await save();
      lastCost = now() - t0;
    });
    return chain;
  };
  return {
    /** Call after each completed action. */
    note(): void {
      since++;
      const elapsed = now() - last;
      // Cheap saves (small manifests) are never held back.
      const minGap = lastCost > 50 ? 20 * lastCost : 0;
      if ((since >= everyFiles || elapsed >= everyMs) && elapsed >= minGap) void enqueue().catch(() => {});
    },
    flush: (): Promise<void> => enqueue(),
    get saves(): number {
      return saves;
    },
  };
}
