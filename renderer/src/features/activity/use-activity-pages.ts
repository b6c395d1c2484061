import { useCallback, useEffect, useRef, useState } from 'react';
import type { ActivityEntry, ActivityKind } from '../../../../shared/model';
import { useCommand } from '../../api/use-command';

export interface ActivityFilters {
  kind: ActivityKind | null;
  syncId: string | null;
}

export interface ActivityPages {
  entries: ActivityEntry[];
  total: number;
  hasMore: boolean;
  loading: boolean;
  error: string | null;
  /** Fetches the next (older) page; a no-op while a page is loading or when all are loaded. */
  loadMore(): void;
}

export const pageSize = 200;

/**
 * Newest-first pages of 'activity:list', fetched with the `before` cursor (the oldest seq so far).
 * The filters are fixed for the hook's life: the caller remounts it (a React key) to change them.
 */
export function useActivityPages(filters: ActivityFilters): ActivityPages {
  const { run } = useCommand({ silent: true });
  const [entries, setEntries] = useState<ActivityEntry[]>([]);
  const [total, setTotal] = useState(0);
  const [hasMore, setHasMore] = useState(true);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Refs, not state: they must change before React re-renders, so a second scroll event cannot double-fetch.
  const inFlight = useRef(false);
  const cursor = useRef<number | null>(null);
  // A page that arrives after unmount is dropped. StrictMode's remount reuses the request already in flight.
  const mounted = useRef(false);
  const { kind, syncId } = filters;

  const loadMore = useCallback(() => {
    if (inFlight.current || !hasMore) return;
    inFlight.current = true;
    setLoading(true);
    void run('activity:list', { before: cursor.current, limit: pageSize, kinds: kind ? [kind] : null, syncId }).then((result) => {
      inFlight.current = false;
      if (!mounted.current) return;
      setLoading(false);
      if (!result.ok) {
        setError(result.error.message);
        setHasMore(false);
        return;
      }
      const page = result.value.entries;
      const last = page[page.length - 1];
      if (last) cursor.current = last.seq;
      setEntries((list) => [...list, ...page]);
      setTotal(result.value.total);
      setHasMore(page.length === pageSize);
    });
  }, [run, hasMore, kind, syncId]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // The first page comes at once; later pages when the list scrolls near its end.
  useEffect(() => {
    if (cursor.current === null && !inFlight.current) loadMore();
  }, [loadMore]);

  return { entries, total, hasMore, loading, error, loadMore };
}
