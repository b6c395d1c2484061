/** The scheduler's bookkeeping for one config and its run (internal to main/core/scheduler). */
import type { CycleState } from './after-run';

export type AbortReason = 'pause' | 'stall' | 'cancel' | 'stop';

export interface Running {
  readonly controller: AbortController;
  lastProgressAt: number;
  abortReason: AbortReason | null;
  /** The due time it started for, so an interrupted run keeps its place in the queue. */
  readonly dueAt: number;
  /** Started by "Sync now": a power hold lets it finish. */
  readonly manual: boolean;
  done: Promise<void>;
}

export interface Entry extends CycleState {
  readonly id: string;
  /** Creation order: ties in due time start in this order. */
  readonly seq: number;
  interval: number;
  active: boolean;
  /** lastRunEndAt as last given by setConfigs, to notice changes. */
  storedEndAt: number | null;
  /** Gone from the store while running: forgotten when the run ends. */
  removed: boolean;
  run: Running | null;
}
