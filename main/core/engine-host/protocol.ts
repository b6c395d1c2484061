/**
 * The engine host's protocol: plain data only (structured-clone safe), the same over a worker thread, a child or
 * utility process, or no thread at all. Main sends run/preview requests and cancels, answers token and trash
 * requests, and tells the host about throttling its own requests met; the host streams progress, activity, the
 * result or error of each run (by run id), and throttling it met. No message carries a refresh token: the host
 * asks for an access token when its Graph client needs one, and main's sign-in code answers.
 */
import { AppError, isAppError } from '../errors';
import type { ActivityKind, DriveType, Progress, SyncPreview } from '../../../shared/model';
import type { ErrorCode } from '../../../shared/model';
import type { LogFields } from '../ports';
import type { SyncConfigRecord } from '../store/schema';
import type { RunSummary } from '../sync/types';

/** What a run needs, as data: main resolves the cloud to its Graph URL and keeps the credentials. */
export interface RunParams {
  config: SyncConfigRecord;
  driveType: DriveType;
  ownDriveId: string | null;
  /** Whose gate, download slots and access tokens the run uses. */
  profileId: string;
  /** The profile's Graph URL (national clouds, the fake cloud). */
  graphUrl: string;
  stateDir: string;
  confirmedDeletes: { files: number; fingerprint: string } | null;
  parallelDownloads: number;
  /** Bytes per second for all downloads of all runs of this host; 0: unlimited. */
  downloadLimit: number;
  bigDelete: { files: number };
}

export type PreviewParams = Pick<RunParams, 'config' | 'driveType' | 'profileId' | 'graphUrl' | 'stateDir'>;

/** An error as data (AppError's code, message and Retry-After). */
export interface WireError {
  code: ErrorCode;
  message: string;
  retryAfterMs?: number;
}

export type ActivityEvent = { kind: ActivityKind; path: string | null; message: string };

/** Main -> host. */
export type ToHost =
  | { type: 'run'; id: number; params: RunParams }
  | { type: 'preview'; id: number; params: PreviewParams }
  | { type: 'cancel'; id: number }
  /** The answer to a token-request: an access token, or why there is none (reconnect_required...). */
  | { type: 'token'; req: number; token: string | null; error: WireError | null }
  | { type: 'trashed'; req: number; error: WireError | null }
  /** Main's gate of this account was paused for `ms` by a request of main's (live, browse, sign-in checks). */
  | { type: 'gate-pause'; profileId: string; ms: number };

/** Host -> main. */
export type FromHost =
  | { type: 'progress'; id: number; progress: Progress }
  | { type: 'activity'; id: number; event: ActivityEvent }
  | { type: 'result'; id: number; summary: RunSummary }
  | { type: 'preview-result'; id: number; preview: SyncPreview }
  | { type: 'error'; id: number; error: WireError }
  | { type: 'token-request'; req: number; profileId: string; forceRefresh: boolean }
  | { type: 'trash-request'; req: number; path: string }
  /** A request of the host met throttling: main pauses its gate of the account too. */
  | { type: 'gate-pause'; profileId: string; ms: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; msg: string; fields: LogFields };

/** Main's end of a channel to one host (one thread or process). */
export interface HostChannel {
  post(message: ToHost): void;
  onMessage(listener: (message: FromHost) => void): void;
  /** The host is gone (crashed, killed, or terminated): called once. */
  onExit(listener: (reason: string) => void): void;
  /** Stops the host; resolves once it is gone. */
  terminate(): Promise<void>;
}

/** The host's end. */
export interface HostPort {
  post(message: FromHost): void;
  onMessage(listener: (message: ToHost) => void): void;
}

export function toWireError(e: unknown): WireError {
  if (isAppError(e))
    return {
      code: e.code,
      message: e.message,
      ...(e.retryAfterMs !== undefined ? { retryAfterMs: e.retryAfterMs } : {}),
    };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}

export function fromWireError(w: WireError): AppError {
  return new AppError(w.code, w.message, w.retryAfterMs);
}
