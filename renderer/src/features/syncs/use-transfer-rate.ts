import { useRef } from 'react';
import type { Progress } from '../../../../shared/model';

/**
 * Bytes per second of a running sync, measured from the first "applying" progress it saw (the state carries
 * counts, not speed). Null until a second of downloading has passed, so the first figure is not a wild guess.
 */
export function useTransferRate(progress: Progress | null, now: number = Date.now()): number | null {
  const start = useRef<{ at: number; bytes: number } | null>(null);
  if (!progress || progress.phase !== 'applying') {
    start.current = null;
    return null;
  }
  if (!start.current || progress.bytesDone < start.current.bytes) start.current = { at: now, bytes: progress.bytesDone };
  const seconds = (now - start.current.at) / 1000;
  return seconds >= 1 ? (progress.bytesDone - start.current.bytes) / seconds : null;
}
