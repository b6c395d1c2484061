/** Graph routes beyond the drive itself: /sites (search, one site, its libraries), /me/followedSites, /shares. */
import { itemJson } from './item-json';
import { sendGraphError, sendJson, type Ctx } from './respond';
import { denial, hasScope, resolveShareId } from './sources';
import type { Account, DriveRecord, FakeCloudState, Site } from './state';

export type SourcesTarget =
  | { kind: 'sites' } // /sites?search=
  | { kind: 'site'; siteId: string }
  | { kind: 'siteDrives'; siteId: string }
  | { kind: 'followedSites' }
  | { kind: 'share'; shareId: string };

export function parseSourcesPath(rest: string): SourcesTarget | undefined {
  if (rest === '/me/followedSites') return { kind: 'followedSites' };
  if (rest === '/sites' || rest === '/sites/') return { kind: 'sites' };
  const site = /^\/sites\/([^/]+)(\/drives)?\/?$/.exec(rest);
  if (site) {
    const siteId = decodeURIComponent(site[1]!);
    return site[2] ? { kind: 'siteDrives', siteId } : { kind: 'site', siteId };
  }
  const share = /^\/shares\/([^/]+)\/driveItem\/?$/.exec(rest);
  if (share) return { kind: 'share', shareId: decodeURIComponent(share[1]!) };
  return undefined;
}

export function isSourcesTarget(t: { kind: string }): t is SourcesTarget {
  return ['sites', 'site', 'siteDrives', 'followedSites', 'share'].includes(t.kind);
}

export function driveJson(state: FakeCloudState, record: DriveRecord): object {
  const used = 1024 * 1024;
  const total = 5 * 1024 * 1024 * 1024;
  const owner = record.owner;
  const site = record.siteId ? state.sites.get(record.siteId) : undefined;
  return {
    id: record.drive.id,
    driveType: record.drive.kind,
    name: record.name,
    webUrl: site ? `${site.webUrl}/${encodeURIComponent(record.name)}` : `https://onedrive.fake/${record.drive.id}`,
    owner: owner
      ? { user: { displayName: owner.displayName, id: owner.userId } }
      : { group: { displayName: site?.displayName ?? record.name, id: site?.id.split(',')[1] } },
    quota: { total, used, remaining: total - used, deleted: 0, state: 'normal' },
  };
}

function siteJson(site: Site): object {
  return {
    id: site.id,
    name: site.name,
    displayName: site.displayName,
    webUrl: site.webUrl,
    siteCollection: { hostname: site.id.split(',')[0] },
  };
}

const context = (state: FakeCloudState, what: string): string => `${state.graphUrl}/$metadata#${what}`;

export function handleSources(ctx: Ctx, target: SourcesTarget, account: Account, scopes: string[] | undefined): Promise<void> {
  const { state } = ctx;
  if (target.kind === 'share') return resolveShare(ctx, target.shareId, account);
  // Sites are SharePoint: work accounts only, and only with Sites.Read.All (Files.Read.All does not list sites).
  if (account.kind === 'personal')
    return sendGraphError(ctx, 400, 'invalidRequest', 'SharePoint sites are not available for personal Microsoft accounts.');
  if (!hasScope(scopes, 'Sites.Read.All'))
    return sendGraphError(ctx, 403, 'accessDenied', 'Either scp or roles claim need to be present in the token.');
  const visible = [...state.sites.values()].filter((s) => s.tenantId === account.tid && s.members.has(account.accountId));
  switch (target.kind) {
    case 'sites': {
      const q = (ctx.url.searchParams.get('search') ?? '').toLowerCase();
      const found = visible.filter(
        (s) => q === '' || s.displayName.toLowerCase().includes(q) || s.name.toLowerCase().includes(q),
      );
      return sendJson(ctx, 200, { '@odata.context': context(state, 'sites'), value: found.map(siteJson) });
    }
    case 'followedSites': {
      const followed = visible.filter((s) => s.followers.has(account.accountId));
      return sendJson(ctx, 200, { '@odata.context': context(state, 'sites'), value: followed.map(siteJson) });
    }
    case 'site':
    case 'siteDrives': {
      const site = state.sites.get(target.siteId);
      if (!site || site.tenantId !== account.tid)
        return sendGraphError(ctx, 404, 'itemNotFound', 'Requested site could not be found');
      if (!site.members.has(account.accountId)) return sendGraphError(ctx, 403, 'accessDenied', 'Access denied');
      if (target.kind === 'site') return sendJson(ctx, 200, siteJson(site));
      const drives = site.driveIds.map((id) => state.drives.get(id.toLowerCase())!).filter((r) => !r.deleted);
      return sendJson(ctx, 200, {
        '@odata.context': context(state, 'drives'),
        value: drives.map((r) => driveJson(state, r)),
      });
    }
  }
}

/** GET /shares/{u!...}/driveItem: the link's item; resolving it redeems the link (the account may read the item). */
function resolveShare(ctx: Ctx, shareId: string, account: Account): Promise<void> {
  const { state } = ctx;
  const found = resolveShareId(state, shareId);
  if (found === 'bad') return sendGraphError(ctx, 400, 'invalidRequest', 'The sharing token is malformed.');
  if (!found)
    return sendGraphError(
      ctx,
      404,
      'itemNotFound',
      'The sharing link no longer exists, or you do not have permission to access it.',
    );
  const { record, item, url } = found;
  if (denial(state, account, record, item)) {
    const granted = record.grants.get(account.accountId) ?? new Set<string>();
    granted.add(item.id);
    record.grants.set(account.accountId, granted);
    state.links.get(url)!.redeemedBy.add(account.accountId);
  }
  return sendJson(ctx, 200, itemJson(state, record.drive, item, false));
}
