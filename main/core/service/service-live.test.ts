import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { createFakeTransport } from '../testing/fake-live-transport';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';
import { createFakeClock, type FakeClock } from '../testing/fake-clock';

let tmp: string;
let clock: FakeClock;
let t: ReturnType<typeof fakeDeps>;
let fake: ReturnType<typeof createFakeTransport>;
let service: SyncService;
let endpointCalls: number;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-live-'));
  clock = createFakeClock(Date.parse('2026-12-01T00:00:00Z'));
  t = fakeDeps(path.join(tmp, 'data'), clock);
  fake = createFakeTransport();
  endpointCalls = 0;
  t.deps.liveTransport = fake.transport;
  const create = t.deps.createDriveClient;
  t.deps.createDriveClient = (o) =>
    Object.assign(create(o), {
      socketIoEndpoint: async () => {
        endpointCalls++;
        return { notificationUrl: 'https://push.test/callback?x=1', expiresAt: clock.now() + 24 * 3600_000 };
      },
    });
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  service = new SyncService(t.deps);
  service.start();
});

async function activeSync() {
  const p = await service.handlers['profile:add']({ name: 'work' });
  await service.handlers['profile:connect']({ id: p.id });
  const s = await service.handlers['sync:add']({
    profileId: p.id,
    driveId: 'drive1',
    itemId: 'docs',
    localPath: path.join(tmp, 'm'),
  });
  await clock.flush();
  return s;
}

describe('live changes in the service', () => {
  it("an active sync goes live; a notification runs it through the scheduler's run-now path", async () => {
    const s = await activeSync();
    expect(service.getState().syncs[0]).toMatchObject({ id: s.id, live: true, liveReason: null });
    expect(service.getState().profiles[0]!.live).toBe(true);
    t.scheduler.ranNow = []; // adding a sync runs it once
    fake.notify();
    fake.notify();
    await clock.advance(2_000);
    expect(t.scheduler.ranNow).toEqual([s.id]);
  });

  it('the setting off closes the sockets and says so; on again subscribes again', async () => {
    const s = await activeSync();
    await service.handlers['settings:update']({ liveChanges: false });
    expect(fake.open()).toHaveLength(0);
    expect(service.getState().syncs[0]).toMatchObject({ id: s.id, live: false, liveReason: 'off' });
    await service.handlers['settings:update']({ liveChanges: true });
    await clock.flush();
    expect(fake.open()).toHaveLength(1);
    expect(endpointCalls).toBe(2);
  });

  it('a paused sync or a global pause asks nothing and runs nothing', async () => {
    const s = await activeSync();
    await service.handlers['syncs:pauseAll']({ minutes: null });
    expect(fake.open()).toHaveLength(0);
    expect(service.getState().syncs[0]!.liveReason).toBe('paused');
    await service.handlers['syncs:resumeAll']({});
    await clock.flush();
    expect(service.getState().syncs[0]!.live).toBe(true);
    await service.handlers['sync:pause']({ id: s.id });
    expect(fake.open()).toHaveLength(0);
    expect(service.getState().syncs[0]).toMatchObject({ live: false, liveReason: null });
  });

  it('no transport (one-shot commands): nothing is live and nothing is asked', async () => {
    const d = fakeDeps(path.join(tmp, 'data2'), clock);
    d.store.update((db) => void (db.cloud.clientId = 'client-1'));
    const other = new SyncService(d.deps);
    other.start();
    const p = await other.handlers['profile:add']({ name: 'x' });
    await other.handlers['profile:connect']({ id: p.id });
    await other.handlers['sync:add']({
      profileId: p.id,
      driveId: 'drive1',
      itemId: 'docs',
      localPath: path.join(tmp, 'n'),
    });
    expect(other.getState().syncs[0]).toMatchObject({ live: false, liveReason: null });
  });
});
