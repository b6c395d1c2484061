/**
 * Enumeration against the fake cloud over real HTTPS: personal folder-scoped delta and business root delta filtered
 * to the subtree, first and incremental runs, 410 mid-enumeration, moves into and out of the subtree, children
 * before parents, sparse deletions, and the request budget of an initial enumeration.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { enumerate } from '../../main/core/sync/enumerate/enumerate';
import type { AccountInfo } from '../fake-cloud';
import { useFakeCloud } from '../fake-cloud/test-support';
import { clientFor, fakeListing, MiniManifest } from './harness';

const h = useFakeCloud();

afterEach(() => {
  h.cloud.control.clearFaults();
  h.cloud.control.setDeltaOptions({
    pageSize: 200,
    childBeforeParent: false,
    repeatItems: false,
    emptyFirstPage: false,
    deletedShape: 'sparse',
  });
  h.cloud.control.setChildrenPageSize(200);
});

function tree(files: number): Record<string, string | null> {
  const t: Record<string, string | null> = { 'Outside/o.txt': 'o', 'Outside/Deep/d.txt': 'd', 'Docs/Empty/': null };
  for (let i = 0; i < files; i++) t[`Docs/F${i % 4}/Sub${i % 3}/file-${i}.txt`] = `content ${i}`;
  return t;
}

async function sync(account: AccountInfo, m: MiniManifest, over: { fetch?: typeof fetch } = {}) {
  const { client } = clientFor(h.cloud, account, over);
  const set = await enumerate({
    client,
    driveId: account.driveId,
    driveType: account.kind,
    itemType: 'folder',
    rootId: m.rootId,
    deltaLink: m.deltaLink,
    knownIds: m.knownIds,
    knownParent: m.knownParent,
  });
  m.apply(set);
  return set;
}

for (const kind of ['personal', 'business'] as const) {
  describe(`enumerate on a ${kind} drive`, () => {
    const start = (files = 30) => {
      const account = h.cloud.control.createAccount({ kind, tree: tree(files) });
      const m = new MiniManifest(h.cloud.control.itemId(account.accountId, 'Docs'));
      return { account, m };
    };

    it('enumerates the whole subtree first, spending only delta/children pages', async () => {
      const { account, m } = start(60);
      h.cloud.control.setDeltaOptions({ pageSize: 7, childBeforeParent: true, emptyFirstPage: true });
      h.cloud.control.setChildrenPageSize(5);
      h.cloud.control.resetCounts();
      const set = await sync(account, m);
      expect(set.full).toBe(true);
      expect(set.deltaLink).toMatch(/delta\?token=/);
      expect(m.listing()).toEqual(fakeListing(h.cloud, account, 'Docs'));
      const counts = h.cloud.control.counts();
      expect(set.requests).toBe((counts.delta ?? 0) + (counts.children ?? 0));
      expect(Object.keys(counts).sort()).toEqual(kind === 'personal' ? ['delta'] : ['children', 'delta']);
      if (kind === 'business') expect(counts.delta).toBe(1); // token=latest only, no whole-drive listing
    });

    it('brings the manifest up to date with adds, edits, renames, moves and sparse deletions', async () => {
      const { account, m } = start();
      await sync(account, m);
      const c = h.cloud.control;
      const id = account.accountId;
      c.addFile(id, 'Docs/new.txt', 'new');
      c.addFolder(id, 'Docs/NewFolder');
      c.addFile(id, 'Docs/NewFolder/inside.txt', 'inside');
      c.modify(id, 'Docs/F0/Sub0/file-0.txt', 'edited');
      c.rename(id, 'Docs/F1', 'F1-renamed');
      c.move(id, 'Docs/F2/Sub2', 'Docs/F3', 'Sub2-moved');
      c.delete(id, 'Docs/F3/Sub0');
      c.delete(id, 'Docs/F0/Sub1/file-4.txt');
      c.addFile(id, 'Outside/not-ours.txt', 'x');
      c.setDeltaOptions({ pageSize: 3, childBeforeParent: true, deletedShape: 'idOnly', repeatItems: true });
      const set = await sync(account, m);
      expect(set.full).toBe(false);
      expect(m.listing()).toEqual(fakeListing(h.cloud, account, 'Docs'));
      expect(set.items.some((i) => i.name === 'not-ours.txt')).toBe(false);
      expect(set.items.find((i) => i.name === 'file-0.txt')?.size).toBe('edited'.length);
    });

    it('walks a folder moved into the subtree, and treats one moved out as removed', async () => {
      const { account, m } = start();
      await sync(account, m);
      const c = h.cloud.control;
      const out = c.item(account.accountId, 'Docs/F1')!;
      c.move(account.accountId, 'Outside', 'Docs');
      c.move(account.accountId, 'Docs/F1', '');
      const set = await sync(account, m);
      expect(set.removedIds).toContain(out.id);
      expect(m.listing()).toContain('Outside/Deep/d.txt');
      expect(m.listing()).toEqual(fakeListing(h.cloud, account, 'Docs'));
    });

    it('brings back an item that moved out and in again', async () => {
      const { account, m } = start();
      await sync(account, m);
      const c = h.cloud.control;
      c.move(account.accountId, 'Docs/F0', 'Outside');
      await sync(account, m);
      expect(m.listing().some((p) => p.startsWith('F0/'))).toBe(false);
      c.move(account.accountId, 'Outside/F0', 'Docs');
      await sync(account, m);
      expect(m.listing()).toEqual(fakeListing(h.cloud, account, 'Docs'));
      expect(m.listing().filter((p) => p.startsWith('F0/')).length).toBeGreaterThan(3);
    });

    it('starts over from scratch when Graph answers 410 in the middle of the pages', async () => {
      const { account, m } = start(40);
      await sync(account, m);
      h.cloud.control.addFile(account.accountId, 'Docs/after.txt', 'a');
      for (let i = 0; i < 20; i++) h.cloud.control.addFile(account.accountId, `Docs/many-${i}.txt`, `m${i}`);
      h.cloud.control.setDeltaOptions({ pageSize: 5 });
      let pages = 0;
      const killer: typeof fetch = async (input, init) => {
        if (String(input).includes('/delta') && ++pages === 2) h.cloud.control.invalidateDeltaTokens(account.accountId);
        return fetch(input, init);
      };
      const set = await sync(account, m, { fetch: killer });
      expect(set.full).toBe(true);
      expect(m.listing()).toEqual(fakeListing(h.cloud, account, 'Docs'));
      // The fresh deltaLink works.
      h.cloud.control.addFile(account.accountId, 'Docs/later.txt', 'l');
      const next = await sync(account, m);
      expect(next.full).toBe(false);
      expect(next.items.map((i) => i.name)).toContain('later.txt');
    });
  });
}

describe('enumerate a single file', () => {
  it('returns the file by id, with a hash that changes when it is edited', async () => {
    const account = h.cloud.control.createAccount({ kind: 'business', tree: { 'Docs/one.txt': 'one' } });
    const id = h.cloud.control.itemId(account.accountId, 'Docs/one.txt');
    const { client } = clientFor(h.cloud, account);
    const run = () =>
      enumerate({
        client,
        driveId: account.driveId,
        driveType: 'business',
        itemType: 'file',
        rootId: id,
        deltaLink: null,
        knownIds: new Set(),
        knownParent: () => undefined,
      });
    const first = await run();
    expect(first).toMatchObject({ deltaLink: null, requests: 1, items: [{ id, name: 'one.txt', parentId: null }] });
    h.cloud.control.modify(account.accountId, { id }, 'two!');
    const second = await run();
    expect(second.items[0]!.hashes.quickXorHash).toMatch(/=$/);
    expect(second.items[0]!.hashes.quickXorHash).not.toBe(first.items[0]!.hashes.quickXorHash);
    expect(second.items[0]!.downloadUrl).toMatch(/^https:/);
  });
});
