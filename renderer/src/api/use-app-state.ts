import { useSyncExternalStore } from 'react';
import type { AppState } from '../../../shared/model';
import { useApiContext } from './api-context';
import type { StateSnapshot } from './state-store';

/** The latest snapshot from the main process, including loading and failure. */
export function useStateSnapshot(): StateSnapshot {
  const { store } = useApiContext();
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}

/** The AppState; only for components rendered once the state is ready (the shell guarantees it). */
export function useAppState(): AppState {
  const snapshot = useStateSnapshot();
  if (snapshot.status !== 'ready') throw new Error('useAppState called before the state arrived.');
  return snapshot.state;
}
