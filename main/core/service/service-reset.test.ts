/** "Download everything again" (sync:reset): the way out of a local folder the user emptied or deleted on purpose. */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';

let tmp: string;
let t: ReturnType<typeof fakeDeps>;
let service: SyncService;

beforeEach(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-reset-'));
  t = fakeDeps(path.join(tmp, 'data'), systemClock);
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  service = new SyncService(t.deps);
  service.start();
});

async function syncInError(code: 'local_missing' | 'confirm_deletes') {
  const p = await service.handlers['profile:add']({ name: 'work' });
  await service.handlers['profile:connect']({ id: p.id });
  const s = await service.handlers['sync:add']({
    profileId: p.id,
    driveId: 'drive1',
    itemId: 'docs',
    localPath: path.join(tmp, 'm'),
  });
  t.engine.next = async () => {
    throw new AppError(code);
  };
  await service.runOnce(s.id, new AbortController().signal);
  expect(service.getState().syncs[0]).toMatchObject({ status: 'error', errorCode: code });
  return s;
}

describe('sync:reset', () => {
  it('tells how much a reset would download, from the stored state', async () => {
    const s = await syncInError('local_missing');
    t.engine.size = { files: 3, bytes: 4096 };
    expect(await service.handlers['sync:resetSize']({ id: s.id })).toEqual({ files: 3, bytes: 4096 });
    expect(t.engine.removed).toEqual([]);
  });

  it('forgets the state, clears a missing-folder error and runs again at once', async () => {
    const s = await syncInError('local_missing');
    t.engine.size = { files: 3, bytes: 4096 };
    const ranBefore = t.scheduler.ranNow.length;
    expect(await service.handlers['sync:reset']({ id: s.id })).toEqual({ files: 3, bytes: 4096 });
    expect(t.engine.removed).toEqual([s.id]);
    expect(service.getState().syncs[0]).toMatchObject({ status: 'active', errorCode: null, action: 'none' });
    expect(t.scheduler.ranNow.length).toBe(ranBefore + 1);
    expect(t.activity.entries.at(-1)?.message).toMatch(/downloads everything again \(3 files/);
  });

  it('drops a stored deletion review with the state it belonged to', async () => {
    const s = await syncInError('confirm_deletes');
    await service.handlers['sync:reset']({ id: s.id });
    expect(service.getState().syncs[0]).toMatchObject({ status: 'active', errorCode: null, confirmedDeletes: 0 });
  });

  it('leaves a paused sync paused and does not run it', async () => {
    const s = await syncInError('local_missing');
    await service.handlers['sync:pause']({ id: s.id });
    const ranBefore = t.scheduler.ranNow.length;
    await service.handlers['sync:reset']({ id: s.id });
    expect(t.engine.removed).toEqual([s.id]);
    expect(service.getState().syncs[0]!.status).toBe('inactive');
    expect(t.scheduler.ranNow.length).toBe(ranBefore);
  });

  it('refuses an unknown sync', async () => {
    await expect(service.handlers['sync:reset']({ id: 'nope' })).rejects.toMatchObject({ code: 'not_found' });
  });
});
