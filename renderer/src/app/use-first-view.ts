/**
 * The first screen once the state arrives: with an app registration in effect (a build's default one, or saved
 * earlier) but no account yet, it is Accounts, whose primary action is "Add account".
 */
import { useEffect, useRef } from 'react';
import type { StateSnapshot } from '../api/state-store';
import type { Navigation } from './use-navigation';

export function useFirstView(snapshot: StateSnapshot, nav: Navigation): void {
  const decided = useRef(false);
  const ready = snapshot.status === 'ready';
  const noAccount = ready && snapshot.state.configured && snapshot.state.profiles.length === 0;
  useEffect(() => {
    if (decided.current || !ready) return;
    decided.current = true;
    if (noAccount) nav.go('accounts');
  }, [ready, noAccount, nav]);
}
