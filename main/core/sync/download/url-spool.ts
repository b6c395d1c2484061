/**
 * Download URLs of a run kept in a temp file instead of in memory. A listing gives every file a pre-authenticated
 * URL of a few hundred bytes (business ones carry a ~1.5 KB token): at 100k files that is tens to hundreds of MB
 * held from the listing to each file's download. Here each URL is appended to `<stateDir>/<configId>.urls.tmp`
 * and the item keeps a number; the download reads its URL back (one pread) just before it starts.
 *
 * Writes are batched and happen in the background; a URL that cannot be read back comes out as null and the
 * download asks Graph for a fresh one (as for an expired URL), so the spool can only cost a request, never a file.
 */
import { promises as fs, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { RemoteItem } from '../types';

/** A ref packs offset * 2^16 + length: URLs of 64 KiB or more stay in memory (none are that long). */
const LEN_BITS = 65_536;
const BATCH_BYTES = 256 * 1024;

export interface UrlSpool {
  /** A ref for get(), or null when this URL stays in memory (the first few MiB, or a URL of 64 KiB or more). */
  add(url: string): number | null;
  get(ref: number): Promise<string | null>;
  /** Closes and removes the file. */
  close(): Promise<void>;
}

export interface UrlSpoolOptions {
  /**
   * URLs kept in memory before the spool starts writing (default 4 MiB: a listing of ~10,000 files never touches
   * the disk, and its downloads skip a read each).
   */
  memoryBytes?: number;
}

export async function openUrlSpool(file: string, o: UrlSpoolOptions = {}): Promise<UrlSpool> {
  const handle = await fs.open(file, 'w+', 0o600);
  let inMemory = o.memoryBytes ?? 4 * 1024 * 1024;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let size = 0; // bytes handed out (written or pending)
  let written = 0; // bytes on disk
  let failed = false;
  let chain: Promise<void> = Promise.resolve();

  const flush = (): Promise<void> => {
    if (pendingBytes === 0) return chain;
    const bufs = pending;
    const at = size - pendingBytes;
    const end = size;
    pending = [];
    pendingBytes = 0;
    chain = chain.then(async () => {
      if (!failed) {
        try {
          // A short write (a full disk) would leave a hole that reads back as NULs, not as a failure.
          if ((await handle.writev(bufs, at)).bytesWritten !== end - at) failed = true;
        } catch {
          failed = true;
        }
      }
      written = end;
    });
    return chain;
  };

  return {
    add(url) {
      if (inMemory >= url.length) {
        inMemory -= url.length;
        return null;
      }
      const buf = Buffer.from(url, 'utf8');
      if (buf.length >= LEN_BITS || failed) return null;
      const ref = size * LEN_BITS + buf.length;
      pending.push(buf);
      pendingBytes += buf.length;
      size += buf.length;
      if (pendingBytes >= BATCH_BYTES) void flush();
      return ref;
    },
    async get(ref) {
      const length = ref % LEN_BITS;
      const offset = (ref - length) / LEN_BITS;
      if (offset + length > written) await flush();
      if (failed) return null;
      try {
        const buf = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buf, 0, length, offset);
        return bytesRead === length ? buf.toString('utf8') : null;
      } catch {
        return null;
      }
    },
    async close() {
      await chain.catch(() => {});
      await handle.close().catch(() => {});
      // Called in the run's finally: a failure here must not replace the run's outcome (the next run truncates it).
      await fs.rm(file, { force: true }).catch(() => {});
    },
  };
}

/** Moves an item's download URL into the spool (in place: the item was just made from a listing page). */
export function spoolUrl(item: RemoteItem, urls: UrlSpool | undefined): RemoteItem {
  if (!urls || item.downloadUrl === null) return item;
  const ref = urls.add(item.downloadUrl);
  if (ref === null) return item;
  item.downloadUrl = null;
  item.downloadUrlRef = ref;
  return item;
}

/** Spool files are `<stateDir>/<configId>.urls.tmp` (manifest-store's urlSpoolPath). */
const SPOOL_SUFFIX = '.urls.tmp';

/**
 * Removes every URL spool in the state dir. Only for the data dir's owner, when no run of its own is going on: a
 * spool then belongs to a process that was killed (or is about to exit) and is no use to anyone.
 */
export async function sweepUrlSpools(stateDir: string): Promise<number> {
  const names = await fs.readdir(stateDir).catch(() => [] as string[]);
  let removed = 0;
  for (const name of names) {
    if (!name.endsWith(SPOOL_SUFFIX)) continue;
    await fs.rm(path.join(stateDir, name), { force: true }).catch(() => {});
    removed++;
  }
  return removed;
}

/** The same, synchronously, for a process exiting on a signal. Never throws. */
export function sweepUrlSpoolsSync(stateDir: string): void {
  let names: string[];
  try {
    names = readdirSync(stateDir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.endsWith(SPOOL_SUFFIX)) continue;
    try {
      rmSync(path.join(stateDir, name), { force: true });
    } catch {
      // best effort: the next command of the owner sweeps again
    }
  }
}
