/**
 * What a config's schedule becomes when a run ends: a pure decision over plain data, so the retry and stop
 * rules read like the policy they implement (see README.md for the whole picture).
 */
import { classifyOutcome, nextDueAfter, retryDelayMs } from './policy';
import type { RunOutcome } from './types';

/** The schedule-related state of one config. */
export interface CycleState {
  /** End of the last run; the interval counts from here. */
  anchor: number | null;
  /** In [0, 1): picks this cycle's jitter. */
  jitter: number;
  dueAt: number | null;
  /** When it really became due, for fair ordering. */
  dueSince: number;
  retrying: number;
  stopped: boolean;
  /** Sync-now arrived during the run. */
  again: boolean;
  /** The pending run is a sync-now. */
  manual: boolean;
}

export interface RunEnd {
  outcome: RunOutcome;
  /** Why the scheduler aborted the run, if it did. */
  abortedFor: 'pause' | 'stall' | 'cancel' | 'stop' | null;
  /** The due time the run started for. */
  startedForDueAt: number;
  endAt: number;
  /** Whether the config is (still) active in the store. */
  active: boolean;
  interval: number;
}

export interface CyclePolicy {
  jitterRatio: number;
  retryDelaysMs: readonly number[];
  /** Draws the next cycle's jitter fraction. */
  random: () => number;
}

export function afterRun(s: CycleState, end: RunEnd, policy: CyclePolicy): CycleState {
  const next = decide(s, end, policy);
  // "Sync now" during the run: one more run right away (unless the run said the user must act first).
  if (next.again && !next.stopped) {
    return { ...next, again: false, manual: true, retrying: 0, dueAt: end.endAt, dueSince: end.endAt };
  }
  return { ...next, again: false };
}

function decide(s: CycleState, end: RunEnd, policy: CyclePolicy): CycleState {
  const { outcome, endAt, active } = end;
  const nextInterval = (): CycleState => {
    const jitter = policy.random();
    const dueAt = active ? nextDueAfter(endAt, end.interval, policy.jitterRatio, jitter) : null;
    return { ...s, anchor: endAt, jitter, retrying: 0, dueAt, dueSince: dueAt ?? Infinity };
  };

  if (!outcome.ok && end.abortedFor === 'pause') {
    // Not the config's fault: it keeps its place and retry count, and runs after the pause.
    return { ...s, dueAt: active ? end.startedForDueAt : null };
  }
  if (!outcome.ok && end.abortedFor === 'cancel') return nextInterval();

  switch (classifyOutcome(outcome)) {
    case 'retry': {
      const attempt = s.retrying + 1;
      const delay = retryDelayMs(attempt, policy.retryDelaysMs, outcome.ok ? undefined : outcome.retryAfterMs);
      if (delay === null || !active) return nextInterval();
      return { ...s, retrying: attempt, dueAt: endAt + delay, dueSince: endAt + delay };
    }
    case 'stop':
      return { ...s, anchor: endAt, retrying: 0, dueAt: null, stopped: true, again: false };
    default:
      return nextInterval();
  }
}
