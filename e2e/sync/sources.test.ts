/**
 * Mirroring items beyond the profile's own drive against the fake cloud, through the real engine: a folder shared
 * between personal accounts (folder delta), one shared from a business drive (walked: no delta reaches it), a
 * SharePoint library root (root delta) and a folder inside a library (root delta filtered to the folder). When access
 * ends the run fails with source_gone and every file stays.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DriveType } from '../../shared/model';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { silentLogger, systemClock, type Trash } from '../../main/core/ports';
import { runSync } from '../../main/core/sync/engine';
import { Semaphore } from '../../main/core/sync/semaphore';
import { syncConfig } from '../../main/core/testing/sync-config';
import type { AccountInfo } from '../fake-cloud';
import { readTree, sorted, useCloud } from './harness';

const h = useCloud();

async function mirrorOf(reader: AccountInfo, source: { driveId: string; itemId: string; driveType: DriveType; name: string }) {
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-src-'));
  const trashDir = path.join(base, 'trash');
  await fs.mkdir(trashDir);
  const trash: Trash = { trash: async (p) => fs.rename(p, path.join(trashDir, path.basename(p))) };
  const config = syncConfig({
    itemId: source.itemId,
    driveId: source.driveId,
    driveType: source.driveType,
    source: `Shared: ${source.name}`,
    itemName: source.name,
    itemPath: `/${source.name}`,
    localPath: path.join(base, 'local'),
  });
  const slots = new Semaphore(4);
  const gate = new ThrottleGate(systemClock, { baseMs: 20, maxMs: 200 });
  const client = createDriveClient({
    graphUrl: h.cloud.graphUrl,
    getToken: async () => h.cloud.control.issueAccessToken(reader.accountId),
    gate,
    tokenReuseMs: 0,
  });
  const run = () =>
    runSync({
      config,
      driveType: source.driveType,
      ownDriveId: reader.driveId,
      client,
      gate,
      stateDir: path.join(base, 'state'),
      trash,
      logger: silentLogger,
      signal: new AbortController().signal,
      downloadSlots: slots,
      bigDelete: { files: 500 },
      confirmedDeletes: null,
    });
  const local = async () => sorted(await readTree(config.localPath)).filter(([p]) => !p.endsWith('/'));
  const trashed = async () => (await fs.readdir(trashDir)).length;
  const cleanup = () => fs.rm(base, { recursive: true, force: true });
  return { run, local, trashed, cleanup };
}

/** Delta requests since the last reset, as "root" or "folder". */
function deltaScopes(): string[] {
  return h.cloud.control
    .requests()
    .filter((r) => r.route === 'delta')
    .map((r) => (r.path.includes('/root/delta') ? 'root' : 'folder'));
}

