/**
 * One verified, resumable download into a temp file. The caller picks the temp path (inside the target tree, hidden,
 * never the final name; ideally derived from the item id and cTag so a stale partial is not resumed) and renames
 * into place after we return.
 *
 * - The pre-authenticated downloadUrl from the listing (no extra request); NEVER an Authorization header. Fetched
 *   with node:https directly (http-get.ts): fetch's per-request machinery costs more than a small file.
 * - A partial temp file is resumed with `Range: bytes=N-` (its prefix hashed first); a 200 means start over.
 * - Hashing happens while streaming; the size and QuickXorHash (else sha1/sha256, else size only) are checked.
 * - 401/403/404/410 from the download host means the URL expired: one fresh URL from Graph, then continue.
 * - Truncation, resets and stalls keep the partial and resume; a mismatching or overlong file is deleted and fetched
 *   again; after `maxAttempts` failures: AppError offline (network) or internal (checksum), nothing committed.
 * - 429/503 from the download host pause the whole account on its gate, like Graph's.
 * - The temp file is only ever used through a handle opened without following symlinks (temp-file.ts): whatever
 *   is at its name that is not a regular file is removed, so a planted link cannot lead a write out of the tree.
 */
import { rm, type FileHandle } from 'node:fs/promises';
import { AppError } from '../../errors';
import type { DriveClient } from '../../graph/drive-client';
import { parseRetryAfter } from '../../graph/graph-errors';
import { linkedSignal } from '../../graph/linked-signal';
import { ThrottleGate } from '../../graph/throttle-gate';
import { systemClock } from '../../ports';
import { batchedWriter } from '../state/batched-writer';
import { hashPrefix, hasherFor, type StreamHasher, type VerifiedBy } from './download-hash';
import { openTemp, type OpenedTemp } from '../apply/temp-file';
import { fetchGet, httpGet } from './http-get';
import type { RemoteItem } from '../types';

export interface DownloadOptions {
  item: RemoteItem;
  driveId: string;
  client: DriveClient;
  tempPath: string;
  signal?: AbortSignal;
  /** Newly downloaded bytes; the total reported never exceeds the file size, even across retries. */
  onBytes?: (n: number) => void;
  /** Requests go through this fetch instead of node:https (tests watch or shape them with it). */
  fetch?: typeof fetch;
  /** Failed tries before giving up (default 3). Expired URLs and throttling do not count. */
  maxAttempts?: number;
  /** The account's gate (waited on before each try; download-host throttling pauses it). Default: client.gate. */
  gate?: ThrottleGate;
  /** A body silent this long is treated as a broken connection (default 60 s). */
  idleTimeoutMs?: number;
  /** Something that was not a regular file sat at the temp path (say, a planted symlink); it was removed. */
  onTempRemoved?: (what: string) => void;
  /** Times the verified file gets, through its handle before it is closed. */
  times?: { atime: Date; mtime: Date };
  /** The global download limit (rate-limit.ts): resolves when a chunk of this many bytes may go on. */
  pace?: (bytes: number, signal?: AbortSignal) => Promise<void>;
  /** The download host throttled this try (the account's parallelism goes down, semaphore.ts). */
  onThrottled?: (retryAfterMs: number | null) => void;
}

export interface DownloadResult {
  bytes: number;
  verifiedBy: VerifiedBy;
  /**
   * With `times`: the verified, stamped temp file, so the caller can check it is still the one it renames, and its
   * size and mtime as stamped (what the manifest records, without another stat after the rename).
   */
  file?: { dev: number; ino: number; size: number; mtimeMs: number };
}

type Outcome =
  | { kind: 'ended'; bytes: number; verified: boolean; verifiedBy: VerifiedBy; file?: DownloadResult['file'] }
  | { kind: 'network'; error: unknown }
  | { kind: 'corrupt'; why: string }
  | { kind: 'expired'; status: number }
  | { kind: 'throttled'; retryAfterMs: number | null }
  | { kind: 'server'; status: number }
  | { kind: 'refused'; status: number };

const MAX_THROTTLES = 5;

