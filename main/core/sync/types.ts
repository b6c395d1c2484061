/**
 * The boundary between the Graph layer (enumeration, downloads) and the sync logic (plan, apply).
 * Plain data only: no classes, no I/O handles.
 */

export type ItemKind = 'file' | 'folder';

/** One remote item, normalized from a DriveItem. */
export interface RemoteItem {
  id: string;
  /** null for the synced root itself. */
  parentId: string | null;
  name: string;
  kind: ItemKind;
  size: number;
  eTag: string | null;
  cTag: string | null;
  /** lastModifiedDateTime (fileSystemInfo preferred) in epoch ms. */
  mtimeMs: number;
  hashes: { quickXorHash?: string; sha1Hash?: string; sha256Hash?: string };
  /** Pre-authenticated URL from the listing; expires. Absent for folders. */
  downloadUrl: string | null;
  /** Set instead of downloadUrl when a run keeps the URL on disk (url-spool.ts). */
  downloadUrlRef?: number;
}

/**
 * A complete remote change set. Only ever built after every page has arrived.
 * - `full`: true when this is a from-scratch enumeration (first sync or after 410): any manifest entry absent
 *   from `items` is gone from the subtree.
 * - `items`: latest state of each changed (or, if full, every) item inside the subtree, the root included.
 * - `removedIds`: ids deleted remotely or moved out of the subtree (may be unknown to the manifest: ignore).
 */
export interface ChangeSet {
  full: boolean;
  rootId: string;
  items: RemoteItem[];
  removedIds: string[];
  /** Opaque; commit only after the whole set is applied. null for single-file configs. */
  deltaLink: string | null;
  /** Graph requests spent on this enumeration. */
  requests: number;
}

/** What we remember per item after a run (state/<configId>.json). Paths are '/'-separated, relative to the root. */
export interface ManifestEntry {
  id: string;
  parentId: string | null;
  name: string;
  path: string;
  kind: ItemKind;
  eTag: string | null;
  cTag: string | null;
  size: number;
  quickXorHash: string | null;
  remoteMtimeMs: number;
  /** What we wrote, to detect local edits. */
  localSize: number | null;
  localMtimeMs: number | null;
}

export interface RunSummary {
  result: 'success' | 'partial' | 'failed' | 'cancelled';
  downloaded: number;
  renamed: number;
  trashed: number;
  conflicts: number;
  skipped: { path: string; reason: string }[];
  bytes: number;
  requests: number;
  durationMs: number;
  notes: string[];
}
