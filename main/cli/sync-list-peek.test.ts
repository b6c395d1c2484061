/** `sync list` reads db.json by hand (store/db-peek.ts): the same views as the store, or null for the store to answer. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../core/compose';
import { silentLogger } from '../core/ports';
import { openDbStore } from '../core/store/db-store';
import { syncConfig } from '../core/testing/sync-config';
import { peekSyncViews } from './sync-list-peek';

let dataDir = '';
beforeEach(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-peek-'));
});
afterEach(async () => {
  await fs.rm(dataDir, { recursive: true, force: true });
});

const db = () => path.join(dataDir, 'db.json');

async function storeViews() {
  const core = await createCore({
    dataDir,
    version: '0.0.0-test',
    env: {},
    logger: silentLogger,
    secretBox: () => ({
      protection: 'plaintext',
      encrypt: (s) => Buffer.from(s),
      decrypt: (b) => b.toString(),
    }),
    trash: { trash: async () => {} },
    browserOpener: { open: async () => {} },
    readOnly: true,
  });
  try {
    return core.service.getState().syncs;
  } finally {
    await core.shutdown();
  }
}

describe('sync list without the store', () => {
  it('shows exactly what the store shows, for every kind of config', async () => {
    const store = await openDbStore({ dataDir, logger: silentLogger });
    store.update((d) => {
      d.syncConfigs.push(
        syncConfig({
          id: 'ok',
          itemId: 'i1',
          driveId: 'd1',
          localPath: '/m/1',
          lastSyncAt: '2026-12-01T10:00:00.000Z',
          lastSyncStatus: 'success',
        }),
        syncConfig({
          id: 'paused',
          itemId: 'i2',
          driveId: 'd1',
          localPath: '/m/2',
          status: 'inactive',
          profileId: null,
          itemType: 'file',
        }),
        syncConfig({
          id: 'review',
          itemId: 'i3',
          driveId: 'd1',
          localPath: '/m/3',
          status: 'error',
          errorCode: 'confirm_deletes',
          errorMessage: 'asks',
          deleteReview: { files: 600, fingerprint: 'f', confirmedAt: '2026-12-01T11:00:00.000Z' },
        }),
        syncConfig({
          id: 'gone',
          itemId: 'i4',
          driveId: 'd1',
          localPath: '/m/4',
          status: 'error',
          errorCode: 'reconnect_required',
          errorMessage: 'x',
        }),
      );
    });
    await store.close();
    const peeked = await peekSyncViews(dataDir);
    expect(peeked).not.toBeNull();
    expect(JSON.stringify(peeked)).toBe(JSON.stringify(await storeViews())); // key order too: --json prints them
    expect(peeked!.find((s) => s.id === 'review')).toMatchObject({
      action: 'review_deletions',
      pendingDeletes: 600,
      confirmedDeletes: 600,
    });
  });

  it('leaves anything unusual to the store: no file, not JSON, an older version, a field out of place', async () => {
    expect(await peekSyncViews(dataDir)).toBeNull();
    await fs.writeFile(db(), '{ "version": 3, "profiles": [ trunc');
    expect(await peekSyncViews(dataDir)).toBeNull();
    const store = await openDbStore({ dataDir, logger: silentLogger });
    store.update((d) => void d.syncConfigs.push(syncConfig({ id: 'c', itemId: 'i', driveId: 'd', localPath: '/m' })));
    await store.close();
    const good = JSON.parse(await fs.readFile(db(), 'utf8')) as {
      version: number;
      syncConfigs: Record<string, unknown>[];
    };
    expect(await peekSyncViews(dataDir)).toHaveLength(1);
    const odd: [string, (d: typeof good) => void][] = [
      ['version 2', (d) => void (d.version = 2)],
      ['an unknown error code', (d) => void Object.assign(d.syncConfigs[0]!, { status: 'error', errorCode: 'toString' })],
      ['an interval of 0', (d) => void (d.syncConfigs[0]!.intervalMinutes = 0)],
      ['no deleteReview', (d) => void delete d.syncConfigs[0]!.deleteReview],
      ['a numeric id', (d) => void (d.syncConfigs[0]!.id = 7)],
    ];
    for (const [what, change] of odd) {
      const copy = structuredClone(good);
      change(copy);
      await fs.writeFile(db(), JSON.stringify(copy));
      expect(await peekSyncViews(dataDir), what).toBeNull();
    }
  });
});
