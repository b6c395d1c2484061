/**
 * The built CLI against the fake cloud: browse what can be mirrored beyond My files, add and mirror a folder shared
 * with a personal and with a work account, a SharePoint library root and a folder inside a library; revocation
 * mid-life ends in source_gone with every file kept.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useCliWorld, type CliResult, type User } from './harness';

const world = useCliWorld();
const TIMEOUT = 120_000;

function ok(r: CliResult, what: string): CliResult {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}\nstdout: ${r.stdout}\nstderr: ${r.stderr}`);
  return r;
}
const json = <T = any>(r: CliResult): T => JSON.parse(r.stdout) as T;

async function addAndRun(user: User, driveId: string, item: string[], local: string): Promise<Record<string, any>> {
  const added = json(
    ok(
      await user.cli('sync', 'add', '--profile', user.name, '--drive-id', driveId, ...item, '--local', local, '--json'),
      'sync add',
    ),
  );
  ok(await user.cli('sync', 'run', added.id), 'sync run');
  return added;
}

describe('CLI: sources beyond My files', () => {
  it(
    'browses and mirrors a folder shared between personal accounts; revocation ends in source_gone with every file kept',
    async () => {
      const c = world.cloud.control;
      const owner = c.createAccount({
        kind: 'personal',
        displayName: 'Olga Owner',
        tree: { 'Trip/a.txt': 'a', 'Trip/Day1/b.txt': 'b' },
      });
      const user = await world.user('pat');
      await user.login();
      c.share(owner.accountId, 'Trip', user.account.accountId);

      const shared = json(ok(await user.cli('browse', '--profile', 'pat', '--shared', '--json'), 'browse --shared'));
      expect(shared.entries).toEqual([
        expect.objectContaining({
          kind: 'shared',
          name: 'Trip',
          driveId: owner.driveId,
          owner: 'Olga Owner',
        }),
      ]);
      const text = ok(await user.cli('browse', '--profile', 'pat', '--shared'), 'browse --shared (text)').stdout;
      expect(text).toContain(`sync add --profile pat --drive-id ${owner.driveId} --item-id ${shared.entries[0].itemId}`);

      const local = path.join(user.dataDir, '..', 'trip');
      const added = await addAndRun(user, owner.driveId, ['--item-id', shared.entries[0].itemId], local);
      expect(await readFile(path.join(local, 'Day1/b.txt'), 'utf8')).toBe('b');
      const [listed] = await user.syncList();
      expect(listed).toMatchObject({
        id: added.id,
        driveId: owner.driveId,
        driveType: 'personal',
        source: 'Shared by Olga Owner: Trip',
      });

      c.unshare(owner.accountId, 'Trip', user.account.accountId);
      const failed = await user.cli('sync', 'run', added.id);
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('Trip is no longer shared with you.');
      expect(failed.stdout).toContain(`onedrive-mirror sync remove ${added.id}`);
      expect(await readFile(path.join(local, 'a.txt'), 'utf8')).toBe('a');
      expect(await readFile(path.join(local, 'Day1/b.txt'), 'utf8')).toBe('b');
      expect(await user.trashed()).toEqual([]);
      expect((await user.syncList())[0]).toMatchObject({
        status: 'error',
        errorCode: 'source_gone',
        action: 'source_gone',
      });
    },
    TIMEOUT,
  );

  it(
    'mirrors a folder shared with a work account, and resolves a sharing link to ids',
    async () => {
      const c = world.cloud.control;
      const owner = c.createAccount({
        kind: 'business',
        displayName: 'Alice Adams',
        tree: { 'Plans/q1.txt': 'q1', 'Plans/Sub/q2.txt': 'q2' },
      });
      const user = await world.user('wendy', { kind: 'business', tenantId: owner.tid });
      await user.login();
      c.share(owner.accountId, 'Plans', user.account.accountId);
      const shared = json(ok(await user.cli('browse', '--profile', 'wendy', '--shared', '--json'), 'browse --shared'));
      const entry = shared.entries[0];
      expect(entry).toMatchObject({ name: 'Plans', driveId: owner.driveId, driveType: 'business' });
      const local = path.join(user.dataDir, '..', 'plans');
      await addAndRun(user, entry.driveId, ['--item-id', entry.itemId], local);
      expect(await readFile(path.join(local, 'Sub/q2.txt'), 'utf8')).toBe('q2');
      expect((await user.syncList())[0]).toMatchObject({
        driveType: 'business',
        source: 'Shared by Alice Adams: Plans',
      });

      const url = c.createLink(owner.accountId, 'Plans/Sub');
      const linked = json(ok(await user.cli('browse', '--profile', 'wendy', '--link', url, '--json'), 'browse --link'));
      expect(linked.entries[0]).toMatchObject({
        name: 'Sub',
        driveId: owner.driveId,
        itemId: c.itemId(owner.accountId, 'Plans/Sub'),
      });
    },
    TIMEOUT,
  );

  it(
    'asks for Sites.Read.All once, then mirrors a library root and a folder inside a library',
    async () => {
      const c = world.cloud.control;
      const user = await world.user('sam', { kind: 'business' });
      await user.login();
      const site = c.createSite({
        tenantOf: user.account.accountId,
        name: 'Marketing',
        displayName: 'Contoso Marketing',
        followers: [user.account.accountId],
        libraries: { Documents: { 'Campaigns/plan.txt': 'plan', 'top.txt': 'top' } },
      });
      const lib = site.libraries[0]!;
      c.setDeviceCode({
        pendingPolls: 0,
        outcome: 'approve',
        accountId: user.account.accountId,
        interval: 0,
      });
      const sites = ok(await user.cli('browse', '--profile', 'sam', '--sites'), 'browse --sites');
      expect(sites.stdout).toContain('needs the Sites.Read.All permission');
      expect(sites.stdout).toContain('Contoso Marketing');
      expect(sites.stdout).toContain(site.siteId);
      // Granted: the next browse asks nothing.
      const again = ok(
        await user.cli('browse', '--profile', 'sam', '--sites', '--search', 'market', '--json'),
        'browse --sites --search',
      );
      expect(again.stdout).not.toContain('Sites.Read.All');
      expect(json(again).entries.map((e: any) => e.siteId)).toEqual([site.siteId]);
      const libraries = json(ok(await user.cli('browse', '--profile', 'sam', '--site', site.siteId, '--json'), 'browse --site'));
      expect(libraries.entries).toEqual([
        expect.objectContaining({
          kind: 'library',
          name: 'Documents',
          driveId: lib.driveId,
          driveType: 'documentLibrary',
        }),
      ]);
      const inside = json(
        ok(
          await user.cli('browse', '--profile', 'sam', '--drive-id', lib.driveId, '--path', '/Campaigns', '--json'),
          'browse --drive-id',
        ),
      );
      expect(inside.entries.map((e: any) => e.name)).toEqual(['plan.txt']);

      const rootLocal = path.join(user.dataDir, '..', 'library');
      await addAndRun(user, lib.driveId, ['--remote', '/'], rootLocal);
      expect(await readFile(path.join(rootLocal, 'Campaigns/plan.txt'), 'utf8')).toBe('plan');
      const folderLocal = path.join(user.dataDir, '..', 'campaigns');
      await addAndRun(user, lib.driveId, ['--remote', '/Campaigns'], folderLocal);
      expect(await readFile(path.join(folderLocal, 'plan.txt'), 'utf8')).toBe('plan');
      const listed = await user.syncList();
      expect(listed.map((s) => [s.driveType, s.source])).toEqual([
        ['documentLibrary', 'Contoso Marketing > Documents'],
        ['documentLibrary', 'Contoso Marketing > Documents > Campaigns'],
      ]);

      c.setSiteMember(site.siteId, user.account.accountId, false);
      const failed = await user.cli('sync', 'run');
      expect(failed.code).toBe(1);
      expect(failed.stdout).toContain('no longer shared with you');
      expect(await readFile(path.join(folderLocal, 'plan.txt'), 'utf8')).toBe('plan');
      expect(await readFile(path.join(rootLocal, 'top.txt'), 'utf8')).toBe('top');
      expect(await user.trashed()).toEqual([]);
    },
    TIMEOUT,
  );

  it(
    'refuses sites for a personal account and mixed browse options, with exit 2',
    async () => {
      const user = await world.user('solo');
      await user.login();
      const sites = await user.cli('browse', '--profile', 'solo', '--sites');
      expect(sites.code).toBe(2);
      expect(sites.stderr).toContain('work or school account');
      const mixed = await user.cli('browse', '--profile', 'solo', '--shared', '--sites');
      expect(mixed.code).toBe(2);
    },
    TIMEOUT,
  );
});
