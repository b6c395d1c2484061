import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandOutput, Result } from '../../../../shared/ipc';
import { useCommand } from '../../api/use-command';

export type Listing = CommandOutput<'browse:list'>;

export interface DriveFolders {
  listing: Listing | null;
  loading: boolean;
  error: string | null;
  /** Opens a folder (null = the drive root); each folder is fetched once, when first opened. */
  open(itemId: string | null): void;
  retry(): void;
}

/** Lazy, per-folder loading of a profile's OneDrive through 'browse:list'. */
export function useDriveFolders(profileId: string): DriveFolders {
  const { run } = useCommand({ silent: true });
  // Requests by folder, kept once answered: going back costs nothing, and StrictMode's second mount reuses the first.
  const requests = useRef(new Map<string, Promise<Result<Listing>>>());
  const [current, setCurrent] = useState<string | null>(null);
  const [listing, setListing] = useState<Listing | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const key = current ?? '';
    let request = requests.current.get(key);
    if (!request) {
      request = run('browse:list', { profileId, itemId: current });
      requests.current.set(key, request);
    }
    let live = true;
    setLoading(true);
    setError(null);
    void request.then((result) => {
      if (!live) return;
      setLoading(false);
      if (result.ok) {
        setListing(result.value);
      } else {
        // A failed folder is asked again next time.
        requests.current.delete(key);
        setError(result.error.message);
      }
    });
    return () => {
      live = false;
    };
  }, [run, profileId, current, attempt]);

  const open = useCallback((itemId: string | null) => setCurrent(itemId), []);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);
  return { listing, loading, error, open, retry };
}
