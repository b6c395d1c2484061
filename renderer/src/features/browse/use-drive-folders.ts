import { useCallback, useEffect, useRef, useState } from 'react';
import type { CommandOutput } from '../../../../shared/ipc';
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
  const cache = useRef(new Map<string, Listing>());
  const [current, setCurrent] = useState<string | null>(null);
  const [listing, setListing] = useState<Listing | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const cached = cache.current.get(current ?? '');
    if (cached) {
      setListing(cached);
      setError(null);
      return;
    }
    let live = true;
    setLoading(true);
    setError(null);
    void run('browse:list', { profileId, itemId: current }).then((result) => {
      if (!live) return;
      setLoading(false);
      if (result.ok) {
        cache.current.set(current ?? '', result.value);
        setListing(result.value);
      } else {
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
