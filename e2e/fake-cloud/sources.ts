/**
 * Drives beyond the account's own: SharePoint sites with document libraries, items shared with other accounts
 * (added to their My files as `remoteItem` shortcuts), and sharing links. Who may read what is decided here, the
 * way Graph answers it (docs/microsoft-cloud.md, "Beyond the own drive"):
 *
 * - Own drive: everything. A site's library: the site's members, everything (root delta included).
 * - An item shared with the account (directly, or through a link it resolved): that item and what is under it.
 *   Folder delta on it works only on personal drives; business and documentLibrary drives answer 501 for any
 *   folder delta, and the ROOT delta of a drive the account only has items of answers 403 accessDenied.
 * - No access (never shared, share removed, removed from the site): 403 accessDenied. An item or library that no
 *   longer exists: 404 itemNotFound.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createDrive, deleteItem, isUnder, liveItem, makeItem, type Item } from './drive-model';
import type { Account, DriveRecord, FakeCloudState, Site } from './state';

export type Denial = { status: 403 | 404; code: 'accessDenied' | 'itemNotFound'; message: string };

const DENIED: Denial = { status: 403, code: 'accessDenied', message: 'Access denied' };
const GONE: Denial = { status: 404, code: 'itemNotFound', message: 'Item not found' };

export function isMember(state: FakeCloudState, account: Account, record: DriveRecord): boolean {
  if (record.owner?.accountId === account.accountId) return true;
  const site = record.siteId ? state.sites.get(record.siteId) : undefined;
  return site?.members.has(account.accountId) ?? false;
}

/** May `account` read `item` (or, without an item, anything) of the drive? undefined = yes. */
export function denial(
  state: FakeCloudState,
  account: Account,
  record: DriveRecord | undefined,
  item?: Item,
): Denial | undefined {
  if (!record || record.deleted) return GONE;
  if (isMember(state, account, record)) return undefined;
  const granted = record.grants.get(account.accountId);
  if (!granted || granted.size === 0) return DENIED;
  if (!item) return undefined;
  for (const id of granted) {
    const top = record.drive.items.get(id);
    if (top && !top.deleted && isUnder(record.drive, item, id)) return undefined;
  }
  return DENIED;
}

/** Scopes a token carries: 'Sites.Read.All' also as 'https://graph.microsoft.com/Sites.Read.All'. */
export function hasScope(scopes: string[] | undefined, wanted: string): boolean {
  if (!scopes) return true;
  const w = wanted.toLowerCase();
  return scopes.some((s) => {
    const bare = s.toLowerCase().replace(/^.*\//, '');
    return bare === w || (w === 'sites.read.all' && bare === 'sites.readwrite.all');
  });
}

export function createSite(
  state: FakeCloudState,
  init: { tenantId: string; name: string; displayName?: string; members?: string[]; followers?: string[] },
): Site {
  const host = 'contoso.sharepoint.com';
  const site: Site = {
    id: `${host},${randomUUID()},${randomUUID()}`,
    name: init.name,
    displayName: init.displayName ?? init.name,
    webUrl: `https://${host}/sites/${encodeURIComponent(init.name)}`,
    tenantId: init.tenantId,
    driveIds: [],
    members: new Set(init.members ?? []),
    followers: new Set(init.followers ?? []),
  };
  state.sites.set(site.id, site);
  return site;
}

export function addLibrary(state: FakeCloudState, site: Site, name: string): DriveRecord {
  const drive = createDrive('documentLibrary');
  const record: DriveRecord = {
    drive,
    owner: null,
    name,
    siteId: site.id,
    deleted: false,
    grants: new Map(),
  };
  state.drives.set(drive.id.toLowerCase(), record);
  site.driveIds.push(drive.id);
  return record;
}

/** Shares `item` with `to`; with `addToMyFiles` a shortcut (remoteItem) appears in the root of `to`'s drive. */
export function share(
  state: FakeCloudState,
  record: DriveRecord,
  item: Item,
  to: Account,
  addToMyFiles: boolean,
): Item | undefined {
  const set = record.grants.get(to.accountId) ?? new Set<string>();
  set.add(item.id);
  record.grants.set(to.accountId, set);
  if (!addToMyFiles) return undefined;
  const own = to.drive;
  return makeItem(own, {
    name: item.name,
    parentId: own.rootId,
    isFolder: item.isFolder,
    remote: { driveId: record.drive.id, itemId: item.id },
  });
}

/** Ends a share: the grant goes, and so does the shortcut in `to`'s My files (as OneDrive removes it). */
export function unshare(record: DriveRecord, item: Item, to: Account): void {
  record.grants.get(to.accountId)?.delete(item.id);
  for (const candidate of [...to.drive.items.values()]) {
    if (!candidate.deleted && candidate.remote?.driveId === record.drive.id && candidate.remote.itemId === item.id) {
      deleteItem(to.drive, candidate);
    }
  }
}

export function createLink(state: FakeCloudState, record: DriveRecord, item: Item): string {
  const token = randomBytes(12).toString('base64url');
  const url =
    record.drive.kind === 'personal'
      ? `https://1drv.ms/${item.isFolder ? 'f' : 'u'}/s!A${token}`
      : `https://contoso.sharepoint.com/:${item.isFolder ? 'f' : 'u'}:/s/${record.name}/E${token}?e=${token.slice(0, 6)}`;
  state.links.set(url, { url, driveId: record.drive.id, itemId: item.id, redeemedBy: new Set() });
  return url;
}

/** Removes a link; accounts that had access only through it lose it. */
export function removeLink(state: FakeCloudState, url: string): void {
  const link = state.links.get(url);
  if (!link) throw new Error(`fake-cloud: no link ${url}`);
  state.links.delete(url);
  const record = state.drives.get(link.driveId.toLowerCase());
  for (const accountId of link.redeemedBy) record?.grants.get(accountId)?.delete(link.itemId);
}

/** `u!` + unpadded base64url of the URL, as Graph's /shares/{shareId} wants it. */
export function encodeSharingUrl(url: string): string {
  return 'u!' + Buffer.from(url, 'utf8').toString('base64url');
}

/** The link of a shareId (u!...), if it decodes to a known one. */
export function resolveShareId(
  state: FakeCloudState,
  shareId: string,
): { record: DriveRecord; item: Item; url: string } | 'bad' | undefined {
  if (!shareId.startsWith('u!')) return 'bad';
  const url = Buffer.from(shareId.slice(2), 'base64url').toString('utf8');
  const link = state.links.get(url);
  if (!link) return undefined;
  const record = state.drives.get(link.driveId.toLowerCase());
  const item = record && !record.deleted ? liveItem(record.drive, link.itemId) : undefined;
  return record && item ? { record, item, url } : undefined;
}
