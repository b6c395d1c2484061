import { useSyncExternalStore } from 'react';

const query = '(prefers-color-scheme: dark)';

function subscribe(onChange: () => void): () => void {
  if (typeof window.matchMedia !== 'function') return () => {};
  const list = window.matchMedia(query);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

function isDark(): boolean {
  return typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

/** Follows the OS light/dark setting live. */
export function usePrefersDark(): boolean {
  return useSyncExternalStore(subscribe, isDark);
}
