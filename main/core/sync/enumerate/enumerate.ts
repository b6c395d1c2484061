/**
 * Enumeration: the complete remote change set of one sync config, built only after every page has arrived.
 *
 * - Single file: the item by id (eTag/cTag compared by the planner); no deltaLink.
 * - Personal folder: folder-scoped delta from the stored deltaLink (from scratch the first time: full).
 * - Business / documentLibrary folder: folder-scoped delta is refused there (501), so incremental runs page the
 *   ROOT delta and keep what lies in the subtree (parent chain through this change set, then the manifest, reaching
 *   rootId). The first run does not page the whole drive's root delta (wasteful on big drives): it takes
 *   `root/delta?token=latest` FIRST, then walks /children of the subtree. Taking the token before the walk means a
 *   change made during the walk shows up again in the next delta (harmless, delta is idempotent); taking it after
 *   would lose such changes forever.
 * - A folder shared from another user's business drive (enumeration-kind.ts): no delta reaches it, so every run
 *   walks it with /children and returns a full set without a deltaLink.
 * - Both folder flavours: a folder new to us whose children did not all arrive was moved INTO the subtree (delta
 *   lists it alone), so its subtree is walked with /children. Known items deleted or now outside are removed.
 * - 410 (ResyncRequiredError) anywhere: start over from scratch with full = true; the planner reconciles against the
 *   manifest without downloading unchanged files again.
 *
 * Memory: pages are normalized as they arrive; only RemoteItems (and childCount of new folders) are kept.
 * `requests` is exact: counted on a fork of the client (see DriveClient.fork).
 */
import { AppError, isAppError } from '../../errors';
import { enumerationKind } from './enumeration-kind';
import type { DriveClient } from '../../graph/drive-client';
import { ResyncRequiredError } from '../../graph/graph-errors';
import type { DrivePage } from '../../graph/types';
import {
  assembleSteps,
  type Collected,
  type FolderFacts,
  foldersToWalk,
  type KnownIds,
  type KnownParent,
  reconcileIdCaseSteps,
  scopeResolver,
} from './enumerate-scope';
import { walkChildren } from './enumerate-walk';
import { isDeleted, normalize } from '../normalize';
import type { ChangeSet } from '../types';
import { spoolUrl, type UrlSpool } from '../download/url-spool';
import { runStepsYielding } from '../steps';

export interface EnumerateOptions {
  client: DriveClient;
  driveId: string;
  driveType: 'personal' | 'business' | 'documentLibrary';
  /** The profile's own drive: a business drive other than it is a folder shared with the user (enumeration-kind.ts). */
  ownDriveId?: string | null;
  itemType: 'file' | 'folder';
  rootId: string;
  deltaLink: string | null;
  /** Ids in the manifest (the manifest map itself will do). */
  knownIds: KnownIds;
  /** Manifest parent lookup (null: the root; undefined: unknown), for subtree membership. */
  knownParent: KnownParent;
  signal?: AbortSignal;
  /** Children pages in flight during walks (default 4). */
  walkConcurrency?: number;
  /** Where download URLs wait for their download instead of in memory. */
  urls?: UrlSpool;
}

const MAX_RESYNCS = 3;

export async function enumerate(options: EnumerateOptions): Promise<ChangeSet> {
  // A forked client counts exactly this enumeration's requests, even when other syncs share the client.
  const opts = { ...options, client: options.client.fork?.() ?? options.client };
  const before = opts.client.requests;
  const done = (set: Omit<ChangeSet, 'requests'>): ChangeSet => ({ ...set, requests: opts.client.requests - before });

  if (opts.itemType === 'file') {
    const item = await opts.client.getItem(opts.driveId, opts.rootId);
    if (isDeleted(item)) throw new AppError('remote_missing');
    return done({ full: true, rootId: opts.rootId, items: [normalize(item, opts.rootId)], removedIds: [], deltaLink: null });
  }

  let deltaLink = opts.deltaLink;
  for (let tries = 1; ; tries++) {
    try {
      return done(await enumerateFolder(opts, deltaLink));
    } catch (e) {
      if (!(e instanceof ResyncRequiredError)) throw e;
      // The delta token (or a page token mid-listing) is dead: everything again, as on a first sync.
      if (tries >= MAX_RESYNCS) throw new AppError('internal', `OneDrive kept asking for a full resync (${e.graphCode}).`);
      opts.signal?.throwIfAborted();
      deltaLink = null;
    }
  }
}

