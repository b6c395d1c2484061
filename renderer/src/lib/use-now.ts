import { useEffect, useState } from 'react';

/**
 * The current time for relative labels ("5 minutes ago"). It re-renders every `intervalMs` so labels age, and
 * reads the clock on every render, so a state event that just arrived is never compared with a stale time.
 */
export function useNow(intervalMs = 30_000): number {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return Date.now();
}
