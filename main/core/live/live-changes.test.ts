import { describe, expect, it } from 'vitest';
import { silentLogger, type PowerEvents } from '../ports';
import { createFakeClock } from '../testing/fake-clock';
import { createFakeTransport } from '../testing/fake-live-transport';
import { LiveChanges } from './live-changes';
import type { LiveEndpoint } from './transport';

const HOUR = 3_600_000;

function setup(o: { lifetimeMs?: number } = {}) {
  const clock = createFakeClock(Date.parse('2026-12-01T00:00:00Z'));
  const fake = createFakeTransport();
  const triggers: string[][] = [];
  const endpointCalls: string[] = [];
  let refuseEndpoint = 0;
  const listeners: Record<string, (() => void)[]> = { suspend: [], resume: [] };
  const power: PowerEvents = {
    on: (event, listener) => {
      listeners[event]!.push(listener);
      return () => undefined;
    },
  };
  const live = new LiveChanges({
    clock,
    random: () => 0.5,
    transport: fake.transport,
    logger: silentLogger,
    power,
    endpoint: async (profileId, driveId): Promise<LiveEndpoint> => {
      endpointCalls.push(`${profileId}/${driveId}`);
      if (refuseEndpoint > 0) {
        refuseEndpoint--;
        throw new Error('Unexpected answer from OneDrive (400: notSupported: Push is not supported for this drive)');
      }
      return {
        notificationUrl: `https://push.test/callback?n=${endpointCalls.length}`,
        expiresAt: clock.now() + (o.lifetimeMs ?? 24 * HOUR),
      };
    },
    trigger: (ids) => triggers.push(ids),
  });
  return {
    clock,
    fake,
    live,
    triggers,
    endpointCalls,
    refuseEndpoint: (n: number) => void (refuseEndpoint = n),
    power: (event: 'suspend' | 'resume') => listeners[event]!.forEach((l) => l()),
  };
}

const wants = [
  { configId: 'a', profileId: 'p1', driveId: 'D1' },
  { configId: 'b', profileId: 'p1', driveId: 'd1' },
  { configId: 'c', profileId: 'p1', driveId: 'D2' },
];

