/** Test support: a valid stored sync config with everything a test does not care about filled in. */
import type { SyncConfigRecord } from '../store/schema';

export function syncConfig(
  over: Partial<SyncConfigRecord> & Pick<SyncConfigRecord, 'itemId' | 'driveId' | 'localPath'>,
): SyncConfigRecord {
  return {
    id: 'cfg1',
    profileId: 'p1',
    itemType: 'folder',
    driveType: 'personal',
    source: null,
    itemName: 'Docs',
    itemPath: '/Docs',
    status: 'active',
    intervalMinutes: 60,
    lastSyncAt: null,
    lastSyncStatus: null,
    errorCode: null,
    errorMessage: null,
    metadata: {},
    deleteReview: null,
    exclusions: { folders: [], patterns: [], maxFileSize: null },
    createdAt: new Date().toISOString(),
    ...over,
  };
}