async function enumerateFolder(opts: EnumerateOptions, deltaLink: string | null): Promise<Omit<ChangeSet, 'requests'>> {
  const { client, driveId, rootId, signal } = opts;
  const kind = enumerationKind(opts.driveType, driveId, opts.ownDriveId === undefined ? driveId : opts.ownDriveId);
  const full = deltaLink === null || kind === 'walk';
  const collected: Collected = new Map();
  const newFolders = new Map<string, FolderFacts>();
  const personal = kind === 'folder-delta';
  const walkAll = (): Promise<void> =>
    walkChildren({
      client,
      driveId,
      rootId,
      from: [rootId],
      into: collected,
      signal,
      concurrency: opts.walkConcurrency,
      urls: opts.urls,
    });

  let nextDeltaLink: string | null;
  if (kind === 'walk') {
    nextDeltaLink = null;
    await walkAll();
  } else if (personal || !full) {
    const start = deltaLink ?? client.deltaUrl(driveId, personal ? rootId : null);
    nextDeltaLink = await readDelta(client, start, signal, (page) => {
      for (const raw of page.value ?? []) {
        if (isDeleted(raw)) {
          collected.delete(raw.id); // re-insert: Map order then follows the last occurrence
          collected.set(raw.id, null);
          continue;
        }
        const item = spoolUrl(normalize(raw, rootId), opts.urls);
        // The parent's own id string rather than this page's copy of it: one string per id in memory, not two.
        const parent = item.parentId === null ? null : collected.get(item.parentId);
        if (parent) item.parentId = parent.id;
        collected.delete(raw.id);
        collected.set(raw.id, item);
        if (!full && item.kind === 'folder' && !opts.knownIds.has(raw.id)) {
          newFolders.set(raw.id, { childCount: raw.folder?.childCount });
        } else {
          newFolders.delete(raw.id);
        }
      }
    });
  } else {
    // First business sync: the token first (see the header), then the subtree by /children. A drive whose root
    // delta is refused (a shared folder we could not tell from the ids) is walked on every run instead.
    nextDeltaLink = await readDelta(client, client.deltaUrl(driveId, null, { latest: true }), signal, () => {}).catch(
      (e: unknown) => {
        if (!isAppError(e, 'access_denied')) throw e;
        return null;
      },
    );
    await walkAll();
  }

  // Passes over every collected item share the event loop (100k items: tens of ms each).
  if (personal) await runStepsYielding(reconcileIdCaseSteps(collected, opts.knownIds, rootId));
  if (collected.get(rootId) === null) throw new AppError('remote_missing');

  const inScope = scopeResolver(collected, rootId, full ? null : opts.knownParent);
  const walk = full ? [] : foldersToWalk(collected, newFolders, inScope);
  if (walk.length > 0) {
    await walkChildren({
      client,
      driveId,
      rootId,
      from: walk,
      into: collected,
      signal,
      concurrency: opts.walkConcurrency,
      urls: opts.urls,
    });
    if (personal) await runStepsYielding(reconcileIdCaseSteps(collected, opts.knownIds, rootId));
  }
  // Walked items joined after the first scope pass; a fresh resolver sees them.
  const finalScope = walk.length > 0 ? scopeResolver(collected, rootId, full ? null : opts.knownParent) : inScope;
  const { items, removedIds } = await runStepsYielding(assembleSteps(collected, rootId, full, opts.knownIds, finalScope));
  return { full, rootId, items, removedIds, deltaLink: nextDeltaLink };
}

/** Follows nextLinks to the end (a page may be empty and still have one); returns the final deltaLink. */
async function readDelta(
  client: DriveClient,
  start: string,
  signal: AbortSignal | undefined,
  onPage: (page: DrivePage) => void,
): Promise<string> {
  let url = start;
  for (;;) {
    const page = await client.getPage(url, signal);
    onPage(page);
    const next = page['@odata.nextLink'];
    if (next) {
      url = next;
      continue;
    }
    const deltaLink = page['@odata.deltaLink'];
    if (!deltaLink) throw new AppError('internal', 'OneDrive ended a change listing without a delta link.');
    return deltaLink;
  }
}
