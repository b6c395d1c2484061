import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import {
  addProfile,
  addSyncConfig,
  findProfile,
  findSync,
  getSync,
  isPaused,
  newId,
  removeProfile,
  removeSyncConfig,
  renameProfile,
  setPause,
  updateProfile,
  updateSyncConfig,
  type NewSyncConfig,
} from './repos';
import { dbSchema, emptyDb, type Db } from './schema';

const NOW = '2026-05-01T12:00:00.000Z';

function config(profileId: string | null, over: Partial<NewSyncConfig> = {}): NewSyncConfig {
  return {
    profileId,
    itemType: 'folder',
    itemId: 'item-1',
    driveId: 'drive-1',
    itemName: 'Docs',
    itemPath: '/Docs',
    localPath: '/home/u/Docs',
    now: NOW,
    ...over,
  };
}

function expectCode(fn: () => unknown, code: Parameters<typeof isAppError>[1]): void {
  let error: unknown;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(isAppError(error, code), String(error)).toBe(true);
}

describe('profiles', () => {
  it('adds a signed-out profile with a fresh id, found by id or by name in any case', () => {
    const db = emptyDb();
    const p = addProfile(db, { name: '  Work  ', now: NOW });
    expect(p).toEqual({
      id: p.id,
      name: 'Work',
      authState: 'signed_out',
      account: null,
      drive: null,
      createdAt: NOW,
    });
    expect(p.id).toMatch(/^[0-9a-f]{12}$/);
    expect(findProfile(db, p.id)).toBe(p);
    expect(findProfile(db, 'work')).toBe(p);
    expect(dbSchema.safeParse(db).success).toBe(true);
  });

  it('refuses empty and duplicate names, also when renaming', () => {
    const db = emptyDb();
    addProfile(db, { name: 'Home', now: NOW });
    const work = addProfile(db, { name: 'Work', now: NOW });
    expectCode(() => addProfile(db, { name: ' ', now: NOW }), 'bad_input');
    expectCode(() => addProfile(db, { name: 'HOME', now: NOW }), 'bad_input');
    expectCode(() => renameProfile(db, work.id, 'home'), 'bad_input');
    expect(renameProfile(db, work.id, 'Office').name).toBe('Office');
    expect(renameProfile(db, work.id, 'office').name).toBe('office'); // its own name in another case is fine
  });

  it('updates stored auth fields', () => {
    const db = emptyDb();
    const p = addProfile(db, { name: 'Home', now: NOW });
    updateProfile(db, p.id, {
      authState: 'connected',
      account: { homeAccountId: 'h', username: 'u', tenantId: 't' },
    });
    expect(findProfile(db, 'Home')).toMatchObject({ authState: 'connected', account: { username: 'u' } });
  });

  it('refuses to remove a profile that syncs still use', () => {
    const db = emptyDb();
    const p = addProfile(db, { name: 'Home', now: NOW });
    const c = addSyncConfig(db, config(p.id));
    expectCode(() => removeProfile(db, p.id), 'bad_input');
    expect(db.profiles).toHaveLength(1);
    removeSyncConfig(db, c.id);
    expect(removeProfile(db, 'home')).toBe(p);
    expect(db.profiles).toEqual([]);
    expectCode(() => removeProfile(db, p.id), 'not_found');
  });
});

describe('sync configs', () => {
  function withProfile(): { db: Db; profileId: string } {
    const db = emptyDb();
    return { db, profileId: addProfile(db, { name: 'Home', now: NOW }).id };
  }

  it('adds an active config with the default interval and empty run fields', () => {
    const { db, profileId } = withProfile();
    db.settings.defaultIntervalMinutes = 15;
    const c = addSyncConfig(db, config(profileId));
    expect(c).toMatchObject({
      profileId,
      status: 'active',
      intervalMinutes: 15,
      lastSyncAt: null,
      lastSyncStatus: null,
      errorCode: null,
      errorMessage: null,
      metadata: {},
      createdAt: NOW,
    });
    expect(dbSchema.safeParse(db).success).toBe(true);
  });

  it('refuses a config for an unknown profile', () => {
    const { db } = withProfile();
    expectCode(() => addSyncConfig(db, config('nobody')), 'not_found');
  });

  it('finds by id or by a unique prefix of 4+ characters', () => {
    const { db, profileId } = withProfile();
    const a = addSyncConfig(db, config(profileId, { id: 'abcd1111' }));
    addSyncConfig(db, config(profileId, { id: 'abcd2222' }));
    expect(findSync(db, 'abcd1111')).toBe(a);
    expect(findSync(db, 'abcd1')).toBe(a);
    expect(findSync(db, 'abcd')).toBeUndefined(); // ambiguous
    expect(findSync(db, 'abc')).toBeUndefined(); // too short
    expectCode(() => getSync(db, 'zzzz'), 'not_found');
  });

  it('patches fields, checking a new profile exists', () => {
    const { db, profileId } = withProfile();
    const c = addSyncConfig(db, config(profileId));
    updateSyncConfig(db, c.id, { itemName: 'Renamed', intervalMinutes: 5 });
    expect(getSync(db, c.id)).toMatchObject({
      itemName: 'Renamed',
      intervalMinutes: 5,
      id: c.id,
    });
    expectCode(() => updateSyncConfig(db, c.id, { profileId: 'ghost' }), 'not_found');
    updateSyncConfig(db, c.id, { profileId: null });
    expect(getSync(db, c.id).profileId).toBeNull();
  });

  it('removes a config and reports unknown ids', () => {
    const { db, profileId } = withProfile();
    const c = addSyncConfig(db, config(profileId));
    expect(removeSyncConfig(db, c.id)).toBe(c);
    expect(db.syncConfigs).toEqual([]);
    expectCode(() => removeSyncConfig(db, c.id), 'not_found');
  });

  it('gives each new config its own id', () => {
    const { db, profileId } = withProfile();
    for (let i = 0; i < 200; i++) addSyncConfig(db, config(profileId));
    expect(new Set(db.syncConfigs.map((c) => c.id)).size).toBe(200);
    expect(newId()).not.toBe(newId());
  });
});

describe('global pause', () => {
  it('pauses until a time, forever, or not at all', () => {
    const db = emptyDb();
    const now = Date.parse(NOW);
    setPause(db, '2026-05-01T13:00:00.000Z');
    expect(isPaused(db, now)).toBe(true);
    expect(isPaused(db, now + 2 * 3600_000)).toBe(false); // expired
    setPause(db, 'forever');
    expect(isPaused(db, now + 1e12)).toBe(true);
    setPause(db, null);
    expect(db.pausedUntil).toBeNull();
    expect(isPaused(db, now)).toBe(false);
    expectCode(() => setPause(db, 'next tuesday'), 'bad_input');
  });
});
