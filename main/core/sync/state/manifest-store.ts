/**
 * state/<configId>.json (manifest-codec.ts) plus its checkpoint journal (manifest-journal.ts): the manifest, the
 * deltaLink, deletes waiting for confirmation and partial downloads.
 *
 * A run opens the state once and then only appends: each checkpoint writes the entries that changed, so saving
 * costs what changed, not the size of the tree. The end of a run folds the journal into a full rewrite once the
 * journal has outgrown a quarter of the file. Full writes are atomic (temp file, fsync, rename, fsync of the
 * directory) and, like reads, done in chunks between which the event loop runs.
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants, promises as fs } from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE } from '../../data-dir';
import { removeStaleTempFiles, writeFileAtomic } from '../../store/atomic-file';
import { decodeStateSteps, encodeStateChunks, type StateHead, type SyncState } from './manifest-codec';
import { journalHeader, journalLine, replayCheckpoints } from './manifest-journal';
import { runStepsYielding } from '../steps';
import { TrackedManifest } from './tracked-manifest';

export { decodeStateSteps, encodeState, STATE_VERSION, type StateHead, type SyncState } from './manifest-codec';
export { createCheckpointer } from './checkpointer';

/** The journal is folded in at the end of a run once it is bigger than this and a quarter of the state file. */
const JOURNAL_MIN_FOLD = 256 * 1024;

export interface OpenState {
  /** What is on disk; the manifest records its changes for the next checkpoint. */
  readonly state: SyncState & { manifest: TrackedManifest };
  /** False when this config never synced (or its state was corrupt and set aside). */
  readonly existed: boolean;
  /** Appends the manifest's changes since the last write and the given head fields (they update `state`). */
  checkpoint(head?: Partial<StateHead>): Promise<void>;
  /** The end of a run: a checkpoint, or a full rewrite when the journal has grown big. */
  commit(head?: Partial<StateHead>): Promise<void>;
  /** A full rewrite now. */
  rewrite(): Promise<void>;
}

export function statePath(stateDir: string, configId: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(configId) || configId.startsWith('.')) throw new Error(`Unsafe config id: ${configId}`);
  return path.join(stateDir, `${configId}.json`);
}

export function checkpointsPath(stateDir: string, configId: string): string {
  return `${statePath(stateDir, configId).slice(0, -'.json'.length)}.checkpoints.jsonl`;
}

/** The run's download URLs (url-spool.ts): a temp file, removed when the run ends. */
export function urlSpoolPath(stateDir: string, configId: string): string {
  return `${statePath(stateDir, configId).slice(0, -'.json'.length)}.urls.tmp`;
}

const newGen = (): string => randomBytes(6).toString('hex');
const APPEND_ONLY = fsConstants.O_WRONLY | fsConstants.O_APPEND;

