import { beforeEach, describe, expect, it } from 'vitest';
import { runDelta, useFakeCloud } from './test-support';

const h = useFakeCloud();

function setup(kind: 'personal' | 'business' = 'personal') {
  const acc = h.cloud.control.createAccount({
    kind,
    tree: { 'Docs/a.txt': 'a', 'Docs/Sub/deep.txt': 'deep', 'Photos/p.jpg': 'p', 'top.txt': 't' },
  });
  return { acc, token: h.cloud.control.issueAccessToken(acc.accountId) };
}
const names = (items: Array<Record<string, any>>): string[] => items.map((i) => i.name as string);

beforeEach(() => {
  h.cloud.control.setDeltaOptions({
    pageSize: 200,
    childBeforeParent: false,
    repeatItems: false,
    emptyFirstPage: false,
    deletedShape: 'sparse',
  });
});

describe('fake cloud delta semantics', () => {
  it('enumerates everything parents-first, without parentReference.path, ending in a deltaLink', async () => {
    const { token } = setup();
    const run = await runDelta(h, '/me/drive/root/delta', token);
    expect(names(run.items)).toEqual(['root', 'Docs', 'Photos', 'top.txt', 'a.txt', 'Sub', 'p.jpg', 'deep.txt']);
    expect(run.items.every((i) => i.parentReference.path === undefined)).toBe(true);
    expect(run.deltaLink).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/v1\.0\/drives\/.+\/root\/delta\?token=/);
  });

  it('can list children before their parents', async () => {
    const { token } = setup();
    h.cloud.control.setDeltaOptions({ childBeforeParent: true });
    const order = names((await runDelta(h, '/me/drive/root/delta', token)).items);
    expect(order.indexOf('deep.txt')).toBeLessThan(order.indexOf('Sub'));
    expect(order.at(-1)).toBe('root');
  });

  it('reports a moved folder alone, not its descendants', async () => {
    const { acc, token } = setup();
    const first = await runDelta(h, '/me/drive/root/delta', token);
    h.cloud.control.move(acc.accountId, 'Docs/Sub', 'Photos', 'Moved');
    const next = await runDelta(h, first.deltaLink, token);
    expect(names(next.items).sort()).toEqual(['Docs', 'Moved', 'Photos', 'root']);
    const moved = next.items.find((i) => i.name === 'Moved')!;
    expect(moved.parentReference.id).toBe(h.cloud.control.itemId(acc.accountId, 'Photos'));
  });

  it('reports deletions with the deleted facet and sparse fields, for the folder and its contents', async () => {
    const { acc, token } = setup();
    const first = await runDelta(h, '/me/drive/root/delta', token);
    h.cloud.control.delete(acc.accountId, 'Docs');
    const next = await runDelta(h, first.deltaLink, token);
    const deleted = next.items.filter((i) => i.deleted);
    expect(names(deleted).sort()).toEqual(['Docs', 'Sub', 'a.txt', 'deep.txt']);
    for (const d of deleted) {
      expect(d.deleted).toEqual({});
      expect(d.size).toBeUndefined();
      expect(d.cTag).toBeUndefined();
    }
    h.cloud.control.setDeltaOptions({ deletedShape: 'idOnly' });
    h.cloud.control.delete(acc.accountId, 'top.txt');
    const idOnly = (await runDelta(h, next.deltaLink, token)).items.filter((i) => i.deleted);
    expect(idOnly).toEqual([{ id: expect.any(String), deleted: {} }]);
  });

  it('brings the ancestors of a deep change along', async () => {
    const { acc, token } = setup();
    const first = await runDelta(h, '/me/drive/root/delta', token);
    h.cloud.control.modify(acc.accountId, 'Docs/Sub/deep.txt', 'deeper');
    expect(names((await runDelta(h, first.deltaLink, token)).items)).toEqual(['root', 'Docs', 'Sub', 'deep.txt']);
  });

  it('keeps only the latest state of an item changed many times', async () => {
    const { acc, token } = setup();
    const first = await runDelta(h, '/me/drive/root/delta', token);
    h.cloud.control.modify(acc.accountId, 'top.txt', 'v2');
    h.cloud.control.rename(acc.accountId, 'top.txt', 'top2.txt');
    h.cloud.control.modify(acc.accountId, 'top2.txt', 'version 3');
    const next = await runDelta(h, first.deltaLink, token);
    const files = next.items.filter((i) => i.file);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({ name: 'top2.txt', size: 9 });
  });

  it('can repeat an item across pages and start with an empty page', async () => {
    const { token } = setup();
    h.cloud.control.setDeltaOptions({ pageSize: 3, repeatItems: true, emptyFirstPage: true });
    const run = await runDelta(h, '/me/drive/root/delta', token);
    expect(run.pages).toBe(4); // empty + 3 pages of the 8 items
    expect(run.items.length).toBeGreaterThan(8);
    expect(new Set(run.items.map((i) => i.id)).size).toBe(8);
  });

  it('answers token=latest with no items and a deltaLink for later changes only', async () => {
    const { acc, token } = setup();
    const latest = await runDelta(h, '/me/drive/root/delta?token=latest', token);
    expect(latest.items).toEqual([]);
    h.cloud.control.addFile(acc.accountId, 'Photos/new.jpg', 'n');
    expect(names((await runDelta(h, latest.deltaLink, token)).items)).toEqual(['root', 'Photos', 'new.jpg']);
  });

  it('answers 410 resyncRequired for an invalidated token, also mid-enumeration', async () => {
    const { acc, token } = setup();
    const first = await runDelta(h, '/me/drive/root/delta', token);
    h.cloud.control.setDeltaOptions({ pageSize: 2 });
    const page1 = (await h.json('/me/drive/root/delta', token)) as Record<string, any>;
    h.cloud.control.invalidateDeltaTokens(acc.accountId);
    for (const url of [first.deltaLink, page1['@odata.nextLink'] as string]) {
      const res = await h.get(url, token);
      expect(res.status).toBe(410);
      expect(await res.json()).toMatchObject({ error: { code: 'resyncRequired' } });
    }
    h.cloud.control.setDeltaOptions({ pageSize: 200 });
    const fresh = await runDelta(h, '/me/drive/root/delta', token);
    h.cloud.control.invalidateDeltaTokens(acc.accountId, 'resyncChangesApplyDifferences');
    expect(await (await h.get(fresh.deltaLink, token)).json()).toMatchObject({
      error: { code: 'resyncChangesApplyDifferences' },
    });
  });

  it('scopes folder delta on personal drives: moving out reads as deleted, moving in shows the folder alone', async () => {
    const { acc, token } = setup();
    const docs = h.cloud.control.itemId(acc.accountId, 'Docs');
    h.cloud.control.addFile(acc.accountId, 'Photos/In/x.txt', 'x');
    const first = await runDelta(h, `/me/drive/items/${docs}/delta`, token);
    expect(names(first.items)).toEqual(['Docs', 'a.txt', 'Sub', 'deep.txt']);
    h.cloud.control.move(acc.accountId, 'Docs/a.txt', 'Photos');
    h.cloud.control.move(acc.accountId, 'Photos/In', 'Docs');
    const next = await runDelta(h, first.deltaLink, token);
    const byName = Object.fromEntries(next.items.map((i) => [i.name, i]));
    expect(byName['a.txt'].deleted).toEqual({});
    expect(byName.In.folder).toBeDefined();
    expect(byName['x.txt']).toBeUndefined();
    expect(byName.Photos).toBeUndefined();
  });

  it('refuses folder delta on business drives with 501 notSupported, root delta works', async () => {
    const { acc, token } = setup('business');
    const docs = h.cloud.control.itemId(acc.accountId, 'Docs');
    const res = await h.get(`/drives/${acc.driveId}/items/${docs}/delta`, token);
    expect(res.status).toBe(501);
    expect(await res.json()).toMatchObject({
      error: { code: 'notSupported', message: 'view.delta can only be called on the root.' },
    });
    expect((await runDelta(h, `/drives/${acc.driveId}/root/delta`, token)).items).toHaveLength(8);
  });
});