describe('syncs of shared folders and SharePoint libraries', () => {
  it('mirrors a folder shared between personal accounts with folder delta, by id across a rename, and keeps every file when the share ends', async () => {
    const c = h.cloud.control;
    const owner = c.createAccount({
      kind: 'personal',
      tree: { 'Trip/a.txt': 'a', 'Trip/Day1/b.txt': 'b', 'Other/x.txt': 'x' },
    });
    const reader = c.createAccount({ kind: 'personal' });
    const shared = c.share(owner.accountId, 'Trip', reader.accountId);
    const m = await mirrorOf(reader, {
      driveId: shared.driveId,
      itemId: shared.itemId,
      driveType: 'personal',
      name: 'Trip',
    });
    try {
      c.resetCounts();
      expect((await m.run()).result).toBe('success');
      expect(await m.local()).toEqual([
        ['Day1/b.txt', 'b'],
        ['a.txt', 'a'],
      ]);
      expect(deltaScopes().every((s) => s === 'folder')).toBe(true);

      c.rename(owner.accountId, 'Trip', 'Trip 2026');
      c.addFile(owner.accountId, 'Trip 2026/c.txt', 'c');
      expect((await m.run()).result).toBe('success');
      expect(await m.local()).toEqual([
        ['Day1/b.txt', 'b'],
        ['a.txt', 'a'],
        ['c.txt', 'c'],
      ]);

      c.unshare(owner.accountId, 'Trip 2026', reader.accountId);
      await expect(m.run()).rejects.toMatchObject({
        code: 'source_gone',
        message: 'Trip is no longer shared with you.',
      });
      expect(await m.local()).toEqual([
        ['Day1/b.txt', 'b'],
        ['a.txt', 'a'],
        ['c.txt', 'c'],
      ]);
      expect(await m.trashed()).toBe(0);
    } finally {
      await m.cleanup();
    }
  });

  it('walks a folder shared from a business drive on every run (no delta reaches it) and says "no longer exists" once it is deleted', async () => {
    const c = h.cloud.control;
    const owner = c.createAccount({
      kind: 'business',
      tree: { 'Plans/q1.txt': 'q1', 'Plans/Sub/q2.txt': 'q2' },
    });
    const reader = c.createAccount({ kind: 'business', tenantId: owner.tid });
    const shared = c.share(owner.accountId, 'Plans', reader.accountId);
    const m = await mirrorOf(reader, {
      driveId: shared.driveId,
      itemId: shared.itemId,
      driveType: 'business',
      name: 'Plans',
    });
    try {
      c.resetCounts();
      expect((await m.run()).result).toBe('success');
      expect(await m.local()).toEqual([
        ['Sub/q2.txt', 'q2'],
        ['q1.txt', 'q1'],
      ]);
      c.modify(owner.accountId, 'Plans/q1.txt', 'q1 v2');
      c.delete(owner.accountId, 'Plans/Sub/q2.txt');
      const second = await m.run();
      expect(second.downloaded).toBe(1);
      expect(await m.local()).toEqual([['q1.txt', 'q1 v2']]);
      expect(await m.trashed()).toBe(1);
      expect(deltaScopes()).toEqual([]);
      expect(c.count('children')).toBeGreaterThan(0);

      c.delete(owner.accountId, 'Plans');
      await expect(m.run()).rejects.toMatchObject({
        code: 'source_gone',
        message: 'Plans no longer exists.',
      });
      expect(await m.local()).toEqual([['q1.txt', 'q1 v2']]);
      expect(await m.trashed()).toBe(1);
    } finally {
      await m.cleanup();
    }
  });

  it('mirrors a library root with the root delta, and ends in source_gone with the files kept when site access is revoked', async () => {
    const c = h.cloud.control;
    const user = c.createAccount({ kind: 'business' });
    const site = c.createSite({
      tenantOf: user.accountId,
      name: 'Marketing',
      libraries: { Documents: { 'Campaigns/plan.txt': 'plan', 'top.txt': 'top' } },
    });
    const lib = site.libraries[0]!;
    const m = await mirrorOf(user, {
      driveId: lib.driveId,
      itemId: lib.rootId,
      driveType: 'documentLibrary',
      name: 'Documents',
    });
    try {
      c.resetCounts();
      expect((await m.run()).result).toBe('success');
      expect(await m.local()).toEqual([
        ['Campaigns/plan.txt', 'plan'],
        ['top.txt', 'top'],
      ]);
      c.addFile(lib.driveId, 'new.txt', 'new');
      expect((await m.run()).downloaded).toBe(1);
      expect(deltaScopes().every((s) => s === 'root')).toBe(true);

      c.setSiteMember(site.siteId, user.accountId, false);
      await expect(m.run()).rejects.toMatchObject({
        code: 'source_gone',
        message: 'Documents is no longer shared with you.',
      });
      expect(await m.local()).toEqual([
        ['Campaigns/plan.txt', 'plan'],
        ['new.txt', 'new'],
        ['top.txt', 'top'],
      ]);
      expect(await m.trashed()).toBe(0);
    } finally {
      await m.cleanup();
    }
  });

  it('mirrors a folder inside a library with the root delta filtered to it', async () => {
    const c = h.cloud.control;
    const user = c.createAccount({ kind: 'business' });
    const site = c.createSite({
      tenantOf: user.accountId,
      name: 'Sales',
      libraries: { Documents: { 'Campaigns/plan.txt': 'plan', 'elsewhere.txt': 'e' } },
    });
    const lib = site.libraries[0]!;
    const folder = c.itemId(lib.driveId, 'Campaigns');
    const m = await mirrorOf(user, {
      driveId: lib.driveId,
      itemId: folder,
      driveType: 'documentLibrary',
      name: 'Campaigns',
    });
    try {
      c.resetCounts();
      expect((await m.run()).result).toBe('success');
      expect(await m.local()).toEqual([['plan.txt', 'plan']]);
      c.addFile(lib.driveId, 'Campaigns/more.txt', 'more');
      c.addFile(lib.driveId, 'outside.txt', 'out');
      expect((await m.run()).downloaded).toBe(1);
      expect(await m.local()).toEqual([
        ['more.txt', 'more'],
        ['plan.txt', 'plan'],
      ]);
      expect(deltaScopes()).not.toContain('folder');

      c.deleteLibrary(lib.driveId);
      await expect(m.run()).rejects.toMatchObject({
        code: 'source_gone',
        message: 'Campaigns no longer exists.',
      });
      expect(await m.local()).toEqual([
        ['more.txt', 'more'],
        ['plan.txt', 'plan'],
      ]);
    } finally {
      await m.cleanup();
    }
  });
});
