/**
 * The one owner of a sync config's status: `status` (active|inactive|error), `lastSyncAt`, `lastSyncStatus`,
 * `errorCode`, `errorMessage`, and the `action` the UI derives from them. Every writer (runner, commands, sign-in
 * and sign-out, cloud change, migrations, new configs) describes what happened as an event; `nextStatus` decides
 * the new fields. Pure: the caller writes the result inside its own store update (`applyStatus`).
 */
import { errorActions, errorMessages, transientCodes } from '../../../shared/errors';
import type { ErrorAction, ErrorCode, RunResult, SyncStatus } from '../../../shared/model';

/** The status fields of a sync config (db.json and the view). */
export interface StatusFields {
  status: SyncStatus;
  lastSyncAt: string | null;
  lastSyncStatus: RunResult | null;
  errorCode: ErrorCode | null;
  errorMessage: string | null;
}

export const SIGNED_OUT_MESSAGE = 'The account was signed out. Connect it and resume this sync.';

export type StatusEvent =
  /** A run ended without throwing, with the engine's result (cancelled: stopped while it ran). */
  | { kind: 'run_finished'; result: RunResult; at: string }
  /** A run was stopped by a cancel (thrown): only the last result changes. */
  | { kind: 'run_cancelled' }
  /** A run failed. An empty message gets the code's standard one. `hasProfile`: the config has an account. */
  | { kind: 'run_failed'; code: ErrorCode; message: string; at: string; hasProfile: boolean }
  /** The user paused this sync. */
  | { kind: 'paused' }
  /** The user resumed (enabled) this sync. */
  | { kind: 'resumed' }
  /** "Sync now" / Retry: an error that needs no other fix is cleared. */
  | { kind: 'retry' }
  /** CLI `sync run`: an errored config runs once; its error stays until the run records its outcome. */
  | { kind: 'run_once' }
  /** The user confirmed the pending deletions. */
  | { kind: 'deletes_confirmed' }
  /** The user kept the files a run wanted to trash. */
  | { kind: 'deletes_kept' }
  /** The local folder moved to another place: its missing-folder or review error is over. */
  | { kind: 'folder_moved' }
  /** The user reset the sync: its state is forgotten and the next run downloads everything again. */
  | { kind: 'state_reset' }
  /** The account needs to sign in again (token refused, cloud settings changed). */
  | { kind: 'reconnect_needed'; message: string }
  /** The account signed in again. */
  | { kind: 'reconnected' }
  /** The user signed the account out. */
  | { kind: 'signed_out' };

/** The fields a new config starts with (`status` from the caller, active by default). */
export function initialStatus(status: SyncStatus = 'active'): StatusFields {
  return { status, lastSyncAt: null, lastSyncStatus: null, errorCode: null, errorMessage: null };
}

const cleared = (status: SyncStatus) => ({ status, errorCode: null, errorMessage: null });

/** The new status fields after `event`. Returns `s` itself when the event changes nothing. */
export function nextStatus(s: StatusFields, event: StatusEvent): StatusFields {
  switch (event.kind) {
    case 'run_finished':
      return event.result === 'cancelled'
        ? { ...s, lastSyncAt: event.at, lastSyncStatus: 'cancelled' }
        : { ...s, lastSyncAt: event.at, lastSyncStatus: event.result, errorCode: null, errorMessage: null };
    case 'run_cancelled':
      return { ...s, lastSyncStatus: 'cancelled' };
    case 'run_failed': {
      // Transient trouble retries on its own; everything else waits for the user's one action.
      const transient = transientCodes.has(event.code);
      const status = transient ? s.status : event.code === 'bad_input' && !event.hasProfile ? 'inactive' : 'error';
      const errorMessage = event.message || errorMessages[event.code];
      return { status, lastSyncAt: event.at, lastSyncStatus: 'failed', errorCode: event.code, errorMessage };
    }
    case 'paused':
      return { ...s, ...cleared('inactive') };
    case 'resumed':
    case 'deletes_confirmed':
    case 'deletes_kept':
      return { ...s, ...cleared('active') };
    case 'retry':
      return s.status === 'error' ? { ...s, ...cleared('active') } : s;
    case 'run_once':
      return s.status === 'error' ? { ...s, status: 'active' } : s;
    case 'folder_moved':
      return s.errorCode === 'local_missing' || s.errorCode === 'confirm_deletes' ? { ...s, ...cleared('active') } : s;
    case 'state_reset':
      // Every error of the old state is over (a missing folder, a review, ...); an account problem is not.
      return s.status === 'inactive' || s.errorCode === 'reconnect_required' ? s : { ...s, ...cleared('active') };
    case 'reconnect_needed':
      // A paused sync stays paused: resuming it asks for the account then. A deletion review waiting for the user
      // stays visible (the account's own row says it must reconnect; the review must not disappear behind it).
      return s.status === 'inactive' || s.errorCode === 'confirm_deletes'
        ? s
        : { ...s, status: 'error', errorCode: 'reconnect_required', errorMessage: event.message };
    case 'reconnected':
      return s.errorCode === 'reconnect_required' ? { ...s, ...cleared('active') } : s;
    case 'signed_out':
      return { ...s, status: 'inactive', errorCode: null, errorMessage: SIGNED_OUT_MESSAGE };
  }
}

/**
 * Applies `event` to a stored config in place (inside a store update) and says whether anything changed.
 * The only code that assigns the status fields of a stored config.
 */
export function applyStatus(config: StatusFields, event: StatusEvent): boolean {
  const next = nextStatus(config, event);
  if (next === config) return false;
  config.status = next.status;
  config.lastSyncAt = next.lastSyncAt;
  config.lastSyncStatus = next.lastSyncStatus;
  config.errorCode = next.errorCode;
  config.errorMessage = next.errorMessage;
  return true;
}

/** The one button that fixes the config's error, if any. */
export function statusAction(s: Pick<StatusFields, 'errorCode'>): ErrorAction {
  return s.errorCode ? errorActions[s.errorCode] : 'none';
}

const statusFromV1: Record<string, SyncStatus> = {
  active: 'active',
  syncing: 'active',
  running: 'active',
  pending: 'active',
  inactive: 'inactive',
  paused: 'inactive',
  disabled: 'inactive',
  error: 'error',
  failed: 'error',
};

const resultFromV1: Record<string, RunResult> = {
  success: 'success',
  completed: 'success',
  ok: 'success',
  partial: 'partial',
  failed: 'failed',
  error: 'failed',
  cancelled: 'cancelled',
  canceled: 'cancelled',
};

/** The message of a v1 config whose owner is gone (the original design's wording). */
export const REASSIGN_MESSAGE = 'Please re-enable sync to assign user credentials';

/**
 * The status of a config migrated from the original design (v1). One without a known owner becomes inactive
 * with the message that asks the user to re-enable it; unknown v1 words become inactive / no last result.
 */
export function statusFromV1Config(
  v1: {
    status?: string;
    lastSyncAt?: string | null;
    lastSyncStatus?: string | null;
    errorMessage?: string | null;
  },
  owned: boolean,
): StatusFields {
  return {
    status: owned ? (statusFromV1[v1.status ?? 'active'] ?? 'inactive') : 'inactive',
    lastSyncAt: v1.lastSyncAt ?? null,
    lastSyncStatus: v1.lastSyncStatus ? (resultFromV1[v1.lastSyncStatus] ?? null) : null,
    errorCode: null,
    errorMessage: owned ? (v1.errorMessage ?? null) : REASSIGN_MESSAGE,
  };
}
