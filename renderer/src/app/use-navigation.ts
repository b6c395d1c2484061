import { useEffect, useState } from 'react';
import type { NavView } from '../../../shared/ipc';
import { useApi } from '../api/api-context';

export type View = NavView;

export interface Navigation {
  view: View;
  /** The item the shell asked to show (e.g. the profile to reconnect), highlighted on that view. */
  focusId: string | null;
  go(view: View, focusId?: string | null): void;
}

/** The current view, switched by the nav and by the main process's 'navigate' events (tray, notifications). */
export function useNavigation(initial: View = 'syncs'): Navigation {
  const api = useApi();
  const [place, setPlace] = useState<{ view: View; focusId: string | null }>({ view: initial, focusId: null });
  useEffect(() => api.on('navigate', ({ view, id }) => setPlace({ view, focusId: id })), [api]);
  return { ...place, go: (view, focusId = null) => setPlace({ view, focusId }) };
}