/** Reads the state file and replays its journal. A corrupt state file is kept aside and treated as absent. */
export async function openState(stateDir: string, configId: string): Promise<OpenState> {
  const file = statePath(stateDir, configId);
  const journal = checkpointsPath(stateDir, configId);
  let text: string | null = null;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  let gen = '';
  let baseBytes = 0;
  let journalBytes = 0;
  let state: SyncState & { manifest: TrackedManifest } = {
    deltaLink: null,
    manifest: new TrackedManifest(),
    pendingDeletes: null,
    partials: [],
  };
  let existed = false;
  if (text !== null) {
    try {
      const decoded = await runStepsYielding(decodeStateSteps(text));
      baseBytes = Buffer.byteLength(text);
      text = null; // 15-20 MB at 100k entries: let it go before the journal comes in
      gen = decoded.gen;
      state = {
        deltaLink: decoded.deltaLink,
        pendingDeletes: decoded.pendingDeletes,
        partials: decoded.partials,
        manifest: decoded.manifest,
      };
      if (decoded.listedWith !== undefined) state.listedWith = decoded.listedWith;
      existed = true;
    } catch {
      await fs.rename(file, `${file}.corrupt-${Date.now()}`).catch(() => {});
    }
  }
  // A failed append may have left a torn line with good ones to follow: only a rewrite is safe after that.
  let mustRewrite = false;
  if (existed) {
    // A file from before journals names no generation, so no journal can extend it: its first save is a rewrite.
    const log = gen === '' ? null : await readJournal(journal);
    const replay = log === null ? null : await runStepsYielding(replayCheckpoints(log, gen, state));
    state.manifest.takeChanges();
    if (replay === null) await removeStale(journal);
    else journalBytes = Buffer.byteLength(log!);
    // A kill mid-append left a torn line: a line appended after it would be unreadable, and so would all later ones.
    mustRewrite = gen === '' || replay?.torn === true;
  } else {
    await removeStale(journal);
  }

  const rewrite = async (): Promise<void> => {
    const next = newGen();
    await fs.mkdir(stateDir, { recursive: true, mode: PRIVATE_DIR_MODE });
    state.manifest.takeChanges();
    try {
      baseBytes = await writeFileAtomic(file, encodeStateChunks(state, next));
    } catch (e) {
      mustRewrite = true;
      throw e;
    }
    gen = next;
    mustRewrite = false;
    existed = true;
    journalBytes = 0;
    await fs.rm(journal, { force: true });
  };
  const checkpoint = async (head: Partial<StateHead> = {}): Promise<void> => {
    Object.assign(state, head);
    if (!existed || mustRewrite) return rewrite();
    const line = journalLine(state.manifest, head);
    if (line === null) return;
    const chunk = journalBytes === 0 ? journalHeader(gen) + line : line;
    try {
      // Appending never creates the file: one that vanished would come back without its generation line.
      const handle = await fs.open(journal, journalBytes === 0 ? 'w' : APPEND_ONLY, 0o600);
      try {
        // A short write (a full disk) is a torn line too.
        const { bytesWritten } = await handle.write(chunk);
        if (bytesWritten !== Buffer.byteLength(chunk)) throw new Error(`Short write to ${journal}`);
        await handle.datasync();
      } finally {
        await handle.close();
      }
    } catch (e) {
      mustRewrite = true;
      throw e;
    }
    journalBytes += Buffer.byteLength(chunk);
  };
  return {
    state,
    get existed() {
      return existed;
    },
    checkpoint,
    async commit(head = {}) {
      const big = journalBytes > JOURNAL_MIN_FOLD && journalBytes * 4 > baseBytes;
      if (big) {
        Object.assign(state, head);
        return rewrite();
      }
      return checkpoint(head);
    },
    rewrite,
  };
}

/** The journal's text, or null when there is none. Any other error is thrown: deleting it would lose checkpoints. */
async function readJournal(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/** A journal of another generation is ignored anyway (and truncated by the next append): removing it is tidying. */
async function removeStale(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => {});
}

/** The stored state, or null when this config never synced. */
export async function loadState(stateDir: string, configId: string): Promise<SyncState | null> {
  const open = await openState(stateDir, configId);
  return open.existed ? open.state : null;
}

/** Replaces the stored state whole (its journal goes). */
export async function saveState(stateDir: string, configId: string, state: SyncState): Promise<void> {
  await fs.mkdir(stateDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await writeFileAtomic(statePath(stateDir, configId), encodeStateChunks(state, newGen()));
  await fs.rm(checkpointsPath(stateDir, configId), { force: true });
}

export async function removeSyncState(stateDir: string, configId: string): Promise<void> {
  const file = statePath(stateDir, configId);
  await fs.rm(file, { force: true });
  await fs.rm(checkpointsPath(stateDir, configId), { force: true });
  await fs.rm(urlSpoolPath(stateDir, configId), { force: true });
  await fs.rm(path.join(stateDir, `${configId}.moves.jsonl`), { force: true }); // the move journal (apply-journal.ts)
  await removeStaleTempFiles(file);
}
