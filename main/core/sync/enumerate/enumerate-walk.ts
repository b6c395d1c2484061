/** Recursive /children walks with a few pages in flight: the first business sync and folders moved into scope. */
import { isAppError } from '../../errors';
import type { DriveClient } from '../../graph/drive-client';
import type { DrivePage } from '../../graph/types';
import { isDeleted, isFolderLike, normalize } from '../normalize';
import type { Collected } from './enumerate-scope';
import { spoolUrl, type UrlSpool } from '../download/url-spool';

export interface WalkOptions {
  client: DriveClient;
  driveId: string;
  rootId: string;
  /** Folders whose whole subtree is listed (the folders themselves are not). */
  from: string[];
  /** Items already known from delta keep their delta state; the walk only adds what is missing. */
  into: Collected;
  concurrency?: number;
  signal?: AbortSignal;
  urls?: UrlSpool | undefined;
}

export async function walkChildren(opts: WalkOptions): Promise<void> {
  const { client, driveId, rootId, into, signal } = opts;
  const queue = [...opts.from];
  const walked = new Set<string>(queue);
  let firstError: unknown = null;

  // Each worker lists one folder at a time, page by page; folders found feed the shared queue.
  const worker = async (): Promise<void> => {
    for (;;) {
      const folderId = queue.shift();
      if (folderId === undefined || firstError) return;
      try {
        let url: string | undefined = client.childrenUrl(driveId, folderId);
        while (url) {
          const page: DrivePage = await client.getPage(url, signal);
          for (const child of page.value ?? []) {
            if (isDeleted(child)) continue;
            if (!into.has(child.id)) into.set(child.id, spoolUrl(normalize(child, rootId), opts.urls));
            if (isFolderLike(child) && !walked.has(child.id)) {
              walked.add(child.id);
              queue.push(child.id);
            }
          }
          url = page['@odata.nextLink'];
        }
      } catch (e) {
        // A sub-folder deleted while we walk is simply gone (the next delta reports it); the root is not optional.
        if (folderId !== rootId && isAppError(e, 'remote_missing')) continue;
        firstError ??= e;
        return;
      }
    }
  };

  // Workers return when the queue is momentarily empty, so restart them until no work is left.
  const limit = Math.max(1, opts.concurrency ?? 4);
  const running = new Set<Promise<void>>();
  while (!firstError && (queue.length > 0 || running.size > 0)) {
    // worker() takes its first folder synchronously, so the queue shrinks as workers start.
    while (running.size < limit && queue.length > 0) {
      const p: Promise<void> = worker().finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) await Promise.race(running);
  }
  await Promise.allSettled(running);
  if (firstError) throw firstError;
}