describe('live changes', () => {
  it("subscribes once per account and drive, and a notification triggers only that drive's syncs", async () => {
    const t = setup();
    t.live.set(wants, true);
    await t.clock.flush();
    expect(t.endpointCalls.sort()).toEqual(['p1/D1', 'p1/D2']);
    expect(t.live.status('a')).toEqual({ live: true, reason: null });
    t.fake.sockets[0]!.handlers.onNotification();
    await t.clock.advance(2_000);
    expect(t.triggers).toEqual([['a', 'b']]);
  });

  it('turns a burst of 100 notifications into one or two triggers', async () => {
    const t = setup();
    t.live.set(wants.slice(0, 1), true);
    await t.clock.flush();
    for (let i = 0; i < 100; i++) {
      t.fake.notify();
      await t.clock.advance(10);
    }
    await t.clock.advance(5_000);
    expect(t.triggers.length).toBeGreaterThanOrEqual(1);
    expect(t.triggers.length).toBeLessThanOrEqual(2);
  });

  it('after 400 notSupported shows why, keeps retrying with backoff, and is live once Graph agrees', async () => {
    const t = setup();
    t.refuseEndpoint(6);
    t.live.set(wants.slice(0, 1), true);
    await t.clock.flush();
    expect(t.live.status('a')).toEqual({ live: false, reason: 'not_supported' });
    // Six refusals in a row: never disabled for good, the waits grow (750 ms, 3.75 s, 11 s, 45 s, 3.75 min).
    for (let i = 0; i < 6 && t.live.status('a').reason === 'not_supported'; i++) await t.clock.next();
    expect(t.endpointCalls).toHaveLength(7);
    expect(t.live.status('a')).toEqual({ live: true, reason: null });
  });

  it('reconnects after a dropped socket or a refused connection', async () => {
    const t = setup();
    t.live.set(wants.slice(0, 1), true);
    await t.clock.flush();
    t.fake.refuse(1);
    t.fake.drop();
    expect(t.live.status('a')).toEqual({ live: false, reason: 'reconnecting' });
    await t.clock.next(); // refused connect
    expect(t.live.status('a').live).toBe(false);
    await t.clock.next();
    expect(t.live.status('a').live).toBe(true);
    expect(t.fake.open()).toHaveLength(1);
    t.fake.notify();
    await t.clock.advance(1_000);
    expect(t.triggers).toHaveLength(1);
  });

  it('renews before expiry and makes no other request while idle', async () => {
    const t = setup({ lifetimeMs: HOUR });
    t.live.set(wants.slice(0, 1), true);
    await t.clock.flush();
    expect(t.clock.pendingTimers()).toBe(1); // the renewal, nothing else
    await t.clock.advance(54 * 60_000);
    expect(t.endpointCalls).toHaveLength(1);
    await t.clock.advance(2 * 60_000);
    expect(t.endpointCalls).toHaveLength(2);
    expect(t.fake.open()).toHaveLength(1);
    expect(t.live.status('a').live).toBe(true);
    await t.clock.advance(10 * HOUR);
    expect(t.endpointCalls).toHaveLength(12);
  });

  it('100 live drives idle for an hour: one renewal timer each, none fires, nothing is asked', async () => {
    const t = setup();
    t.live.set(
      Array.from({ length: 100 }, (_, i) => ({ configId: `c${i}`, profileId: 'p1', driveId: `drive${i}` })),
      true,
    );
    await t.clock.flush();
    expect(t.live.stats()).toMatchObject({ live: 100, subscriptions: 100 });
    const fired = t.clock.firedCount();
    expect(t.clock.pendingTimers()).toBe(100);
    await t.clock.advance(HOUR);
    expect(t.clock.firedCount()).toBe(fired);
    expect(t.endpointCalls).toHaveLength(100);
    expect(t.triggers).toEqual([]);
  });

  it('a server-side expiry closes the socket; a fresh subscription follows', async () => {
    const t = setup();
    t.live.set(wants.slice(0, 1), true);
    await t.clock.flush();
    t.fake.drop('io server disconnect');
    await t.clock.next();
    expect(t.endpointCalls).toHaveLength(2);
    expect(t.live.status('a').live).toBe(true);
  });

  it('asks nothing while the machine sleeps and subscribes again on resume', async () => {
    const t = setup();
    t.live.set(wants.slice(0, 1), true);
    await t.clock.flush();
    t.power('suspend');
    expect(t.fake.open()).toHaveLength(0);
    expect(t.live.status('a')).toEqual({ live: false, reason: 'paused' });
    await t.clock.advance(HOUR);
    expect(t.endpointCalls).toHaveLength(1);
    t.power('resume');
    await t.clock.flush();
    expect(t.endpointCalls).toHaveLength(2);
    expect(t.live.status('a').live).toBe(true);
  });

  it('turned off: sockets closed, no timers, status off; on again subscribes', async () => {
    const t = setup();
    t.live.set(wants, true);
    await t.clock.flush();
    t.live.set(wants, false);
    expect(t.fake.open()).toHaveLength(0);
    expect(t.clock.pendingTimers()).toBe(0);
    expect(t.live.status('a')).toEqual({ live: false, reason: 'off' });
    t.live.set(wants, true);
    await t.clock.flush();
    expect(t.live.status('c').live).toBe(true);
  });

  it('a sync that no longer wants live changes loses its subscription', async () => {
    const t = setup();
    t.live.set(wants, true);
    await t.clock.flush();
    t.live.set(wants.slice(0, 2), true);
    expect(t.fake.open()).toHaveLength(1);
    expect(t.live.status('c')).toEqual({ live: false, reason: null });
  });
});