export async function downloadFile(opts: DownloadOptions): Promise<DownloadResult> {
  const { item, signal } = opts;
  const maxAttempts = opts.maxAttempts ?? 3;
  const gate = opts.gate ?? opts.client.gate ?? new ThrottleGate(systemClock);
  let url = item.downloadUrl;
  let urlRefreshed = false;
  let failures = 0;
  let throttles = 0;
  let lastFailure: Outcome | null = null;
  let reported = 0;
  const progress = (position: number) => {
    if (position > reported) {
      opts.onBytes?.(position - reported);
      reported = position;
    }
  };

  for (;;) {
    signal?.throwIfAborted();
    await gate.wait(signal);
    if (!url) {
      url = await opts.client.freshDownloadUrl(opts.driveId, item.id);
      urlRefreshed = true;
    }
    const outcome = await attempt(opts, url, progress);
    switch (outcome.kind) {
      case 'ended':
        if (outcome.verified) {
          gate.passed();
          return { bytes: outcome.bytes, verifiedBy: outcome.verifiedBy, ...(outcome.file ? { file: outcome.file } : {}) };
        }
        if (outcome.bytes === item.size) {
          await rm(opts.tempPath, { force: true }); // a mismatching file is never kept, let alone committed
          lastFailure = { kind: 'corrupt', why: 'checksum mismatch' };
        } else {
          lastFailure = { kind: 'network', error: new Error('the connection ended early') }; // partial kept: resume
        }
        break;
      case 'expired':
        if (!urlRefreshed) {
          url = await opts.client.freshDownloadUrl(opts.driveId, item.id);
          urlRefreshed = true;
          continue;
        }
        throw outcome.status === 404 || outcome.status === 410
          ? new AppError('remote_missing', `"${item.name}" is no longer available on OneDrive (HTTP ${outcome.status}).`)
          : new AppError('access_denied', `OneDrive refused the download of "${item.name}" (HTTP ${outcome.status}).`);
      case 'throttled':
        if (++throttles > MAX_THROTTLES) {
          throw new AppError('throttled', undefined, outcome.retryAfterMs ?? undefined);
        }
        gate.throttled(outcome.retryAfterMs);
        opts.onThrottled?.(outcome.retryAfterMs);
        continue;
      case 'refused':
        throw new AppError('internal', `Unexpected answer from the download server for "${item.name}" (HTTP ${outcome.status}).`);
      default:
        lastFailure = outcome;
    }
    if (++failures >= maxAttempts) throw giveUp(item, lastFailure, failures);
    await gate.sleep(gate.backoffMs(failures - 1), signal);
  }
}

function giveUp(item: RemoteItem, failure: Outcome | null, tries: number): AppError {
  if (failure?.kind === 'corrupt') {
    return new AppError(
      'internal',
      `The download of "${item.name}" did not match OneDrive's size or checksum after ${tries} tries (${failure.why}); nothing was written.`,
    );
  }
  const detail =
    failure?.kind === 'server' ? `HTTP ${failure.status}` : failure?.kind === 'network' ? describe(failure.error) : 'unknown';
  return new AppError('offline', `The download of "${item.name}" kept failing (${detail}). Syncing will retry.`, undefined, {
    cause: failure?.kind === 'network' ? failure.error : undefined,
  });
}

/** One HTTP try, resuming what is on disk. Throws only for abort, disk_full and a temp file that cannot be opened. */
async function attempt(opts: DownloadOptions, url: string, progress: (position: number) => void): Promise<Outcome> {
  let temp: OpenedTemp;
  try {
    temp = await openTemp(opts.tempPath, opts.onTempRemoved);
  } catch (e) {
    throw diskError(e) ?? e;
  }
  const file = temp.file;
  let closed = false;
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    await file.close().catch(() => undefined);
  };
  try {
    return await attemptWith(opts, url, progress, file, temp.size, close);
  } finally {
    await close();
  }
}

