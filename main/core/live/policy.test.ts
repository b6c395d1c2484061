import { describe, expect, it } from 'vitest';
import { attemptAfterClose, burstFireAt, defaultLivePolicy, reasonOf, renewDelay, retryDelay } from './policy';

describe('live policy', () => {
  it('fires a burst after a quiet gap, but never later than maxWait after its first notification', () => {
    expect(burstFireAt(0, 0)).toBe(250);
    expect(burstFireAt(0, 600)).toBe(850);
    expect(burstFireAt(0, 900)).toBe(1000);
    expect(burstFireAt(0, 5000)).toBe(1000);
  });

  it('backs off with equal jitter, the last delay repeating', () => {
    expect(retryDelay(1, () => 0)).toBe(500);
    expect(retryDelay(1, () => 0.999999)).toBe(1000);
    expect(retryDelay(2, () => 0.5)).toBe(3750);
    const last = defaultLivePolicy.retryDelaysMs.at(-1)!;
    expect(retryDelay(99, () => 1)).toBe(last);
    expect(retryDelay(0, () => 1)).toBe(1000);
  });

  it('renews five minutes before expiry, or halfway for a short subscription, never in under a second', () => {
    expect(renewDelay(0, 3_600_000)).toBe(3_300_000);
    expect(renewDelay(0, 60_000)).toBe(30_000);
    expect(renewDelay(0, 500)).toBe(1_000);
    expect(renewDelay(10_000, 0)).toBe(1_000);
  });

  it('restarts the backoff after a healthy connection, keeps climbing after a short one', () => {
    expect(attemptAfterClose(4, 120_000)).toBe(1);
    expect(attemptAfterClose(4, 2_000)).toBe(5);
  });

  it('says why: not supported, sign-in needed, else reconnecting', () => {
    expect(reasonOf(new Error('Unexpected answer from OneDrive (400: notSupported: ...)'))).toBe('not_supported');
    expect(reasonOf(Object.assign(new Error('x'), { code: 'reconnect_required' }))).toBe('signed_out');
    expect(reasonOf(new Error('socket closed: transport close'))).toBe('reconnecting');
    expect(reasonOf('weird')).toBe('reconnecting');
  });
});
