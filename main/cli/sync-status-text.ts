/** The STATUS column of `sync list`: what the user needs to know about a sync in a few words. */
import type { SyncView } from '../../shared/model';

export function statusText(s: SyncView): string {
  if (s.status === 'inactive') return 'paused';
  if (s.status === 'error') return `error: ${s.errorCode}`;
  const n = s.confirmedDeletes;
  if (n > 0) return `active: the next run trashes ${n} confirmed file${n === 1 ? '' : 's'}`;
  // A user action (reconnect, confirm, resume) clears the error code of a failed last run: it is no longer retrying it.
  if (s.lastSyncStatus === 'failed') return s.errorCode ? `retrying (${s.errorCode})` : 'active (last run failed)';
  return 'active';
}
