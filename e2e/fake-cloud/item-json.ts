import { createHmac } from 'node:crypto';
import { hashesOf, pathOf, sizeOf, childrenOf, type Drive, type Item } from './drive-model';
import type { FakeCloudState } from './state';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

/** A pre-authenticated download URL: signed, tied to a generation (control can expire all) and an expiry time. */
export function downloadUrl(state: FakeCloudState, drive: Drive, item: Item): string {
  const payload = Buffer.from(
    JSON.stringify({
      d: drive.id,
      i: item.id,
      g: state.downloadGeneration,
      e: Date.now() + state.settings.downloadUrlTtlSeconds * 1000,
    }),
  ).toString('base64url');
  const sig = createHmac('sha256', state.downloadSecret).update(payload).digest('base64url');
  return `${state.downloadOrigin}/download.aspx?tempauth=${payload}.${sig}&ApiVersion=2.0`;
}

export function parseDownloadToken(
  state: FakeCloudState,
  tempauth: string,
): { driveId: string; itemId: string; generation: number; expiresAt: number } | undefined {
  const [payload, sig] = tempauth.split('.');
  if (!payload || !sig || createHmac('sha256', state.downloadSecret).update(payload).digest('base64url') !== sig)
    return undefined;
  const v = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { d: string; i: string; g: number; e: number };
  return { driveId: v.d, itemId: v.i, generation: v.g, expiresAt: v.e };
}

export function parentReference(drive: Drive, item: Item, withPath: boolean): Record<string, string> | undefined {
  if (!item.parentId) return { driveId: drive.id, driveType: drive.kind };
  const ref: Record<string, string> = { driveId: drive.id, driveType: drive.kind, id: item.parentId };
  if (withPath) {
    const parent = drive.items.get(item.parentId)!;
    const prefix = drive.kind === 'personal' ? '/drive/root:' : `/drives/${drive.id}/root:`;
    ref.path = prefix + pathOf(drive, parent);
  }
  return ref;
}

function etag(item: Item): string {
  return `"{${item.id}},${item.version}"`;
}

/** The DriveItem JSON Graph would return. `withPath`: non-delta responses carry parentReference.path. */
export function itemJson(state: FakeCloudState, drive: Drive, item: Item, withPath: boolean): Record<string, unknown> {
  const json: Record<string, unknown> = {
    createdDateTime: iso(item.createdAt),
    cTag: `"c:{${item.id}},${item.contentVersion}"`,
    eTag: etag(item),
    id: item.id,
    lastModifiedDateTime: iso(item.modifiedAt),
    name: item.name,
    size: sizeOf(drive, item),
    webUrl: `https://onedrive.fake/${encodeURIComponent(item.id)}`,
    parentReference: parentReference(drive, item, withPath),
    fileSystemInfo: { createdDateTime: iso(item.createdAt), lastModifiedDateTime: iso(item.modifiedAt) },
  };
  if (!item.parentId) json.root = {};
  if (item.remote) return withRemoteItem(state, drive, item, json);
  if (item.isFolder) {
    json.folder = { childCount: childrenOf(drive, item.id).length };
  } else {
    const file: Record<string, unknown> = { mimeType: item.mimeType ?? 'application/octet-stream' };
    const hashes = hashesOf(item);
    if (hashes) {
      file.hashes =
        drive.kind === 'personal'
          ? { quickXorHash: hashes.quickXorHash, sha1Hash: hashes.sha1Hash, sha256Hash: hashes.sha256Hash }
          : { quickXorHash: hashes.quickXorHash };
    }
    json.file = file;
    json['@microsoft.graph.downloadUrl'] = downloadUrl(state, drive, item);
  }
  return json;
}

/** A deleted item in delta: the `deleted` facet and few other fields. */
export function deletedJson(state: FakeCloudState, drive: Drive, item: Item): Record<string, unknown> {
  if (state.settings.delta.deletedShape === 'idOnly') return { id: item.id, deleted: {} };
  const json: Record<string, unknown> = {
    id: item.id,
    name: item.name,
    deleted: {},
    parentReference: parentReference(drive, item, false),
    fileSystemInfo: { createdDateTime: iso(item.createdAt), lastModifiedDateTime: iso(item.modifiedAt) },
  };
  if (item.isFolder) json.folder = {};
  else json.file = {};
  return json;
}

/** $select: keep only the listed top-level properties (plus id), as Graph does. */
export function applySelect(json: Record<string, unknown>, select: string | null): Record<string, unknown> {
  if (!select) return json;
  const keep = new Set(select.split(',').map((s) => s.trim()));
  keep.add('id');
  return Object.fromEntries(Object.entries(json).filter(([k]) => keep.has(k)));
}

/**
 * A shortcut to an item shared with the user ("Add to My files"): Graph's `remoteItem` facet names the owner's drive
 * and item. Personal shortcuts carry the folder facet only inside remoteItem; business ones also at the top level
 * (both shapes are seen in the wild, so readers must accept either). No download URL: the content is the owner's.
 */
function withRemoteItem(state: FakeCloudState, drive: Drive, item: Item, json: Record<string, unknown>): Record<string, unknown> {
  const record = state.drives.get(item.remote!.driveId.toLowerCase());
  const target = record?.drive.items.get(item.remote!.itemId);
  if (!record || !target) return json;
  const owner = record.owner;
  const ownerUser = owner
    ? { displayName: owner.displayName, id: owner.userId, ...(owner.kind === 'business' ? { email: owner.username } : {}) }
    : undefined;
  const remote: Record<string, unknown> = {
    id: target.id,
    name: target.name,
    size: sizeOf(record.drive, target),
    webUrl: `https://onedrive.fake/${encodeURIComponent(target.id)}`,
    createdDateTime: iso(target.createdAt),
    lastModifiedDateTime: iso(target.modifiedAt),
    fileSystemInfo: { createdDateTime: iso(target.createdAt), lastModifiedDateTime: iso(target.modifiedAt) },
    parentReference: {
      driveId: record.drive.id,
      driveType: record.drive.kind,
      ...(target.parentId ? { id: target.parentId } : {}),
    },
    shared: { owner: { user: ownerUser } },
    createdBy: { user: ownerUser },
  };
  if (target.isFolder) remote.folder = { childCount: childrenOf(record.drive, target.id).length };
  else remote.file = { mimeType: target.mimeType ?? 'application/octet-stream' };
  if (drive.kind !== 'personal') {
    remote.sharepointIds = { listId: randomId(target.id), listItemUniqueId: randomId(target.id + 'u') };
    if (target.isFolder) json.folder = { childCount: childrenOf(record.drive, target.id).length };
  }
  json.size = remote.size;
  json.remoteItem = remote;
  return json;
}

/** A stable GUID-looking id derived from a string (shape only). */
function randomId(seed: string): string {
  const h = createHmac('sha256', 'ids').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
