/**
 * Where a sync's item lives when it is not in the profile's own drive: a folder shared with the user (the owner's
 * drive), a SharePoint document library, or an item opened by a sharing link. Resolves a picked item to the drive
 * and item the engine mirrors (a `remoteItem` shortcut is followed to the owner's item) and names it readably.
 */
import type { DriveType } from '../../../shared/model';
import { AppError } from '../errors';
import type { DriveItem } from '../graph/types';
import type { DriveClientLike } from './service-deps';
import { itemDisplayPath } from './service-profiles';

export interface ResolvedSource {
  item: DriveItem;
  driveId: string;
  driveType: DriveType;
  itemPath: string;
  /** Readable origin for syncs outside My files; null for My files. */
  source: string | null;
}

const asDriveType = (t: string | undefined): DriveType | null =>
  t === 'personal' || t === 'business' || t === 'documentLibrary' ? t : null;

/** `item` as found on `driveId`; `own` is the profile's drive. */
export async function resolveSource(
  client: DriveClientLike,
  found: DriveItem,
  driveId: string,
  own: { id: string; driveType: DriveType } | null,
): Promise<ResolvedSource> {
  let item = found;
  let onDrive = item.parentReference?.driveId ?? driveId;
  // A shortcut in My files ("Add to My files") only points at the owner's item: mirror that one.
  const remote = item.remoteItem;
  if (remote?.parentReference?.driveId) {
    onDrive = remote.parentReference.driveId;
    item = await client.getItem(onDrive, remote.id);
  }
  const isOwn = own !== null && onDrive.toLowerCase() === own.id.toLowerCase();
  if (isOwn)
    return {
      item,
      driveId: onDrive,
      driveType: own.driveType,
      itemPath: itemDisplayPath(item),
      source: null,
    };

  const drive = await client.getDrive(onDrive).catch(() => null);
  const driveType =
    asDriveType(drive?.driveType) ??
    asDriveType(item.parentReference?.driveType) ??
    asDriveType(remote?.parentReference?.driveType);
  if (!driveType) throw new AppError('bad_input', 'OneDrive did not say what kind of drive this item is on.');
  const name = item.root ? (drive?.name ?? 'Documents') : (item.name ?? item.id);
  if (driveType === 'documentLibrary') {
    const d = drive as (typeof drive & { owner?: { group?: { displayName?: string }; user?: { displayName?: string } } }) | null;
    const site = d?.owner?.group?.displayName ?? d?.owner?.user?.displayName ?? null;
    const inLibrary = item.root ? [] : itemDisplayPath(item).split('/').filter(Boolean);
    const label = [site, drive?.name ?? 'Documents', ...inLibrary].filter((p): p is string => Boolean(p)).join(' > ');
    return {
      item,
      driveId: onDrive,
      driveType,
      itemPath: item.root ? '/' : itemDisplayPath(item),
      source: label,
    };
  }
  const owner =
    item.shared?.owner?.user?.displayName ?? remote?.shared?.owner?.user?.displayName ?? drive?.owner?.user?.displayName ?? null;
  // The path above a shared item is the owner's business: the mirror's path is the item itself.
  return {
    item,
    driveId: onDrive,
    driveType,
    itemPath: `/${name}`,
    source: owner ? `Shared by ${owner}: ${name}` : `Shared with you: ${name}`,
  };
}
