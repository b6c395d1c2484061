/**
 * A subscription over window.api for useSyncExternalStore: one 'app:getState' at start, then every 'state' event.
 * It holds only the last snapshot the main process sent; it is not a second model.
 */
import type { Api } from '../../../shared/ipc';
import type { AppState } from '../../../shared/model';

export type StateSnapshot = { status: 'loading' } | { status: 'ready'; state: AppState } | { status: 'failed'; message: string };

export interface StateStore {
  subscribe(onChange: () => void): () => void;
  getSnapshot(): StateSnapshot;
}

export function createStateStore(api: Api): StateStore {
  let snapshot: StateSnapshot = { status: 'loading' };
  const listeners = new Set<() => void>();
  let stop: (() => void) | null = null;
  let gotEvent = false;

  const set = (next: StateSnapshot) => {
    snapshot = next;
    for (const listener of listeners) listener();
  };

  const start = () => {
    stop = api.on('state', (state) => {
      gotEvent = true;
      set({ status: 'ready', state });
    });
    api['app:getState']({}).then(
      (result) => {
        // A 'state' event that arrived meanwhile is newer than this answer.
        if (gotEvent) return;
        set(result.ok ? { status: 'ready', state: result.value } : { status: 'failed', message: result.error.message });
      },
      (error: unknown) => {
        if (!gotEvent) set({ status: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
  };

  return {
    subscribe(onChange) {
      listeners.add(onChange);
      if (!stop) start();
      return () => {
        listeners.delete(onChange);
        if (listeners.size === 0 && stop) {
          stop();
          stop = null;
          gotEvent = false;
        }
      };
    },
    getSnapshot: () => snapshot,
  };
}
