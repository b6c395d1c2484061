import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../ports';
import { openDbStore } from './db-store';
import { migrate, MigrationError, NewerVersionError, REASSIGN_MESSAGE } from './migrations';
import { dbSchema, SCHEMA_VERSION } from './schema';

const fixtures = path.resolve(__dirname, '../../../e2e/fixtures/db');
const NOW = '2026-05-01T12:00:00.000Z';
let dir: string;

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-migrate-'));
});
afterEach(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function fixture(name: string): Promise<string> {
  return fs.readFile(path.join(fixtures, name), 'utf8');
}

async function openWith(name: string) {
  await fs.writeFile(path.join(dir, 'db.json'), await fixture(name));
  return openDbStore({ dataDir: dir, logger: silentLogger });
}

describe('migration from the original design (v1)', () => {
  it('keeps owned configs, renames userId/targetBucket, and deactivates configs without a profile', async () => {
    const store = await openWith('v1-with-profiles.json');
    const db = store.data;
    expect(store.migratedFrom).toBe(1);
    expect(store.recovered).toBeNull();
    expect(db.version).toBe(SCHEMA_VERSION);

    expect(db.profiles).toEqual([
      {
        id: 'u-alice',
        name: 'Alice (work)',
        authState: 'signed_out',
        account: {
          homeAccountId: '00000000-0000-0000-0000-00000000a11c.9188040d-6c67-4c5b-b112-36a304b66dad',
          username: 'alice@contoso.com',
          tenantId: '9188040d-6c67-4c5b-b112-36a304b66dad',
        },
        drive: null,
        createdAt: '2024-03-01T09:00:00.000Z',
      },
    ]);

    const byId = Object.fromEntries(db.syncConfigs.map((c) => [c.id, c]));
    expect(byId['cfg-reports']).toMatchObject({
      profileId: 'u-alice',
      localPath: '/srv/mirror/reports',
      status: 'active',
      intervalMinutes: 30,
      lastSyncStatus: 'success',
      errorMessage: null,
      metadata: { note: 'quarterly' },
    });
    expect(byId['cfg-reports']).not.toHaveProperty('userId');
    expect(byId['cfg-reports']).not.toHaveProperty('targetBucket');
    // odd v1 values are brought into range: paused -> inactive, interval 0 -> 1, "error" result -> failed
    expect(byId['cfg-budget']).toMatchObject({
      itemType: 'file',
      status: 'inactive',
      intervalMinutes: 1,
      lastSyncStatus: 'failed',
      errorMessage: 'Network error',
      metadata: {},
    });
    for (const id of ['cfg-orphan', 'cfg-nobody']) {
      expect(byId[id]).toMatchObject({
        profileId: null,
        status: 'inactive',
        errorCode: null,
        errorMessage: REASSIGN_MESSAGE,
      });
    }
    expect(REASSIGN_MESSAGE).toBe('Please re-enable sync to assign user credentials');
    // known settings survive, unknown ones are dropped, the client id moves into cloud settings
    expect(db.settings.defaultIntervalMinutes).toBe(45);
    expect(db.settings.notifications).toBe(false);
    expect(db.settings).not.toHaveProperty('legacyTheme');
    expect(db.cloud.clientId).toBe('11111111-2222-3333-4444-555555555555');
    await store.close();
  });

  it('migrates a v1 file without profiles or version: every config waits for the user to re-enable it', async () => {
    const store = await openWith('v1-without-profiles.json');
    expect(store.migratedFrom).toBe(1);
    expect(store.data.profiles).toEqual([]);
    expect(store.data.syncConfigs).toHaveLength(2);
    for (const c of store.data.syncConfigs) {
      expect(c).toMatchObject({ profileId: null, status: 'inactive', errorMessage: REASSIGN_MESSAGE });
    }
    // missing optional fields get sensible values
    expect(store.data.syncConfigs[1]).toMatchObject({
      itemType: 'folder',
      itemName: 'Live',
      itemPath: '/Music/Live',
      localPath: '/data/music',
      intervalMinutes: 60,
      lastSyncAt: null,
      metadata: {},
    });
    await store.close();
  });

  it('writes the migrated file at once and keeps the original as db.v1.backup.json', async () => {
    const original = await fixture('v1-with-profiles.json');
    const store = await openWith('v1-with-profiles.json');
    await store.close();
    const onDisk = dbSchema.parse(JSON.parse(await fs.readFile(path.join(dir, 'db.json'), 'utf8')));
    expect(onDisk).toEqual(store.data);
    expect(await fs.readFile(path.join(dir, 'db.v1.backup.json'), 'utf8')).toBe(original);
    // a second start has nothing left to migrate
    const again = await openDbStore({ dataDir: dir, logger: silentLogger });
    expect(again.migratedFrom).toBeNull();
    expect(again.data).toEqual(store.data);
    await again.close();
  });

  it('sets aside a v1 file that is not shaped like one', async () => {
    await fs.writeFile(path.join(dir, 'db.json'), JSON.stringify({ version: 1, syncConfigs: [{ id: 'x' }] }));
    const store = await openDbStore({ dataDir: dir, logger: silentLogger });
    expect(store.recovered?.reason).toMatch(/version 1/);
    expect(store.data.syncConfigs).toEqual([]);
    await store.close();
  });
});

describe('migration from v2 (the percent rule, no deletion decisions)', () => {
  it('drops the percent setting, bounds the file count, and gives every config an empty review', async () => {
    const original = await fixture('v2.json');
    const store = await openWith('v2.json');
    expect(store.migratedFrom).toBe(2);
    expect(store.recovered).toBeNull();
    const v2 = JSON.parse(original);
    expect(store.data.settings).toEqual({
      launchAtLogin: true,
      defaultIntervalMinutes: 60,
      parallelDownloads: 4,
      bigDeleteFiles: 1_000_000,
      notifications: true,
      maxConcurrentRuns: 2,
      liveChanges: true,
      downloadLimit: 0,
      pauseOnBattery: true,
      pauseOnMetered: true,
    });
    expect(store.data.syncConfigs).toEqual([
      {
        ...v2.syncConfigs[0],
        deleteReview: null,
        driveType: 'personal',
        source: null,
        exclusions: { folders: [], patterns: [], maxFileSize: null },
      },
    ]);
    expect(store.data.profiles).toEqual(v2.profiles);
    expect(store.data.pausedUntil).toBe('forever');
    await store.close();
    expect(await fs.readFile(path.join(dir, 'db.v2.backup.json'), 'utf8')).toBe(original);
  });

  it('refuses a v2 file without settings or configs', () => {
    expect(() => migrate({ version: 2, profiles: [] }, NOW)).toThrow(MigrationError);
  });
});

describe("migration from v3 (every sync of its profile's own drive)", () => {
  it('gives each config its profile drive type and no source label, and keeps the rest', async () => {
    const original = await fixture('v3.json');
    const store = await openWith('v3.json');
    expect(store.migratedFrom).toBe(3);
    const v3 = JSON.parse(original);
    expect(store.data.syncConfigs).toEqual([
      { ...v3.syncConfigs[0], driveType: 'personal', source: null, exclusions: { folders: [], patterns: [], maxFileSize: null } },
      { ...v3.syncConfigs[1], driveType: 'business', source: null, exclusions: { folders: [], patterns: [], maxFileSize: null } },
    ]);
    expect(store.data.profiles).toEqual(v3.profiles);
    await store.close();
    expect(await fs.readFile(path.join(dir, 'db.v3.backup.json'), 'utf8')).toBe(original);
  });

  it('takes personal when the profile never fetched its drive', () => {
    const { data } = migrate(
      {
        ...JSON.parse(
          JSON.stringify({
            version: 3,
            profiles: [{ id: 'p', drive: null }],
            settings: {},
            syncConfigs: [
              { id: 's', profileId: 'p' },
              { id: 't', profileId: null },
            ],
          }),
        ),
      },
      NOW,
    );
    expect((data.syncConfigs as Array<Record<string, unknown>>).map((c) => c.driveType)).toEqual(['personal', 'personal']);
  });
});

describe('migration from v4 (no exclusions)', () => {
  it('gives every config empty exclusions, the settings no download limit, and changes nothing else', async () => {
    const original = await fixture('v4.json');
    const store = await openWith('v4.json');
    expect(store.migratedFrom).toBe(4);
    expect(store.recovered).toBeNull();
    const v4 = JSON.parse(original);
    expect(store.data).toEqual({
      ...v4,
      version: 5,
      settings: { ...v4.settings, downloadLimit: 0, pauseOnBattery: true, pauseOnMetered: true }, // the power settings: added within v5
      syncConfigs: v4.syncConfigs.map((c: object) => ({ ...c, exclusions: { folders: [], patterns: [], maxFileSize: null } })),
    });
    await store.close();
    expect(await fs.readFile(path.join(dir, 'db.v4.backup.json'), 'utf8')).toBe(original);
  });

  it('refuses a v4 file without configs', () => {
    expect(() => migrate({ version: 4, profiles: [], settings: {} }, NOW)).toThrow(MigrationError);
  });
});

describe('current version', () => {
  it('opens the current fixture unchanged, with no migration and no backup', async () => {
    const store = await openWith('v5-current.json');
    expect(store.migratedFrom).toBeNull();
    expect(store.data).toEqual(JSON.parse(await fixture('v5-current.json')));
    await store.close();
    expect((await fs.readdir(dir)).sort()).toEqual(['db.json']);
  });
});

describe('migrate (pure)', () => {
  it('runs no step for the current version', async () => {
    const raw = JSON.parse(await fixture('v5-current.json'));
    expect(migrate(raw, NOW)).toEqual({ data: raw, from: SCHEMA_VERSION });
  });

  it('gives a setting added within the version (liveChanges) its default, keeping the stored ones', async () => {
    const raw = JSON.parse(await fixture('v5-current.json'));
    delete raw.settings.liveChanges;
    const { data } = migrate(raw, NOW);
    expect(data.settings).toEqual({ ...raw.settings, liveChanges: true });
  });

  it('gives the power settings (added within v5) their defaults: pause on battery and on metered', async () => {
    const raw = JSON.parse(await fixture('v5-current.json'));
    delete raw.settings.pauseOnBattery;
    delete raw.settings.pauseOnMetered;
    const { data } = migrate(raw, NOW);
    expect(data.settings).toEqual({ ...raw.settings, pauseOnBattery: true, pauseOnMetered: true });
  });

  it('refuses the future and non-objects', () => {
    expect(() => migrate({ version: SCHEMA_VERSION + 1 }, NOW)).toThrow(NewerVersionError);
    expect(() => migrate([], NOW)).toThrow(MigrationError);
    expect(() => migrate({ version: 'two' }, NOW)).toThrow(MigrationError);
  });

  it('gives v1 configs without createdAt the migration time', () => {
    const { data } = migrate({ syncConfigs: [{ id: 'a', userId: 'u', itemId: 'i', driveId: 'd', targetBucket: '/x' }] }, NOW);
    expect(dbSchema.parse(data).syncConfigs[0]).toMatchObject({
      createdAt: NOW,
      itemName: 'i',
      itemPath: '/i',
    });
  });
});
