/** DriveItem (wire) -> RemoteItem (what the sync logic keeps): small, plain, and the same for every API flavour. */
import type { DriveItem } from '../graph/types';
import type { RemoteItem } from './types';

/** Deleted in delta: `deleted: {}`, possibly with nothing else but the id. */
export function isDeleted(item: DriveItem): boolean {
  return item.deleted != null;
}

/** Folders, and packages (OneNote notebooks), whose content is their children. */
export function isFolderLike(item: DriveItem): boolean {
  return item.folder != null || item.package != null || item.root != null;
}

/** Epoch ms of the file's own mtime (fileSystemInfo, what the client set) else the service's; 0 if unknown. */
export function remoteMtimeMs(item: DriveItem): number {
  const text = item.fileSystemInfo?.lastModifiedDateTime ?? item.lastModifiedDateTime;
  const ms = text ? Date.parse(text) : NaN;
  return Number.isNaN(ms) ? 0 : ms;
}

/**
 * `rootId` is the synced root: it gets parentId null whatever its real parent is. Only for items that are not
 * deleted (use isDeleted first).
 */
export function normalize(item: DriveItem, rootId: string): RemoteItem {
  const folder = isFolderLike(item);
  const h = item.file?.hashes;
  // Only the hash a download is verified with (download-hash.ts prefers them in this order): a 100k-item change
  // set keeps one hash string per file, not three.
  const hashes: RemoteItem['hashes'] = {};
  if (h?.quickXorHash) hashes.quickXorHash = h.quickXorHash;
  else if (h?.sha1Hash) hashes.sha1Hash = h.sha1Hash.toUpperCase();
  else if (h?.sha256Hash) hashes.sha256Hash = h.sha256Hash.toUpperCase();
  // A file with a QuickXorHash is compared by it (sameContent in plan-tree.ts), never by its tags: not keeping them
  // saves ~100 bytes per item in memory and in the state file.
  const byHash = hashes.quickXorHash !== undefined;
  return {
    id: item.id,
    parentId: item.id === rootId ? null : (item.parentReference?.id ?? null),
    name: item.name ?? '',
    kind: folder ? 'folder' : 'file',
    size: folder ? 0 : (item.size ?? 0), // a folder's size is its content's total: noise for us
    eTag: byHash ? null : (item.eTag ?? null),
    cTag: byHash ? null : (item.cTag ?? null),
    mtimeMs: remoteMtimeMs(item),
    hashes,
    downloadUrl: folder ? null : (item['@microsoft.graph.downloadUrl'] ?? null),
  };
}
