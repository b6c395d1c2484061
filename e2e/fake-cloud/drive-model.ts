import { randomBytes } from 'node:crypto';
import { computeHashes, contentSize, type ContentHashes, type ContentSource } from './content';

export type DriveKind = 'personal' | 'business' | 'documentLibrary';

export interface Item {
  id: string;
  name: string;
  parentId: string | null; // null only for the root
  isFolder: boolean;
  content?: ContentSource;
  mimeType?: string;
  createdAt: number;
  modifiedAt: number;
  version: number; // eTag: any change
  contentVersion: number; // cTag: content changes
  seq: number; // drive change sequence of the last change (delta)
  createdSeq: number;
  deleted: boolean;
  moves: Array<{ seq: number; fromParentId: string | null }>; // where it was before each move (scoped delta)
  omitHashes: boolean;
  hashes?: ContentHashes; // cached for the current contentVersion
  /** A shared folder the user added to My files: this item only points at the owner's item (remoteItem facet). */
  remote?: { driveId: string; itemId: string };
}

export interface Drive {
  id: string;
  kind: DriveKind;
  rootId: string;
  items: Map<string, Item>; // tombstones stay, for delta
  children: Map<string, Map<string, string>>; // folder id -> lower-cased name -> id, live children only
  seq: number;
  sortedChildren: Map<string, { seq: number; items: Item[] }>; // listing cache, valid while drive.seq is unchanged
  nextNumber: number;
  cidUpper: string; // personal item id prefix
}

const nowMs = (): number => Date.now();

function newItemId(drive: Drive): string {
  if (drive.kind === 'personal') return `${drive.cidUpper}!${drive.nextNumber++}`;
  // Business ids: 34 chars, "01" + upper-case base32-ish.
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  return '01' + [...randomBytes(32)].map((b) => alphabet[b % 32]).join('');
}

/** `cid`: a personal drive's id (16 hex digits), fixed so a demo account keeps its ids across starts; random if absent. */
export function createDrive(kind: DriveKind, cid = randomBytes(8).toString('hex')): Drive {
  const id = kind === 'personal' ? cid : `b!${randomBytes(48).toString('base64url').slice(0, 64)}`;
  const drive: Drive = {
    id,
    kind,
    rootId: '',
    items: new Map(),
    children: new Map(),
    seq: 0,
    sortedChildren: new Map(),
    nextNumber: 101,
    cidUpper: cid.toUpperCase(),
  };
  const root = makeItem(drive, { name: 'root', parentId: null, isFolder: true });
  drive.rootId = root.id;
  return drive;
}

export function makeItem(
  drive: Drive,
  init: {
    name: string;
    parentId: string | null;
    isFolder: boolean;
    content?: ContentSource;
    modifiedAt?: number;
    omitHashes?: boolean;
    mimeType?: string;
    remote?: { driveId: string; itemId: string };
  },
): Item {
  const seq = ++drive.seq;
  const at = init.modifiedAt ?? nowMs();
  const item: Item = {
    id: newItemId(drive),
    name: init.name,
    parentId: init.parentId,
    isFolder: init.isFolder,
    content: init.content,
    mimeType: init.mimeType,
    createdAt: at,
    modifiedAt: at,
    version: 1,
    contentVersion: 1,
    seq,
    createdSeq: seq,
    deleted: false,
    moves: [],
    omitHashes: init.omitHashes ?? false,
    remote: init.remote,
  };
  drive.items.set(item.id, item);
  if (init.isFolder) drive.children.set(item.id, new Map());
  if (init.parentId) {
    drive.children.get(init.parentId)!.set(init.name.toLowerCase(), item.id);
    touch(drive, init.parentId);
  }
  return item;
}

// A change inside a folder changes the folder's eTag too (so delta lists it as a parent).
function touch(drive: Drive, id: string): void {
  const item = drive.items.get(id)!;
  item.version++;
  item.seq = ++drive.seq;
}

export function liveItem(drive: Drive, id: string): Item | undefined {
  const item = drive.items.get(id);
  return item && !item.deleted ? item : undefined;
}

export function childrenOf(drive: Drive, id: string): Item[] {
  return [...(drive.children.get(id)?.values() ?? [])].map((c) => drive.items.get(c)!);
}

