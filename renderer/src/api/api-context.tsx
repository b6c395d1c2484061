/** Provides the API and its state subscription to the tree; tests pass a fake Api here. */
import { createContext, useContext, useState, type ReactNode } from 'react';
import type { Api } from '../../../shared/ipc';
import { createStateStore, type StateStore } from './state-store';

interface ApiContextValue {
  api: Api;
  store: StateStore;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider({ api, children }: { api: Api; children: ReactNode }) {
  const [value] = useState<ApiContextValue>(() => ({ api, store: createStateStore(api) }));
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApiContext(): ApiContextValue {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi must be used inside <ApiProvider>.');
  return value;
}

/** The raw API, for event subscriptions ('navigate', 'notification'). Commands go through useCommand. */
export function useApi(): Api {
  return useApiContext().api;
}
