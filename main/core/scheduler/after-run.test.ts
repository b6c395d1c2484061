import { describe, expect, it } from 'vitest';
import { afterRun, type CyclePolicy, type CycleState, type RunEnd } from './after-run';
import type { RunOutcome } from './types';

const MIN = 60_000;
const policy: CyclePolicy = { jitterRatio: 0.1, retryDelaysMs: [2_000, 4_000, 8_000], random: () => 0.5 };
const idle: CycleState = {
  anchor: 0,
  jitter: 0,
  dueAt: null,
  dueSince: 60 * MIN,
  retrying: 0,
  stopped: false,
  again: false,
  manual: false,
};
const END = 100 * MIN;
const ended = (outcome: RunOutcome, over: Partial<RunEnd> = {}): RunEnd => ({
  outcome,
  abortedFor: null,
  startedForDueAt: 60 * MIN,
  endAt: END,
  active: true,
  interval: 60 * MIN,
  ...over,
});
const nextInterval = END + 60 * MIN + 150_000; // half of the 5-minute jitter cap

describe('after a run', () => {
  it.each<[string, Partial<CycleState>, RunEnd, Partial<CycleState>]>([
    [
      'success: next interval from the end',
      {},
      ended({ ok: true }),
      { dueAt: nextInterval, anchor: END, retrying: 0, jitter: 0.5 },
    ],
    ['success ends a retry sequence', { retrying: 2 }, ended({ ok: true }), { dueAt: nextInterval, retrying: 0 }],
    [
      'first transient failure: retry in 2 s',
      {},
      ended({ ok: false, code: 'offline' }),
      { dueAt: END + 2_000, retrying: 1, anchor: 0 },
    ],
    [
      'third transient failure: retry in 8 s',
      { retrying: 2 },
      ended({ ok: false, code: 'internal' }),
      { dueAt: END + 8_000, retrying: 3 },
    ],
    [
      'fourth transient failure: give up until the next interval',
      { retrying: 3 },
      ended({ ok: false, code: 'timeout' }),
      { dueAt: nextInterval, retrying: 0 },
    ],
    [
      'throttled: Retry-After when longer',
      {},
      ended({ ok: false, code: 'throttled', retryAfterMs: 60_000 }),
      { dueAt: END + 60_000, retrying: 1 },
    ],
    [
      'transient failure of a config set inactive meanwhile: no retry',
      {},
      ended({ ok: false, code: 'offline' }, { active: false }),
      { dueAt: null, retrying: 0 },
    ],
    [
      'user-action error: stopped, not scheduled',
      { retrying: 1 },
      ended({ ok: false, code: 'reconnect_required' }),
      { dueAt: null, stopped: true, retrying: 0 },
    ],
    [
      'user-action error drops a queued sync-now',
      { again: true },
      ended({ ok: false, code: 'confirm_deletes' }),
      { dueAt: null, stopped: true, again: false, manual: false },
    ],
    ['cancelled by the engine: next interval', {}, ended({ ok: false, code: 'cancelled' }), { dueAt: nextInterval }],
    [
      'aborted for a pause: keeps its place and retry count',
      { retrying: 1 },
      ended({ ok: false, code: 'cancelled' }, { abortedFor: 'pause' }),
      { dueAt: 60 * MIN, retrying: 1 },
    ],
    [
      'aborted for a pause but finished anyway: a normal success',
      {},
      ended({ ok: true }, { abortedFor: 'pause' }),
      { dueAt: nextInterval },
    ],
    [
      'cancelled by the service: next interval, no retry',
      { retrying: 1 },
      ended({ ok: false, code: 'offline' }, { abortedFor: 'cancel' }),
      { dueAt: nextInterval, retrying: 0 },
    ],
    ['inactive after success: not scheduled', {}, ended({ ok: true }, { active: false }), { dueAt: null, anchor: END }],
    [
      'sync-now queued during the run: runs again at once',
      { again: true },
      ended({ ok: true }),
      { dueAt: END, manual: true, again: false },
    ],
    [
      'sync-now queued during a failing run: runs again at once instead of the backoff',
      { again: true },
      ended({ ok: false, code: 'offline' }),
      { dueAt: END, manual: true, retrying: 0 },
    ],
  ])('%s', (_name, before, end, expected) => {
    expect(afterRun({ ...idle, ...before }, end, policy)).toMatchObject(expected);
  });
});
