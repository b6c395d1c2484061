/** Pure: what a sync row says about its state, from the SyncView and the global pause. */
import type { Progress, SyncView } from '../../../../shared/model';
import { errorMessages } from '../../../../shared/errors';
import { formatBytes } from '../../lib/format-bytes';

export type SyncStatusKind = 'syncing' | 'queued' | 'up_to_date' | 'warnings' | 'not_synced' | 'paused' | 'attention';

export interface SyncStatusView {
  kind: SyncStatusKind;
  label: string;
  /** The plain message for an error (or a transient problem being retried). */
  message: string | null;
}

export function describeSyncStatus(sync: SyncView, pausedUntil: string | null): SyncStatusView {
  const message = sync.errorMessage ?? (sync.errorCode ? errorMessages[sync.errorCode] : null);
  if (sync.status === 'error') return { kind: 'attention', label: 'Needs attention', message };
  if (sync.running) return { kind: 'syncing', label: 'Syncing', message: null };
  if (sync.status === 'inactive') return { kind: 'paused', label: 'Paused', message: null };
  if (pausedUntil !== null) return { kind: 'paused', label: 'Paused', message: null };
  if (sync.queued) return { kind: 'queued', label: 'Waiting to sync', message };
  if (sync.lastSyncStatus === null) return { kind: 'not_synced', label: 'Not synced yet', message };
  if (sync.lastSyncStatus === 'success') return { kind: 'up_to_date', label: 'Up to date', message: null };
  // partial / failed / cancelled while still active: a transient problem the scheduler retries.
  return { kind: 'warnings', label: sync.lastSyncStatus === 'partial' ? 'Synced with problems' : 'Will retry', message };
}

/** "1 min", "2 h 5 min": time left, rounded the way people say it. */
export function formatTimeLeft(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/**
 * "Checking OneDrive for changes…", or "3 of 120 files · 12 MB of 1.2 GB", and with a measured rate
 * "· 2.0 MB/s · 3 min left". `percent` is whole percent of the bytes (files when there are no bytes).
 */
export function describeProgress(
  progress: Progress,
  bytesPerSecond: number | null = null,
): { text: string; value: number | undefined; percent: number | null } {
  if (progress.phase === 'listing') return { text: 'Checking OneDrive for changes…', value: undefined, percent: null };
  if (progress.phase === 'planning') return { text: 'Comparing with this computer…', value: undefined, percent: null };
  const files = `${progress.filesDone} of ${progress.filesTotal} files`;
  const bytes = progress.bytesTotal > 0 ? ` · ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}` : '';
  // Bytes are the better measure of time left; files when there is nothing to download.
  const value =
    progress.bytesTotal > 0
      ? progress.bytesDone / progress.bytesTotal
      : progress.filesTotal > 0
        ? progress.filesDone / progress.filesTotal
        : undefined;
  // The core measures the rate (a sliding window over the run); a rate the page measured is the fallback.
  const speed = progress.bytesPerSecond || bytesPerSecond;
  const remaining = progress.bytesTotal - progress.bytesDone;
  const seconds = progress.secondsLeft ?? (speed && speed > 0 && remaining > 0 ? remaining / speed : null);
  const rate = speed && speed > 0 ? ` · ${formatBytes(speed)}/s` : '';
  const left = seconds != null && remaining > 0 ? ` · ${timeLeft(seconds)} left` : '';
  const clamped = value === undefined ? undefined : Math.min(1, Math.max(0, value));
  return { text: files + bytes + rate + left, value: clamped, percent: clamped === undefined ? null : Math.floor(clamped * 100) };
}

/** "45 s", "3 min", "2 h 5 min". */
export function timeLeft(seconds: number): string {
  return formatTimeLeft(seconds * 1000);
}
