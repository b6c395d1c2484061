/** Deletes a run stopped on (confirm_deletes): what they are, and "keep those files" when the user declines. */
import type { PendingDelete } from '../plan/plan-types';
import { loadState, saveState } from './manifest-store';

export async function readPendingDeletes(stateDir: string, configId: string): Promise<PendingDelete[]> {
  return ((await loadState(stateDir, configId))?.pendingDeletes ?? []).map(({ path, size }) => ({ path, size }));
}

/**
 * The user refused the deletes: the files stay on disk and we stop tracking them (the next run neither trashes
 * them nor asks again; they become the user's own files).
 */
export async function keepPendingFiles(stateDir: string, configId: string): Promise<number> {
  const state = await loadState(stateDir, configId);
  if (!state?.pendingDeletes) return 0;
  const ids = new Set(state.pendingDeletes.map((d) => d.id));
  const paths = new Set(state.pendingDeletes.map((d) => d.path));
  let forgotten = 0;
  for (const [id, e] of state.manifest) {
    if (e.kind === 'file' && (ids.has(id) || paths.has(e.path))) {
      state.manifest.delete(id);
      forgotten++;
    }
  }
  await saveState(stateDir, configId, { ...state, pendingDeletes: null });
  return forgotten;
}
