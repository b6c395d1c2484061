/**
 * Browsing what a profile can mirror beyond its own folders: shared items added to My files (`remoteItem`
 * shortcuts), sharing links (`/shares/u!.../driveItem`), SharePoint sites (followed, searched) and their document
 * libraries, and the children of any drive/item. Every request goes through the profile's DriveClient, so the same
 * middleware chain and the account's one throttle gate cover every drive the account reaches.
 *
 * Not used: `/me/drive/sharedWithMe` (deprecated; degraded until November 2026, no data after).
 */
import type { DriveType, SourceEntry } from '../../../shared/model';
import { AppError, isAppError } from '../errors';
import type { Drive, DriveItem, Site } from './types';

/** The part of DriveClient browsing needs. */
export interface BrowseClient {
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
  getItemByPath(driveId: string, path: string): Promise<DriveItem>;
  getItem(driveId: string, itemId: string): Promise<DriveItem>;
  listChildren(driveId: string, itemId: string, signal?: AbortSignal): AsyncIterable<DriveItem[]>;
}

const enc = encodeURIComponent;

/** `u!` + unpadded base64url of the link, as GET /shares/{shareIdOrEncodedSharingUrl} wants it. */
export function encodeSharingUrl(url: string): string {
  return 'u!' + Buffer.from(url.trim(), 'utf8').toString('base64url');
}

const driveTypeOf = (t: string | undefined): DriveType | null =>
  t === 'personal' || t === 'business' || t === 'documentLibrary' ? t : null;

/** An item of a listing as an entry; a remoteItem shortcut points at the owner's drive and item. */
export function entryOf(item: DriveItem, driveId: string, driveType: DriveType | null): SourceEntry {
  const remote = item.remoteItem;
  if (remote) {
    const owner =
      remote.shared?.owner?.user?.displayName ??
      remote.shared?.sharedBy?.user?.displayName ??
      remote.createdBy?.user?.displayName;
    const isFolder = Boolean(remote.folder ?? item.folder);
    return {
      kind: 'shared',
      name: item.name ?? remote.name ?? remote.id,
      driveId: remote.parentReference?.driveId ?? null,
      driveType: driveTypeOf(remote.parentReference?.driveType),
      itemId: remote.id,
      siteId: null,
      owner: owner ?? null,
      isFolder,
      childCount: (remote.folder ?? item.folder)?.childCount ?? null,
      size: remote.size ?? item.size ?? null,
    };
  }
  const isFolder = Boolean(item.folder || item.root);
  return {
    kind: isFolder ? 'folder' : 'file',
    name: item.name ?? item.id,
    driveId: item.parentReference?.driveId ?? driveId,
    driveType: driveTypeOf(item.parentReference?.driveType) ?? driveType,
    itemId: item.id,
    siteId: null,
    owner: null,
    isFolder,
    childCount: item.folder?.childCount ?? null,
    size: item.size ?? null,
  };
}

/** The children of a folder of any drive the account reaches (by item id, or by path from the drive root). */
export async function browseChildren(
  client: BrowseClient,
  driveId: string,
  at: { itemId: string } | { path: string },
  driveType: DriveType | null = null,
  signal?: AbortSignal,
): Promise<{ folder: SourceEntry; entries: SourceEntry[] }> {
  const folderItem = 'itemId' in at ? await client.getItem(driveId, at.itemId) : await client.getItemByPath(driveId, at.path);
  const folder = entryOf(folderItem, driveId, driveType);
  const entries: SourceEntry[] = [];
  if (folder.isFolder)
    for await (const page of client.listChildren(driveId, folderItem.id, signal))
      for (const i of page) entries.push(entryOf(i, driveId, folder.driveType));
  return { folder, entries };
}

/** Folders and files other people shared that the user added to My files (remoteItem shortcuts in the root). */
export async function browseShared(client: BrowseClient, ownDriveId: string, signal?: AbortSignal): Promise<SourceEntry[]> {
  const root = await client.getItemByPath(ownDriveId, '');
  const shared: SourceEntry[] = [];
  for await (const page of client.listChildren(ownDriveId, root.id, signal)) {
    for (const item of page) if (item.remoteItem) shared.push(entryOf(item, ownDriveId, null));
  }
  return shared;
}

/** A pasted sharing link, resolved to the item it opens (and, for the user, lasting access to it). */
export async function resolveLink(client: BrowseClient, url: string, signal?: AbortSignal): Promise<SourceEntry> {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new AppError('bad_input', `"${url}" is not a link. Paste the whole sharing link (https://...).`);
  }
  if (parsed.protocol !== 'https:') throw new AppError('bad_input', 'A sharing link starts with https://.');
  try {
    const item = await client.getJson<DriveItem>(`/shares/${encodeSharingUrl(url)}/driveItem`, signal);
    const entry = entryOf(item, item.parentReference?.driveId ?? '', null);
    const owner = item.shared?.owner?.user?.displayName ?? null;
    return { ...entry, kind: 'shared', owner };
  } catch (e) {
    if (isAppError(e, 'remote_missing') || isAppError(e, 'access_denied'))
      throw new AppError(
        'not_found',
        'This sharing link does not open anything for this account: it was removed, has expired, or is not for you.',
      );
    throw e;
  }
}

/** Sites need Sites.Read.All: a 403 there means the permission is missing, not that the site is forbidden. */
async function sitesCall<T>(client: BrowseClient, path: string, signal?: AbortSignal): Promise<T> {
  try {
    return await client.getJson<T>(path, signal);
  } catch (e) {
    if (isAppError(e, 'access_denied')) throw new AppError('consent_required');
    throw e;
  }
}

const siteEntry = (s: Site): SourceEntry => ({
  kind: 'site',
  name: s.displayName ?? s.name ?? s.id,
  driveId: null,
  driveType: null,
  itemId: null,
  siteId: s.id,
  owner: null,
  isFolder: true,
  childCount: null,
  size: null,
});

/** Followed sites, or a search over the sites the user can reach. Work accounts only. */
export async function browseSites(client: BrowseClient, search: string | null, signal?: AbortSignal): Promise<SourceEntry[]> {
  const path = search ? `/sites?search=${enc(search)}` : '/me/followedSites';
  const page = await sitesCall<{ value?: Site[] }>(client, path, signal);
  return (page.value ?? []).map(siteEntry);
}

/** A site's document libraries (each a drive of type documentLibrary). */
export async function browseSiteLibraries(
  client: BrowseClient,
  siteId: string,
  signal?: AbortSignal,
): Promise<{ site: SourceEntry; libraries: SourceEntry[] }> {
  const site = siteEntry(await sitesCall<Site>(client, `/sites/${enc(siteId)}`, signal));
  const page = await sitesCall<{ value?: Drive[] }>(client, `/sites/${enc(siteId)}/drives`, signal);
  const libraries = (page.value ?? []).map((d): SourceEntry => ({
    kind: 'library',
    name: d.name ?? d.id,
    driveId: d.id,
    driveType: driveTypeOf(d.driveType) ?? 'documentLibrary',
    itemId: null,
    siteId,
    owner: site.name,
    isFolder: true,
    childCount: null,
    size: null,
  }));
  return { site, libraries };
}
