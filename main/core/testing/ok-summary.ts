import type { RunSummary } from '../sync/types';

/** A successful run's summary with nothing to do; tests override what they look at. */
export function okSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    result: 'success',
    downloaded: 0,
    renamed: 0,
    trashed: 0,
    conflicts: 0,
    skipped: [],
    bytes: 0,
    requests: 1,
    durationMs: 5,
    notes: [],
    ...over,
  };
}
