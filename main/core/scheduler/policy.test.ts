import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AppError } from '../errors';
import {
  classifyOutcome,
  intervalMs,
  isOverdue,
  MAX_JITTER_MS,
  maxJitterMs,
  MINUTE,
  nextDueAfter,
  normalizeOutcome,
  outcomeFromError,
  retryDelayMs,
} from './policy';

describe('scheduling policy', () => {
  it('keeps the next due time within the interval plus at most 10% jitter, capped at 5 minutes', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_080 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.integer({ min: 0, max: 2_000_000_000_000 }),
        (minutes, fraction, endAt) => {
          const interval = intervalMs(minutes);
          const due = nextDueAfter(endAt, interval, 0.1, fraction);
          expect(due).toBeGreaterThanOrEqual(endAt + interval);
          expect(due - endAt - interval).toBeLessThanOrEqual(Math.min(interval * 0.1, MAX_JITTER_MS));
        },
      ),
    );
  });

  it('gives short intervals proportional jitter and long ones the 5-minute cap', () => {
    expect(maxJitterMs(10 * MINUTE, 0.1)).toBe(MINUTE);
    expect(maxJitterMs(60 * MINUTE, 0.1)).toBe(5 * MINUTE);
    expect(maxJitterMs(60 * MINUTE, 0)).toBe(0);
  });

  it('counts intervals under a minute as one minute', () => {
    expect(intervalMs(0)).toBe(MINUTE);
    expect(intervalMs(-5)).toBe(MINUTE);
    expect(intervalMs(Number.NaN)).toBe(MINUTE);
    expect(intervalMs(90)).toBe(90 * MINUTE);
  });

  it('calls a config overdue when it never ran or its interval has passed', () => {
    expect(isOverdue(null, MINUTE, 0)).toBe(true);
    expect(isOverdue(0, MINUTE, MINUTE)).toBe(true);
    expect(isOverdue(0, MINUTE, MINUTE - 1)).toBe(false);
  });

  it('backs off 2 s, 4 s, 8 s, then gives up; Retry-After wins only when longer', () => {
    const delays = [2_000, 4_000, 8_000];
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, delays))).toEqual([2_000, 4_000, 8_000, null]);
    expect(retryDelayMs(1, delays, 30_000)).toBe(30_000);
    expect(retryDelayMs(3, delays, 1_000)).toBe(8_000);
    expect(retryDelayMs(4, delays, 30_000)).toBeNull();
  });

  it.each([
    [{ ok: true }, 'ok'],
    [{ ok: false, code: 'offline' }, 'retry'],
    [{ ok: false, code: 'throttled' }, 'retry'],
    [{ ok: false, code: 'timeout' }, 'retry'],
    [{ ok: false, code: 'internal' }, 'retry'],
    [{ ok: false, code: 'cancelled' }, 'next_interval'],
    [{ ok: false, code: 'reconnect_required' }, 'stop'],
    [{ ok: false, code: 'local_missing' }, 'stop'],
    [{ ok: false, code: 'disk_full' }, 'stop'],
    [{ ok: false, code: 'confirm_deletes' }, 'stop'],
    [{ ok: false, code: 'access_denied' }, 'stop'],
    [{ ok: false, code: 'remote_missing' }, 'stop'],
  ] as const)('classifies %o as %s', (outcome, expected) => {
    expect(classifyOutcome(outcome)).toBe(expected);
  });

  it('turns thrown errors into outcomes: AppError keeps code and Retry-After, aborts are cancelled, the rest internal', () => {
    expect(outcomeFromError(new AppError('reconnect_required'))).toEqual({
      ok: false,
      code: 'reconnect_required',
    });
    expect(outcomeFromError(new AppError('throttled', undefined, 5_000))).toEqual({
      ok: false,
      code: 'throttled',
      retryAfterMs: 5_000,
    });
    expect(outcomeFromError(new DOMException('stop', 'AbortError'))).toEqual({
      ok: false,
      code: 'cancelled',
    });
    expect(outcomeFromError('boom')).toEqual({ ok: false, code: 'internal' });
  });

  it('treats a malformed outcome as internal', () => {
    expect(normalizeOutcome(undefined)).toEqual({ ok: false, code: 'internal' });
    expect(normalizeOutcome({ ok: false })).toEqual({ ok: false, code: 'internal' });
    expect(normalizeOutcome({ ok: true, extra: 1 })).toEqual({ ok: true });
  });
});
