/**
 * How a folder sync is listed, by what Graph allows on its drive (pure; docs/microsoft-cloud.md):
 *
 * - personal: folder-scoped delta (`/drives/{d}/items/{i}/delta`), also on a folder shared from another personal
 *   drive (its owner's drive id, the shared item's id).
 * - business or documentLibrary the account reaches whole (its own OneDrive for work, a SharePoint library of a
 *   site it is a member of): Graph's driveItem delta page says that on OneDrive for Business and SharePoint delta
 *   is only supported on the root folder (a folder delta answers 501 notSupported), so the ROOT delta, filtered to the
 *   subtree.
 * - a folder shared from someone else's business drive: neither works (folder delta 501, and the root delta of a
 *   drive the user only has one folder of is refused), so every run walks the subtree with /children and the planner
 *   reconciles the full listing with the manifest (unchanged files are not downloaded again).
 */
import type { DriveType } from '../../../../shared/model';

export type EnumerationKind = 'folder-delta' | 'root-delta' | 'walk';

export function enumerationKind(driveType: DriveType, driveId: string, ownDriveId: string | null): EnumerationKind {
  if (driveType === 'personal') return 'folder-delta';
  if (driveType === 'documentLibrary') return 'root-delta';
  const own = ownDriveId !== null && ownDriveId.toLowerCase() === driveId.toLowerCase();
  return own ? 'root-delta' : 'walk';
}
