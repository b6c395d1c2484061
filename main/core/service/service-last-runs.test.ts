/** The view keeps the last success and the last failure of a sync apart ("Last sync" showed only the latest run). */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { AppError } from '../errors';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps, okSummary } from '../testing/service-fakes';

it('records when a run last succeeded and when one last failed, each kept across the other', async () => {
  const tmp = await mkdtemp(path.join(os.tmpdir(), 'odm-last-'));
  let now = Date.parse('2026-03-01T10:00:00Z');
  const t = fakeDeps(path.join(tmp, 'data'), { ...systemClock, now: () => now });
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  const service = new SyncService(t.deps);
  const p = await service.handlers['profile:add']({ name: 'work' });
  await service.handlers['profile:connect']({ id: p.id });
  const s = await service.handlers['sync:add']({
    profileId: p.id,
    driveId: 'drive1',
    itemId: 'docs',
    localPath: path.join(tmp, 'm'),
  });
  expect(service.getState().syncs[0]).toMatchObject({ lastSuccessAt: null, lastFailureAt: null });

  t.engine.next = async () => okSummary();
  await service.runOnce(s.id, new AbortController().signal);
  now += 60_000;
  t.engine.next = async () => {
    throw new AppError('offline');
  };
  await service.runOnce(s.id, new AbortController().signal);
  expect(service.getState().syncs[0]).toMatchObject({
    lastSyncStatus: 'failed',
    lastSuccessAt: '2026-03-01T10:00:00.000Z',
    lastFailureAt: '2026-03-01T10:01:00.000Z',
  });
});
