import { emptySummary } from '../sync/engine';
import type { RunSummary } from '../sync/types';

/** A successful run's summary with nothing to do; tests override what they look at. */
export function okSummary(over: Partial<RunSummary> = {}): RunSummary {
  return { ...emptySummary(1, 5), ...over };
}