/** The try itself, on the temp file opened for appending (`size` bytes already there). */
async function attemptWith(
  opts: DownloadOptions,
  url: string,
  progress: (position: number) => void,
  file: FileHandle,
  size: number,
  close: () => Promise<void>,
): Promise<Outcome> {
  const { item, tempPath, signal } = opts;
  let offset = size;
  if (offset > item.size) {
    await file.truncate(0);
    offset = 0;
  }
  let hasher = hasherFor(item.hashes);
  if (offset > 0) {
    await hashPrefix(file, offset, hasher, signal);
    progress(offset);
  }
  if (offset === item.size) return ended(opts, file, offset, hasher); // nothing left to fetch (or an empty file)

  const idleMs = opts.idleTimeoutMs ?? 60_000;
  const attemptSignal = linkedSignal(signal, idleMs, 'the download stalled');
  try {
    // No Authorization header, ever: the URL carries its own credentials and real hosts reject a bearer token.
    const get = opts.fetch ? fetchGet(opts.fetch) : httpGet;
    const res = await get(url, { headers: offset > 0 ? { Range: `bytes=${offset}-` } : {}, signal: attemptSignal.signal });
    const status = res.status;
    if (status !== 200 && status !== 206) {
      res.cancel();
      if (status === 401 || status === 403 || status === 404 || status === 410) return { kind: 'expired', status };
      if (status === 429 || status === 503 || status === 509) {
        return { kind: 'throttled', retryAfterMs: parseRetryAfter(res.header('retry-after'), Date.now()) };
      }
      if (status === 416) {
        await file.truncate(0); // our partial does not fit the file any more
        return { kind: 'corrupt', why: 'range not satisfiable' };
      }
      return status >= 500 ? { kind: 'server', status } : { kind: 'refused', status };
    }
    if (status === 206) {
      const start = /^bytes (\d+)-/.exec(res.header('content-range') ?? '')?.[1];
      if (Number(start) !== offset) {
        res.cancel();
        await file.truncate(0);
        return { kind: 'corrupt', why: 'the server resumed at the wrong position' };
      }
    } else if (offset > 0) {
      await file.truncate(0); // the server ignored Range: start over
      offset = 0;
      hasher = hasherFor(item.hashes);
    }

    let position = offset; // bytes on disk: progress never counts what is only buffered
    // A failed write cancels the read at once (else a stalled body would hide it until the idle timeout).
    const writer = batchedWriter((chunks) => file.writev(chunks), {
      onWritten: (n) => progress((position += n)),
      onFailed: () => res.cancel(),
    });
    try {
      for await (const chunk of res.body) {
        attemptSignal.poke();
        // The limit holds the next read back; waiting on it is not the body's silence (the idle timer restarts).
        if (opts.pace) {
          await opts.pace(chunk.length, signal);
          attemptSignal.poke();
        }
        if (offset + writer.accepted + chunk.length > item.size) {
          res.cancel();
          await writer.abandon();
          await close();
          await rm(tempPath, { force: true }); // a link is removed, never followed
          return { kind: 'corrupt', why: 'more bytes than the file size' };
        }
        hasher.update(chunk);
        const behind = writer.push(chunk);
        if (behind) await behind;
      }
      await writer.finish();
    } catch (e) {
      // What arrived is kept for the resume; a failed write outranks the read error it caused.
      const writeError = await writer.finish().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      res.cancel();
      throw writeError ?? e;
    }
    return await ended(opts, file, position, hasher);
  } catch (e) {
    if (signal?.aborted) throw signal.reason;
    const full = diskError(e);
    if (full) throw full;
    // What reached the disk stays: the next try resumes. A stall is named as such, not as the abort it caused.
    return { kind: 'network', error: attemptSignal.signal.aborted ? attemptSignal.signal.reason : e };
  } finally {
    attemptSignal.dispose();
  }
}

/** The body is all there: verified (hashed once: a sha1 digest can be taken only once) and, if so, stamped. */
async function ended(opts: DownloadOptions, file: FileHandle, bytes: number, hasher: StreamHasher): Promise<Outcome> {
  const verified = bytes === opts.item.size && hasher.matches();
  if (!verified || !opts.times) return { kind: 'ended', bytes, verified, verifiedBy: hasher.kind };
  await file.utimes(opts.times.atime, opts.times.mtime);
  const st = await file.stat();
  return {
    kind: 'ended',
    bytes,
    verified,
    verifiedBy: hasher.kind,
    file: { dev: st.dev, ino: st.ino, size: st.size, mtimeMs: st.mtimeMs },
  };
}

function diskError(e: unknown): AppError | null {
  return (e as NodeJS.ErrnoException).code === 'ENOSPC' ? new AppError('disk_full', undefined, undefined, { cause: e }) : null;
}

/** Reason without the URL (it carries credentials). */
function describe(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  const own = (e as { code?: unknown }).code;
  const code =
    typeof own === 'string'
      ? own
      : cause && typeof cause === 'object' && 'code' in cause
        ? String((cause as { code: unknown }).code)
        : '';
  return code ? `${e.message}: ${code}` : e.message;
}
