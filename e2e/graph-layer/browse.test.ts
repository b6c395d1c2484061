import { describe, expect, it } from 'vitest';
import { browseChildren, browseShared, browseSiteLibraries, browseSites, resolveLink } from '../../main/core/graph/browse';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { useFakeCloud } from '../fake-cloud/test-support';
import { clientFor } from './harness';

const h = useFakeCloud();

function contoso() {
  const c = h.cloud.control;
  const alice = c.createAccount({
    kind: 'business',
    displayName: 'Alice Adams',
    tree: { 'Trip/Photos/1.jpg': 'j', 'Mine/x.txt': 'x' },
  });
  const bob = c.createAccount({ kind: 'business', tenantId: alice.tid, displayName: 'Bob Brown' });
  const site = c.createSite({
    tenantOf: bob.accountId,
    name: 'Marketing',
    displayName: 'Contoso Marketing',
    members: [bob.accountId],
    followers: [bob.accountId],
    libraries: { Documents: { 'Campaigns/plan.txt': 'plan' } },
  });
  c.share(alice.accountId, 'Trip', bob.accountId);
  return { c, alice, bob, site };
}

describe('graph browse calls against the fake cloud', () => {
  it('lists shared folders in My files with the owner drive, item and name', async () => {
    const { alice, bob } = contoso();
    const { client } = clientFor(h.cloud, bob);
    const shared = await browseShared(client, bob.driveId);
    expect(shared).toEqual([
      expect.objectContaining({
        kind: 'shared',
        name: 'Trip',
        driveId: alice.driveId,
        driveType: 'business',
        itemId: h.cloud.control.itemId(alice.accountId, 'Trip'),
        owner: 'Alice Adams',
        isFolder: true,
      }),
    ]);
    const inside = await browseChildren(client, shared[0]!.driveId!, { itemId: shared[0]!.itemId! });
    expect(inside.entries.map((e) => [e.name, e.kind, e.driveType])).toEqual([['Photos', 'folder', 'business']]);
  });

  it('finds followed and searched sites, lists a site libraries, and browses a library by path', async () => {
    const { bob, site } = contoso();
    const { client } = clientFor(h.cloud, bob);
    expect((await browseSites(client, null)).map((s) => [s.name, s.siteId])).toEqual([['Contoso Marketing', site.siteId]]);
    expect(await browseSites(client, 'nothing-like-it')).toEqual([]);
    const { site: s, libraries } = await browseSiteLibraries(client, site.siteId);
    expect(s.name).toBe('Contoso Marketing');
    expect(libraries).toEqual([
      expect.objectContaining({
        kind: 'library',
        name: 'Documents',
        driveType: 'documentLibrary',
        itemId: null,
        owner: 'Contoso Marketing',
      }),
    ]);
    const lib = await browseChildren(client, libraries[0]!.driveId!, { path: '/Campaigns' });
    expect(lib.entries.map((e) => e.name)).toEqual(['plan.txt']);
  });

  it('says consent_required when the token lacks Sites.Read.All', async () => {
    const { bob } = contoso();
    const client = createDriveClient({
      graphUrl: h.cloud.graphUrl,
      getToken: async () => h.cloud.control.issueAccessToken(bob.accountId, 3600, ['Files.Read.All']),
      gate: clientFor(h.cloud, bob).gate,
    });
    await expect(browseSites(client, 'market')).rejects.toMatchObject({ code: 'consent_required' });
  });

  it('resolves a pasted sharing link, and says plainly when it opens nothing', async () => {
    const c = h.cloud.control;
    const owner = c.createAccount({
      kind: 'personal',
      displayName: 'Olga Owner',
      tree: { 'Album/p.jpg': 'p' },
    });
    const reader = c.createAccount({ kind: 'personal' });
    const url = c.createLink(owner.accountId, 'Album');
    const { client } = clientFor(h.cloud, reader);
    const entry = await resolveLink(client, url);
    expect(entry).toMatchObject({
      kind: 'shared',
      name: 'Album',
      driveId: owner.driveId,
      driveType: 'personal',
      isFolder: true,
    });
    c.removeLink(url);
    await expect(resolveLink(client, url)).rejects.toMatchObject({ code: 'not_found' });
    await expect(resolveLink(client, 'not a link')).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('pauses the one account gate when a library request is throttled', async () => {
    const { bob, site } = contoso();
    const ac = clientFor(h.cloud, bob);
    h.cloud.control.throttle('children', { retryAfter: 30 });
    const before = ac.clock.now();
    await browseChildren(ac.client, site.libraries[0]!.driveId, { path: '' });
    // The gate (shared by every drive this account reaches) was paused for the Retry-After.
    expect(ac.gate.pausedUntil()).toBeGreaterThanOrEqual(before + 30_000);
  });
});
