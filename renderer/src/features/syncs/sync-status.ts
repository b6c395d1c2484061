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

/** "Checking OneDrive for changes…", or "3 of 120 files · 12 MB of 1.2 GB". */
export function describeProgress(progress: Progress): { text: string; value: number | undefined } {
  if (progress.phase === 'listing') return { text: 'Checking OneDrive for changes…', value: undefined };
  if (progress.phase === 'planning') return { text: 'Comparing with this computer…', value: undefined };
  const files = `${progress.filesDone} of ${progress.filesTotal} files`;
  const bytes = progress.bytesTotal > 0 ? ` · ${formatBytes(progress.bytesDone)} of ${formatBytes(progress.bytesTotal)}` : '';
  const rate = progress.bytesPerSecond ? ` · ${formatBytes(progress.bytesPerSecond)}/s` : '';
  const left = progress.secondsLeft != null ? ` · ${timeLeft(progress.secondsLeft)} left` : '';
  // Bytes are the better measure of time left; files when there is nothing to download.
  const value =
    progress.bytesTotal > 0
      ? progress.bytesDone / progress.bytesTotal
      : progress.filesTotal > 0
        ? progress.filesDone / progress.filesTotal
        : undefined;
  return { text: files + bytes + rate + left, value: value === undefined ? undefined : Math.min(1, Math.max(0, value)) };
}

/** "45 s", "3 min", "2 h 5 min". */
export function timeLeft(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const min = Math.round(seconds / 60);
  return min < 60 ? `${min} min` : `${Math.floor(min / 60)} h ${min % 60} min`;
}
