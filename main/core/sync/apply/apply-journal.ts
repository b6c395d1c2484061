/**
 * The move journal: one line appended before each rename, so a run killed between two manifest checkpoints can
 * tell where its renamed items went. Moves run one at a time, so only the last record can be a rename that never
 * happened (unless a "renames done" line follows); it is dropped when the item is still at its source. Plain appends survive a killed process (the
 * page cache outlives it); the journal is emptied once the next run has folded it into the saved manifest.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../data-dir';
import type { LocalFs } from './apply-fs';
import { baseName } from '../paths';
import { derivePaths } from '../state/manifest-paths';
import { runSteps } from '../steps';
import type { ManifestEntry } from '../types';

export interface MoveRecord {
  id: string;
  parentId: string | null;
  from: string;
  to: string;
  ino: number;
  mtimeMs: number;
}

/** Written once the renames of a run are over: every move record before it happened. */
const RENAMES_DONE = '{"renamesDone":true}';

export function journalPath(stateDir: string, configId: string): string {
  return path.join(stateDir, `${configId}.moves.jsonl`);
}

export async function appendMove(file: string, rec: MoveRecord): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
  await fs.appendFile(file, `${JSON.stringify(rec)}\n`, { mode: PRIVATE_FILE_MODE });
}

/** Points `id` (and, for a folder, everything under it) at its new place. */
export async function markRenamesDone(file: string): Promise<void> {
  await fs.appendFile(file, `${RENAMES_DONE}\n`, { mode: PRIVATE_FILE_MODE }).catch(() => {});
}

export function relocateEntry(manifest: Map<string, ManifestEntry>, id: string, parentId: string | null, to: string): void {
  const cur = manifest.get(id);
  if (!cur || cur.path === to) return;
  const from = cur.path;
  manifest.set(id, { ...cur, parentId, name: baseName(to), path: to });
  if (cur.kind !== 'folder') return;
  const prefix = `${from}/`;
  for (const [k, e] of manifest) {
    if (e.path.startsWith(prefix)) manifest.set(k, { ...e, path: `${to}/${e.path.slice(prefix.length)}` });
  }
}

/**
 * Folds the journal into `manifest` (the last checkpoint, from any moment of the killed run): each moved item
 * ends where its last record put it (parent id + name, so records stay right whatever moved around them), paths
 * are derived again, and the very last record counts only if its rename happened.
 * Returns the number of items relocated.
 */
export async function replayJournal(file: string, lfs: LocalFs, manifest: Map<string, ManifestEntry>): Promise<number> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch {
    return 0;
  }
  const recs: MoveRecord[] = [];
  let renamesDone = false;
  for (const line of text.split('\n')) {
    if (line === RENAMES_DONE) {
      renamesDone = true;
      continue;
    }
    try {
      recs.push(JSON.parse(line) as MoveRecord);
      renamesDone = false;
    } catch {
      // empty or torn last line
    }
  }
  // Killed during the renames: the last one may not have happened; then the item is still at its source.
  const last = recs.at(-1);
  if (last && !renamesDone) {
    const st = await lfs.lstat(last.from).catch(() => null);
    if (st && st.ino === last.ino && st.mtimeMs === last.mtimeMs) recs.pop();
  }
  const final = new Map<string, MoveRecord>();
  for (const r of recs) final.set(r.id, r);
  let applied = 0;
  for (const [id, r] of final) {
    const e = manifest.get(id);
    if (!e) continue;
    manifest.set(id, { ...e, parentId: r.parentId, name: baseName(r.to), path: r.parentId === null ? r.to : e.path });
    applied++;
  }
  if (applied > 0) runSteps(derivePaths(manifest, { placed: new Set(), orphans: 'keep', write: 'copy' }));
  return applied;
}

export async function clearJournal(file: string): Promise<void> {
  await fs.rm(file, { force: true });
}
