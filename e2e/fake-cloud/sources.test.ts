import { Client, type GraphError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { encodeSharingUrl } from './sources';
import { runDelta, useFakeCloud } from './test-support';

const h = useFakeCloud();

const graphClient = (token: string): Client =>
  Client.init({
    baseUrl: h.cloud.authorityHost,
    defaultVersion: 'v1.0',
    customHosts: new Set(['127.0.0.1']),
    authProvider: (done) => done(null, token),
  });

function contoso() {
  const c = h.cloud.control;
  const alice = c.createAccount({
    kind: 'business',
    username: 'alice@contoso.com',
    displayName: 'Alice Adams',
    tree: { 'Own/x.txt': 'x' },
  });
  const bob = c.createAccount({
    kind: 'business',
    tenantId: alice.tid,
    username: 'bob@contoso.com',
    displayName: 'Bob Brown',
  });
  const site = c.createSite({
    tenantOf: alice.accountId,
    name: 'Marketing',
    displayName: 'Contoso Marketing',
    members: [alice.accountId],
    followers: [alice.accountId],
    libraries: {
      Documents: { 'Campaigns/plan.txt': 'plan', 'Campaigns/Sub/deep.txt': 'deep', 'top.txt': 'top' },
      Assets: {},
    },
  });
  return { c, alice, bob, site };
}

describe('fake cloud: drives beyond the own one', () => {
  it('lists followed sites and searches sites with Sites.Read.All, refuses without it', async () => {
    const { c, alice, site } = contoso();
    const token = c.issueAccessToken(alice.accountId, 3600, ['https://graph.microsoft.com/Files.Read.All', 'Sites.Read.All']);
    const followed = await h.json('/me/followedSites', token);
    expect(followed.value.map((s: any) => s.displayName)).toEqual(['Contoso Marketing']);
    expect(followed.value[0].id).toBe(site.siteId);
    expect(site.siteId).toMatch(/^contoso\.sharepoint\.com,[0-9a-f-]{36},[0-9a-f-]{36}$/);
    expect((await h.json('/sites?search=market', token)).value).toHaveLength(1);
    expect((await h.json('/sites?search=finance', token)).value).toHaveLength(0);
    const drives = await h.json(`/sites/${encodeURIComponent(site.siteId)}/drives`, token);
    expect(drives.value.map((d: any) => [d.name, d.driveType])).toEqual([
      ['Documents', 'documentLibrary'],
      ['Assets', 'documentLibrary'],
    ]);
    expect(drives.value[0].id).toMatch(/^b!/);

    const filesOnly = c.issueAccessToken(alice.accountId, 3600, ['Files.Read.All']);
    const refused = await h.get('/sites?search=market', filesOnly);
    expect(refused.status).toBe(403);
    // ...but the library itself is readable with Files.Read.All.
    const root = await h.json(`/drives/${site.libraries[0]!.driveId}/root/children`, filesOnly);
    expect(root.value.map((i: any) => i.name)).toEqual(['Campaigns', 'top.txt']);
  });

  it('says plainly that personal accounts have no sites', async () => {
    const c = h.cloud.control;
    const pat = c.createAccount({ kind: 'personal' });
    const res = await h.get('/me/followedSites', c.issueAccessToken(pat.accountId));
    expect(res.status).toBe(400);
  });

  it('gives library members root delta, and 501 for folder delta on a documentLibrary', async () => {
    const { c, alice, site } = contoso();
    const token = c.issueAccessToken(alice.accountId);
    const lib = site.libraries[0]!;
    const all = await runDelta(h, `/drives/${lib.driveId}/root/delta`, token);
    expect(all.items.map((i) => i.name).sort()).toEqual(['Campaigns', 'Sub', 'deep.txt', 'plan.txt', 'root', 'top.txt']);
    expect(all.items.find((i) => i.name === 'plan.txt')!.parentReference.driveType).toBe('documentLibrary');
    const campaigns = c.itemId(lib.driveId, 'Campaigns');
    const folder = await h.get(`/drives/${lib.driveId}/items/${campaigns}/delta`, token);
    expect(folder.status).toBe(501);
    expect(await folder.json()).toMatchObject({ error: { code: 'notSupported' } });
  });

  it('answers 403 after removal from the site and 404 once the library is deleted', async () => {
    const { c, alice, site } = contoso();
    const token = c.issueAccessToken(alice.accountId);
    const lib = site.libraries[1]!;
    expect((await h.get(`/drives/${lib.driveId}/root`, token)).status).toBe(200);
    c.setSiteMember(site.siteId, alice.accountId, false);
    expect((await h.get(`/drives/${lib.driveId}/root`, token)).status).toBe(403);
    c.setSiteMember(site.siteId, alice.accountId, true);
    c.deleteLibrary(lib.driveId);
    const gone = await h.get(`/drives/${lib.driveId}/root`, token);
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'itemNotFound' } });
  });

  it('shows a folder shared with a business user as a remoteItem in their My files; root delta of the owner is 403', async () => {
    const { c, alice, bob } = contoso();
    c.addFolder(alice.accountId, 'Trip/Photos');
    c.addFile(alice.accountId, 'Trip/Photos/1.jpg', 'jpg');
    const shared = c.share(alice.accountId, 'Trip', bob.accountId);
    const token = c.issueAccessToken(bob.accountId);
    const mine = await h.json('/me/drive/root/children', token);
    const shortcut = mine.value.find((i: any) => i.name === 'Trip');
    expect(shortcut.id).toBe(shared.shortcutId);
    expect(shortcut.folder).toBeDefined();
    expect(shortcut.remoteItem).toMatchObject({
      id: shared.itemId,
      parentReference: { driveId: alice.driveId, driveType: 'business' },
      folder: { childCount: 1 },
      shared: { owner: { user: { displayName: 'Alice Adams' } } },
    });
    expect(shortcut['@microsoft.graph.downloadUrl']).toBeUndefined();
    const children = await h.json(`/drives/${alice.driveId}/items/${shared.itemId}/children`, token);
    expect(children.value.map((i: any) => i.name)).toEqual(['Photos']);
    expect((await h.get(`/drives/${alice.driveId}/items/${c.itemId(alice.accountId, 'Own')}`, token)).status).toBe(403);
    expect((await h.get(`/drives/${alice.driveId}/root/delta`, token)).status).toBe(403);
    expect((await h.get(`/drives/${alice.driveId}/items/${shared.itemId}/delta`, token)).status).toBe(501);

    c.unshare(alice.accountId, 'Trip', bob.accountId);
    const after = await h.get(`/drives/${alice.driveId}/items/${shared.itemId}/children`, token);
    expect(after.status).toBe(403);
    expect(await after.json()).toMatchObject({ error: { code: 'accessDenied' } });
    expect((await h.json('/me/drive/root/children', token)).value.some((i: any) => i.name === 'Trip')).toBe(false);
  });

  it('shows a folder shared between personal accounts with the remoteItem facet only, and folder delta works on it', async () => {
    const c = h.cloud.control;
    const owner = c.createAccount({
      kind: 'personal',
      displayName: 'Olga Owner',
      tree: { 'Trip/a.txt': 'a', 'Private/p.txt': 'p' },
    });
    const friend = c.createAccount({ kind: 'personal' });
    const shared = c.share(owner.accountId, 'Trip', friend.accountId);
    const token = c.issueAccessToken(friend.accountId);
    const shortcut = (await h.json('/me/drive/root/children', token)).value.find((i: any) => i.name === 'Trip');
    expect(shortcut.folder).toBeUndefined();
    expect(shortcut.remoteItem).toMatchObject({
      id: shared.itemId,
      parentReference: { driveId: owner.driveId, driveType: 'personal' },
    });
    expect(shortcut.remoteItem.id).toMatch(/^[0-9A-F]{16}!\d+$/);
    const first = await runDelta(h, `/drives/${owner.driveId}/items/${shared.itemId}/delta`, token);
    expect(first.items.map((i) => i.name)).toEqual(['Trip', 'a.txt']);
    c.addFile(owner.accountId, 'Trip/b.txt', 'b');
    const next = await runDelta(h, first.deltaLink, token);
    expect(next.items.map((i) => i.name)).toEqual(['Trip', 'b.txt']);
    expect((await h.get(`/drives/${owner.driveId}/root/delta`, token)).status).toBe(403);
    c.delete(owner.accountId, 'Trip');
    expect((await h.get(`/drives/${owner.driveId}/items/${shared.itemId}`, token)).status).toBe(404);
  });

  it('resolves a sharing link through /shares/u!.../driveItem with the Graph client, then reads by id until the link goes', async () => {
    const c = h.cloud.control;
    const owner = c.createAccount({ kind: 'personal', tree: { 'Album/p.jpg': 'p' } });
    const reader = c.createAccount({ kind: 'personal' });
    const url = c.createLink(owner.accountId, 'Album');
    expect(url).toMatch(/^https:\/\/1drv\.ms\/f\/s!/);
    const client = graphClient(c.issueAccessToken(reader.accountId));
    const shareId = encodeSharingUrl(url);
    expect(shareId).toMatch(/^u![A-Za-z0-9_-]+$/);
    const item = (await client.api(`/shares/${shareId}/driveItem`).get()) as any;
    expect(item).toMatchObject({
      name: 'Album',
      folder: { childCount: 1 },
      parentReference: { driveId: owner.driveId },
    });
    const kids = (await client.api(`/drives/${owner.driveId}/items/${item.id}/children`).get()) as any;
    expect(kids.value.map((i: any) => i.name)).toEqual(['p.jpg']);
    c.removeLink(url);
    await expect(client.api(`/shares/${shareId}/driveItem`).get()).rejects.toMatchObject({
      statusCode: 404,
    } satisfies Partial<GraphError>);
    await expect(client.api(`/drives/${owner.driveId}/items/${item.id}/children`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'accessDenied',
    } satisfies Partial<GraphError>);
    await expect(client.api('/shares/not-a-share/driveItem').get()).rejects.toMatchObject({
      statusCode: 400,
    });
  });
});
