import { describe, expect, it } from 'vitest';
import type { SyncView } from '../../shared/model';
import { statusText } from './sync-status-text';

/** Only the fields the column reads. */
const makeSync = (over: Partial<SyncView>): SyncView =>
  ({ status: 'active', lastSyncStatus: null, errorCode: null, confirmedDeletes: 0, ...over }) as SyncView;

describe('sync list STATUS column', () => {
  it('says paused, error and active plainly', () => {
    expect(statusText(makeSync({ status: 'inactive' }))).toBe('paused');
    expect(statusText(makeSync({ status: 'error', errorCode: 'local_missing' }))).toBe('error: local_missing');
    expect(statusText(makeSync({ status: 'active', lastSyncStatus: 'success', errorCode: null }))).toBe('active');
    expect(statusText(makeSync({ status: 'active', lastSyncStatus: 'failed', errorCode: 'offline' }))).toBe('retrying (offline)');
  });

  it('never prints "retrying (null)" after a user action cleared the error', () => {
    const text = statusText(makeSync({ status: 'active', lastSyncStatus: 'failed', errorCode: null }));
    expect(text).toBe('active (last run failed)');
    expect(text).not.toContain('null');
  });

  it('says when confirmed deletions wait for the next run', () => {
    expect(statusText(makeSync({ status: 'active', lastSyncStatus: 'failed', errorCode: null, confirmedDeletes: 12 }))).toBe(
      'active: the next run trashes 12 confirmed files',
    );
  });
});
