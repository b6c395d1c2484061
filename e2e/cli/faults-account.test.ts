/**
 * Faults outside the network through the built CLI: Microsoft revoking the sign-in (exit 3, then a fresh login
 * resumes), a local root that disappeared (exit 1, local_missing, nothing deleted), a corrupt db.json (said on
 * stderr with where it was kept, exit 1), token caches of profiles that are gone, a sign-in interrupted by Ctrl+C.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectConverged, expectNoLeftovers, localTree, useCliWorld, type User } from './harness';

const world = useCliWorld();
const tree = { 'a.txt': 'alpha', 'Sub/b.txt': 'bravo' };
let user: User;

beforeAll(async () => {
  user = await world.user('acct');
  await user.login();
});

describe('account and local faults', { timeout: 120_000 }, () => {
  it('a revoked sign-in: exit 3 and how to reconnect; after profile login the next run resumes (exit 0)', async () => {
    const sync = await user.addSync('R1', tree);
    expect((await user.cli('sync', 'run', sync.id)).code).toBe(0);
    world.cloud.control.revokeRefreshTokens(user.account.accountId, { suberror: 'bad_token' });
    world.cloud.control.expireAccessTokens(user.account.accountId);
    world.cloud.control.addFile(user.account.accountId, 'R1/new.txt', 'after reconnect');
    const denied = await user.cli('sync', 'run', sync.id);
    expect(denied.stdout).toMatch(/^FAIL \/R1 -> .*: Microsoft asked to sign in again/m);
    expect(denied.stderr).toContain(`onedrive-mirror profile login ${user.name}`);
    expect(denied.code).toBe(3);
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({
      status: 'error',
      errorCode: 'reconnect_required',
      action: 'reconnect',
    });
    await expectNoLeftovers(user, sync);
    world.cloud.control.setDeviceCode({
      pendingPolls: 0,
      outcome: 'approve',
      accountId: user.account.accountId,
      interval: 0,
    });
    const login = await user.cli('profile', 'login', user.name, '--device-code');
    expect(login.stdout).toContain('is connected');
    expect(login.code).toBe(0);
    const resumed = await user.cli('sync', 'run');
    expect(resumed.stdout).toMatch(/^ok {3}\/R1 -> .*: Synced: 1 downloaded/m);
    expect(resumed.code).toBe(0);
    await expectConverged(world, user, sync);
  });

  it('a missing local root: exit 1, local_missing, nothing deleted or recreated', async () => {
    const sync = await user.addSync('M1', tree);
    expect((await user.cli('sync', 'run', sync.id)).code).toBe(0);
    await rm(sync.local, { recursive: true });
    const r = await user.cli('sync', 'run', sync.id);
    expect(r.stdout).toMatch(/^FAIL \/M1 -> .*: The local folder is missing/m);
    expect(r.code).toBe(1);
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({
      status: 'error',
      errorCode: 'local_missing',
    });
    expect(existsSync(sync.local)).toBe(false);
    expect(world.cloud.control.item(user.account.accountId, 'M1/a.txt')).toBeDefined();
    expect(await user.trashed()).toEqual([]);
    await expectNoLeftovers(user, sync);
    await mkdir(sync.local); // the disk is back (empty: still refused, a mount point that is not mounted looks so)
    expect((await user.cli('sync', 'run', sync.id)).code).toBe(1);
    expect(await localTree(sync)).toEqual({});
    // A cron job runs `sync run` without ids: a sync in error is the one to retry, never skipped with exit 0.
    const all = await user.cli('sync', 'run');
    expect(all.stdout).toMatch(/^FAIL \/M1 -> .*: The local folder is empty/m);
    expect(all.stdout).not.toContain('No active syncs');
    expect(all.code).toBe(1);
  });

  it('Ctrl+C while a device-code sign-in waits: exit 1, a message, no lock left', async () => {
    const other = await world.user('waiting');
    expect((await other.cli('profile', 'add', other.name)).code).toBe(0);
    world.cloud.control.setDeviceCode({ outcome: 'manual', accountId: other.account.accountId, interval: 0 });
    const login = other.spawn('profile', 'login', other.name, '--device-code');
    await login.waitFor(/devicelogin/);
    login.child.kill('SIGINT');
    const r = await login.done;
    expect(r.stderr).toContain('Interrupted by SIGINT');
    expect(r.code).toBe(1);
    expect(existsSync(path.join(other.dataDir, 'lock'))).toBe(false);
  });
});

describe('the harness itself', { timeout: 120_000 }, () => {
  it("sees what a run moves to the user's trash (the trash checks of every scenario rely on it)", async () => {
    const own = await world.user('trasher');
    await own.login();
    const sync = await own.addSync('X1', {
      'a.txt': 'alpha',
      'b.txt': 'bravo',
      'c.txt': 'charlie',
      'd.txt': 'delta',
    });
    expect((await own.cli('sync', 'run', sync.id)).code).toBe(0);
    world.cloud.control.delete(own.account.accountId, 'X1/d.txt');
    const r = await own.cli('sync', 'run', sync.id);
    expect(r.stdout).toMatch(/Synced: 1 trashed/);
    expect(r.code).toBe(0);
    expect(await own.trashed()).toEqual([path.join(sync.local, 'd.txt')]);
    expect(await localTree(sync)).toEqual({ 'a.txt': 'alpha', 'b.txt': 'bravo', 'c.txt': 'charlie' });
    await expectNoLeftovers(own, sync);
  });
});

describe('a corrupt db.json', { timeout: 120_000 }, () => {
  it('is set aside with a message on stderr and exit 1; the token caches of its profiles go', async () => {
    const own = await world.user('corrupt');
    await own.login();
    const sync = await own.addSync('C1', tree);
    expect((await own.cli('sync', 'run', sync.id)).code).toBe(0);
    const tokens = path.join(own.dataDir, 'tokens');
    expect(await readdir(tokens)).toHaveLength(1);
    await writeFile(path.join(own.dataDir, 'db.json'), '{ "version": 3, "profiles": [ trunc');
    const r = await own.cli('sync', 'run');
    expect(r.stdout).not.toContain('No active syncs');
    expect(r.stderr).toMatch(/^error: The settings file .*db\.json could not be used \(not valid JSON/m);
    const kept = /kept as (\S+db\.corrupt-\S+\.json)/.exec(r.stderr)?.[1];
    expect(kept).toBeDefined();
    expect(await readFile(kept!, 'utf8')).toContain('trunc');
    expect(r.code).toBe(1);
    expect(await readdir(tokens)).toEqual([]);
    const logs = await readdir(path.join(own.dataDir, 'logs'));
    const logText = (await Promise.all(logs.map((f) => readFile(path.join(own.dataDir, 'logs', f), 'utf8')))).join('');
    expect(logText).toContain('removed the token caches of profiles that no longer exist');
    expect(await own.syncList()).toEqual([]); // the fresh database, said once above
    expect(await localTree(sync)).toEqual(tree); // nothing local was touched
    expect(existsSync(path.join(own.dataDir, 'lock'))).toBe(false);
  });
});
