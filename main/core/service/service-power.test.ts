import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';
import { createFakeClock, type FakeClock } from '../testing/fake-clock';
import { createScheduler } from '../scheduler/scheduler';
import type { Scheduler } from '../scheduler/types';
import type { PowerSource } from '../ports';
import type { PowerFacts } from '../power/power-policy';
import { createFakeTransport } from '../testing/fake-live-transport';

const MIN = 60_000;
let tmp: string;
let clock: FakeClock;
let t: ReturnType<typeof fakeDeps>;
let service: SyncService;
let power: PowerSource & { set(f: Partial<PowerFacts>): void };
let scheduler: Scheduler;
/** Runs the scheduler started (counted when they start, so a run that never starts is seen at once). */
let starts: number;
let ended: Promise<void>;
let live: ReturnType<typeof createFakeTransport>;

function fakePowerSource(initial: PowerFacts) {
  let facts = initial;
  const listeners = new Set<() => void>();
  return {
    read: () => facts,
    onChange(l: () => void) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    set(f: Partial<PowerFacts>) {
      facts = { ...facts, ...f };
      listeners.forEach((l) => l());
    },
  };
}

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-power-'));
  clock = createFakeClock(Date.parse('2026-12-01T00:00:00Z'));
  t = fakeDeps(path.join(tmp, 'data'), clock);
  // The real scheduler: the hold is its behaviour, the fake one would prove nothing.
  t.deps.createScheduler = (run) => (scheduler = createScheduler({ clock, run, random: () => 0, startupStaggerMs: 0 }));
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  live = createFakeTransport();
  t.deps.liveTransport = live.transport;
  const create = t.deps.createDriveClient;
  t.deps.createDriveClient = (o) =>
    Object.assign(create(o), {
      socketIoEndpoint: async () => ({
        notificationUrl: 'https://push.test/callback?x=1',
        expiresAt: clock.now() + 24 * 3600_000,
      }),
    });
  service = new SyncService(t.deps);
  starts = 0;
  ended = Promise.resolve();
  scheduler.on('runStart', () => {
    starts++;
    ended = new Promise((resolve) => {
      const off = scheduler.on('runEnd', () => {
        off();
        resolve();
      });
    });
  });
  power = fakePowerSource({ onBattery: true, batteryPercent: 12, metered: null });
  service.attachPower(power);
  service.start();
});

afterEach(() => service.shutdown());

/** Let the fake clock run, then wait for a run it started to end (the runner does real file I/O). */
async function advance(ms: number): Promise<void> {
  await clock.advance(ms);
  await ended;
}

async function activeSync(): Promise<string> {
  const p = await service.handlers['profile:add']({ name: 'work' });
  await service.handlers['profile:connect']({ id: p.id });
  const s = await service.handlers['sync:add']({
    profileId: p.id,
    driveId: 'drive1',
    itemId: 'docs',
    localPath: path.join(tmp, 'm'),
    intervalMinutes: 10,
  });
  await advance(1_000); // adding a sync runs it once: the user's explicit request
  return s.id;
}

describe('the power policy in the service', () => {
  it('on low battery, scheduled runs stop; "Sync anyway" lets them run until the power state changes', async () => {
    const id = await activeSync();
    expect(starts).toBe(1);
    expect(service.getState().powerPause).toBe('battery');

    await advance(60 * MIN);
    expect(starts).toBe(1); // six intervals passed, no background run

    await service.handlers['sync:now']({ id }); // the button still works while held
    await advance(1_000);
    expect(starts).toBe(2);

    await service.handlers['syncs:syncAnyway']({});
    expect(service.getState().powerPause).toBeNull();
    await advance(11 * MIN);
    expect(starts).toBe(3);
    power.set({ batteryPercent: 5 }); // the level is not a change of state: still overridden
    await advance(11 * MIN);
    expect(starts).toBe(4);

    power.set({ onBattery: false }); // plugged in: runs, and the override is spent
    expect(service.getState().powerPause).toBeNull();
    power.set({ onBattery: true }); // unplugged again: held again
    expect(service.getState().powerPause).toBe('battery');
    const held = starts;
    await advance(30 * MIN);
    expect(starts).toBe(held);
  });

  it('follows the settings: pause-on-battery off releases the hold; metered holds when the OS says so', async () => {
    await activeSync();
    await service.handlers['settings:update']({ pauseOnBattery: false });
    expect(service.getState().powerPause).toBeNull();
    await advance(11 * MIN);
    expect(starts).toBe(2);

    power.set({ metered: true });
    expect(service.getState().powerPause).toBe('metered');
    await advance(30 * MIN);
    expect(starts).toBe(2);
    await service.handlers['settings:update']({ pauseOnMetered: false });
    await advance(11 * MIN);
    expect(starts).toBe(3);
  });

  it('live changes close while held (no socket on battery) and open again on mains power', async () => {
    await activeSync();
    await clock.flush();
    expect(live.open()).toHaveLength(0);
    expect(service.getState().syncs[0]!.liveReason).toBe('paused');
    power.set({ onBattery: false });
    await clock.flush();
    expect(live.open()).toHaveLength(1);
    expect(service.getState().syncs[0]!.live).toBe(true);
    power.set({ onBattery: true });
    await clock.flush();
    expect(live.open()).toHaveLength(0);
  });
});