/** Live children sorted by name (case-insensitive), cached until the drive changes (big folders page fast). */
export function sortedChildrenOf(drive: Drive, id: string): Item[] {
  const cached = drive.sortedChildren.get(id);
  if (cached && cached.seq === drive.seq) return cached.items;
  const keyed = childrenOf(drive, id).map((item) => ({ key: item.name.toLowerCase(), item }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const items = keyed.map((k) => k.item);
  drive.sortedChildren.set(id, { seq: drive.seq, items });
  return items;
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((p) => p.length > 0);
}

/** Case-insensitive lookup, as OneDrive names are. */
export function findChild(drive: Drive, parentId: string, name: string): Item | undefined {
  const id = drive.children.get(parentId)?.get(name.toLowerCase());
  return id ? drive.items.get(id) : undefined;
}

export function itemByPath(drive: Drive, path: string): Item | undefined {
  let current = drive.items.get(drive.rootId);
  for (const part of splitPath(path)) {
    if (!current?.isFolder) return undefined;
    current = findChild(drive, current.id, decodeURIComponent(part));
  }
  return current;
}

/** "/Docs/Sub" for an item at root:/Docs/Sub; "" for the root. */
export function pathOf(drive: Drive, item: Item): string {
  const parts: string[] = [];
  let current: Item | undefined = item;
  while (current && current.parentId) {
    parts.unshift(current.name);
    current = drive.items.get(current.parentId);
  }
  return parts.length ? '/' + parts.join('/') : '';
}

export function ensureFolder(drive: Drive, path: string): Item {
  let current = drive.items.get(drive.rootId)!;
  for (const part of splitPath(path)) {
    const existing = findChild(drive, current.id, part);
    if (existing && !existing.isFolder) throw new Error(`fake-cloud: ${part} in ${path} is a file`);
    current = existing ?? makeItem(drive, { name: part, parentId: current.id, isFolder: true });
  }
  return current;
}

export interface FileInit {
  content: ContentSource;
  modifiedAt?: number;
  omitHashes?: boolean;
  mimeType?: string;
}

/** Adds a file at path, replacing the content of an existing file there. */
export function putFile(drive: Drive, path: string, init: FileInit): Item {
  const parts = splitPath(path);
  const name = parts.pop();
  if (!name) throw new Error(`fake-cloud: bad file path ${path}`);
  const parent = ensureFolder(drive, parts.join('/'));
  const existing = findChild(drive, parent.id, name);
  if (existing) {
    if (existing.isFolder) throw new Error(`fake-cloud: ${path} is a folder`);
    return modifyFile(drive, existing, init);
  }
  return makeItem(drive, { name, parentId: parent.id, isFolder: false, ...init });
}

export function modifyFile(drive: Drive, item: Item, init: FileInit): Item {
  item.content = init.content;
  item.modifiedAt = init.modifiedAt ?? Math.max(nowMs(), item.modifiedAt + 1);
  if (init.omitHashes !== undefined) item.omitHashes = init.omitHashes;
  item.contentVersion++;
  item.hashes = undefined;
  touch(drive, item.id);
  touch(drive, item.parentId!);
  return item;
}

/** Renames and/or moves; the item's descendants are untouched (delta will not repeat them). */
export function moveItem(drive: Drive, item: Item, newParentId: string, newName = item.name): Item {
  if (!item.parentId) throw new Error('fake-cloud: cannot move the root');
  for (let p: Item | undefined = drive.items.get(newParentId); p; p = p.parentId ? drive.items.get(p.parentId) : undefined) {
    if (p.id === item.id) throw new Error('fake-cloud: cannot move a folder into itself');
  }
  const clash = findChild(drive, newParentId, newName);
  if (clash && clash.id !== item.id) throw new Error(`fake-cloud: ${newName} already exists there`);
  const oldParentId = item.parentId;
  if (oldParentId !== newParentId) {
    item.moves.push({ seq: drive.seq + 1, fromParentId: oldParentId });
    item.parentId = newParentId;
    touch(drive, oldParentId);
  }
  drive.children.get(oldParentId)!.delete(item.name.toLowerCase());
  drive.children.get(newParentId)!.set(newName.toLowerCase(), item.id);
  item.name = newName;
  touch(drive, item.id);
  touch(drive, newParentId);
  return item;
}

/** Deletes an item and everything under it (each becomes a tombstone for delta). */
export function deleteItem(drive: Drive, item: Item): void {
  if (!item.parentId) throw new Error('fake-cloud: cannot delete the root');
  const doomed: Item[] = [];
  const collect = (i: Item): void => {
    for (const child of childrenOf(drive, i.id)) collect(child);
    doomed.push(i);
  };
  collect(item);
  for (const d of doomed) {
    d.deleted = true;
    d.seq = ++drive.seq;
    drive.children.delete(d.id);
  }
  drive.children.get(item.parentId)?.delete(item.name.toLowerCase());
  touch(drive, item.parentId);
}

export function hashesOf(item: Item): ContentHashes | undefined {
  if (!item.content || item.omitHashes) return undefined;
  item.hashes ??= computeHashes(item.content);
  return item.hashes;
}

export function sizeOf(drive: Drive, item: Item): number {
  if (!item.isFolder) return item.content ? contentSize(item.content) : 0;
  let total = 0;
  for (const child of childrenOf(drive, item.id)) total += sizeOf(drive, child);
  return total;
}

/** Where the item's parent was just before change `seq` (for folder-scoped delta). */
export function parentAt(item: Item, seq: number): string | null {
  for (const move of item.moves) if (move.seq > seq) return move.fromParentId;
  return item.parentId;
}

/** Was (or is) `item` inside folder `scopeId` as of change `seq`? Only live items at that time count. */
export function inScopeAt(drive: Drive, item: Item, scopeId: string, seq: number): boolean {
  if (item.createdSeq > seq) return false;
  let current: Item | undefined = item;
  for (let guard = 0; current && guard < 10_000; guard++) {
    if (current.id === scopeId) return true;
    const parent = parentAt(current, seq);
    current = parent ? drive.items.get(parent) : undefined;
  }
  return false;
}

export function isUnder(drive: Drive, item: Item, scopeId: string): boolean {
  for (let c: Item | undefined = item; c; c = c.parentId ? drive.items.get(c.parentId) : undefined) {
    if (c.id === scopeId) return true;
  }
  return false;
}

export function depthOf(drive: Drive, item: Item): number {
  let depth = 0;
  for (let c = item; c.parentId; c = drive.items.get(c.parentId)!) depth++;
  return depth;
}
