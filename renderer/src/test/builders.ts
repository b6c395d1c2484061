/** Small builders for view models used by the component tests. */
import type { ActivityEntry, AppState, DriveItemView, ProfileView, SyncView } from '../../../shared/model';

export function makeState(over: Partial<AppState> = {}): AppState {
  return {
    version: '0.1.0',
    configured: true,
    builtInRegistration: false,
    cloud: {
      clientId: '11111111-2222-3333-4444-555555555555',
      preset: 'global',
      tenant: 'common',
      authorityHost: null,
      graphUrl: null,
    },
    settings: {
      launchAtLogin: false,
      defaultIntervalMinutes: 15,
      parallelDownloads: 4,
      bigDeleteFiles: 50,
      notifications: true,
      maxConcurrentRuns: 2,
      liveChanges: true,
      downloadLimit: 0,
      pauseOnBattery: true,
      pauseOnMetered: true,
    },
    profiles: [],
    syncs: [],
    pausedUntil: null,
    powerPause: null,
    secretStorage: 'encrypted',
    notices: [],
    ...over,
  };
}

export function makeProfile(over: Partial<ProfileView> = {}): ProfileView {
  return {
    id: 'p1',
    name: 'Work',
    authState: 'connected',
    account: { homeAccountId: 'uid.tid', username: 'ada@example.com', tenantId: 'tid' },
    drive: {
      id: 'drive1',
      driveType: 'business',
      quota: { total: 100 * 1024 ** 3, used: 25 * 1024 ** 3, remaining: 75 * 1024 ** 3 },
    },
    signingIn: false,
    live: false,
    ...over,
  };
}

export function makeSync(over: Partial<SyncView> = {}): SyncView {
  return {
    id: 's1',
    profileId: 'p1',
    itemType: 'folder',
    itemId: 'item1',
    driveId: 'drive1',
    driveType: 'business',
    source: null,
    itemName: 'Reports',
    itemPath: '/Documents/Reports',
    localPath: '/home/ada/Reports',
    status: 'active',
    intervalMinutes: 15,
    lastSyncAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    lastSyncStatus: 'success',
    errorCode: null,
    errorMessage: null,
    exclusions: { folders: [], patterns: [], maxFileSize: null },
    action: 'none',
    running: false,
    queued: false,
    progress: null,
    nextRunAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    lastSuccessAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    lastFailureAt: null,
    pendingDeletes: 0,
    confirmedDeletes: 0,
    live: false,
    liveReason: null,
    createdAt: '2026-11-01T00:00:00Z',
    ...over,
  };
}

export function makeItem(over: Partial<DriveItemView> = {}): DriveItemView {
  return {
    id: 'root',
    driveId: 'drive1',
    name: 'root',
    kind: 'folder',
    size: 0,
    childCount: 0,
    lastModified: null,
    path: '/',
    ...over,
  };
}

export function makeEntry(seq: number, over: Partial<ActivityEntry> = {}): ActivityEntry {
  return {
    seq,
    at: new Date(Date.parse('2026-11-26T12:00:00Z') - (100_000 - seq) * 1000).toISOString(),
    kind: 'downloaded',
    syncId: 's1',
    message: `Downloaded file-${seq}.txt`,
    path: `/file-${seq}.txt`,
    details: null,
    ...over,
  };
}
