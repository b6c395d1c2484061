import { describe, expect, it } from 'vitest';
import type { AppState, ProfileView, SyncView } from '../../shared/model';
import { defaultCloud, defaultSettings } from '../core/store/schema';
import { buildTrayMenu, type TrayMenuItem, trayIconState, trayStatus, trayTooltip } from './tray-menu';

const now = Date.parse('2026-01-10T12:00:00Z');
const opts = { now, formatTime: (ms: number) => new Date(ms).toISOString().slice(11, 16) };

function profile(over: Partial<ProfileView> = {}): ProfileView {
  return {
    id: 'p1',
    name: 'Work',
    authState: 'connected',
    account: { homeAccountId: 'h', username: 'ada@contoso.com', tenantId: 't' },
    drive: null,
    signingIn: false,
    live: false,
    ...over,
  };
}

function sync(over: Partial<SyncView> = {}): SyncView {
  return {
    id: 's1',
    profileId: 'p1',
    itemType: 'folder',
    itemId: 'i1',
    driveId: 'd1',
    driveType: 'business',
    source: null,
    itemName: 'Documents',
    itemPath: '/Documents',
    localPath: '/home/ada/Documents',
    status: 'active',
    intervalMinutes: 60,
    lastSyncAt: null,
    lastSyncStatus: null,
    errorCode: null,
    errorMessage: null,
    exclusions: { folders: [], patterns: [], maxFileSize: null },
    action: 'none',
    running: false,
    queued: false,
    progress: null,
    nextRunAt: null,
    lastSuccessAt: null,
    lastFailureAt: null,
    pendingDeletes: 0,
    confirmedDeletes: 0,
    live: false,
    liveReason: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...over,
  };
}

function appState(over: Partial<AppState> = {}): AppState {
  return {
    version: '1.0.0',
    configured: true,
    builtInRegistration: false,
    cloud: { ...defaultCloud, clientId: 'c' },
    settings: { ...defaultSettings },
    profiles: [profile()],
    syncs: [sync()],
    pausedUntil: null,
    powerPause: null,
    secretStorage: 'encrypted',
    notices: [],
    ...over,
  };
}

const item = (menu: TrayMenuItem[], id: string) => menu.find((m) => m.id === id);
const labels = (menu: TrayMenuItem[]) => menu.map((m) => m.label ?? '---');
const progress = (filesDone: number, filesTotal: number) => ({
  phase: 'applying' as const,
  filesDone,
  filesTotal,
  bytesDone: 0,
  bytesTotal: 0,
  currentFile: null,
});

describe('tray when all is well', () => {
  it('is idle and says "Up to date" with the everyday items in order', () => {
    const state = appState();
    const menu = buildTrayMenu(state, opts);
    expect(trayIconState(state, now)).toBe('idle');
    expect(trayTooltip(state, opts)).toBe('OneDrive Mirror: Up to date');
    expect(labels(menu)).toEqual([
      'Up to date',
      '---',
      'Sync now',
      'Pause syncing',
      '---',
      'Documents',
      '---',
      'Open folder',
      'Show OneDrive Mirror',
      '---',
      'Quit OneDrive Mirror',
    ]);
    expect(item(menu, 'status')).toMatchObject({ enabled: false });
    expect(item(menu, 'sync-now')).toMatchObject({ enabled: true, action: { type: 'syncNow', ids: ['s1'] } });
    expect(item(menu, 'quit')!.action).toEqual({ type: 'quit' });
    expect(item(menu, 'show')!.action).toEqual({ type: 'show' });
  });

  it('offers the four pause choices', () => {
    const pause = item(buildTrayMenu(appState(), opts), 'pause')!;
    expect(pause.submenu!.map((m) => [m.label, m.action])).toEqual([
      ['For 1 hour', { type: 'pauseAll', minutes: 60 }],
      ['For 8 hours', { type: 'pauseAll', minutes: 480 }],
      ['For 24 hours', { type: 'pauseAll', minutes: 1440 }],
      ['Until I resume', { type: 'pauseAll', minutes: null }],
    ]);
  });

  it('shows one checkbox per sync, checked when active, that toggles it', () => {
    const state = appState({ syncs: [sync(), sync({ id: 's2', itemName: 'Photos', status: 'inactive' })] });
    const menu = buildTrayMenu(state, opts);
    expect(item(menu, 'sync:s1')).toMatchObject({
      type: 'checkbox',
      checked: true,
      action: { type: 'toggleSync', id: 's1', active: false },
    });
    expect(item(menu, 'sync:s2')).toMatchObject({
      type: 'checkbox',
      checked: false,
      action: { type: 'toggleSync', id: 's2', active: true },
    });
    expect(item(menu, 'sync-now')!.action).toEqual({ type: 'syncNow', ids: ['s1'] });
  });

  it('opens any sync folder from the Open folder submenu', () => {
    const state = appState({ syncs: [sync(), sync({ id: 's2', itemName: 'Photos' })] });
    expect(item(buildTrayMenu(state, opts), 'open-folder')!.submenu).toEqual([
      { label: 'Documents', action: { type: 'openFolder', id: 's1' } },
      { label: 'Photos', action: { type: 'openFolder', id: 's2' } },
    ]);
  });

  it('tells two syncs with the same name apart by their local folder', () => {
    const state = appState({ syncs: [sync(), sync({ id: 's2', localPath: '/backup/Documents' })] });
    const menu = buildTrayMenu(state, opts);
    expect(item(menu, 'sync:s2')!.label).toBe('Documents (/backup/Documents)');
  });

  it('lists at most maxSyncItems syncs and sends the rest to the window', () => {
    const syncs = Array.from({ length: 20 }, (_, i) => sync({ id: `s${i}`, itemName: `Folder ${i}` }));
    const menu = buildTrayMenu(appState({ syncs }), { ...opts, maxSyncItems: 5 });
    expect(menu.filter((m) => m.type === 'checkbox')).toHaveLength(5);
    expect(menu.find((m) => m.label === 'All 20 syncs…')!.action).toEqual({ type: 'show' });
  });
});

describe('tray before anything is set up', () => {
  it('asks for setup and disables Sync now and Pause', () => {
    const state = appState({ configured: false, profiles: [], syncs: [] });
    const menu = buildTrayMenu(state, opts);
    expect(trayStatus(state, opts)).toBe('Set up OneDrive Mirror to start');
    expect(item(menu, 'sync-now')!.enabled).toBe(false);
    expect(item(menu, 'pause')!.enabled).toBe(false);
    expect(item(menu, 'open-folder')).toBeUndefined();
    expect(trayIconState(state, now)).toBe('idle');
  });

  it('says there are no syncs yet, or that all are turned off', () => {
    expect(trayStatus(appState({ syncs: [] }), opts)).toBe('No syncs yet');
    expect(trayStatus(appState({ syncs: [sync({ status: 'inactive' })] }), opts)).toBe('All syncs are turned off');
  });
});

describe('tray while syncing', () => {
  it('counts files across running syncs in the status and tooltip', () => {
    const state = appState({
      syncs: [sync({ running: true, progress: progress(1, 100) }), sync({ id: 's2', running: true, progress: progress(2, 20) })],
    });
    expect(trayIconState(state, now)).toBe('syncing');
    expect(trayTooltip(state, opts)).toBe('OneDrive Mirror: Syncing 3 of 120 files');
    expect(buildTrayMenu(state, opts)[0]!.label).toBe('Syncing 3 of 120 files');
  });

  it('says it is checking while a run is still listing', () => {
    expect(trayStatus(appState({ syncs: [sync({ running: true })] }), opts)).toBe('Checking Documents');
    expect(trayStatus(appState({ syncs: [sync({ running: true }), sync({ id: 's2', running: true })] }), opts)).toBe(
      'Checking 2 syncs',
    );
    expect(trayStatus(appState({ syncs: [sync({ running: true, progress: progress(0, 1) })] }), opts)).toBe(
      'Syncing 0 of 1 file',
    );
  });
});

describe('tray while paused', () => {
  it('shows the time it resumes and offers Resume instead of Pause', () => {
    const state = appState({ pausedUntil: '2026-01-10T13:00:00Z' });
    const menu = buildTrayMenu(state, opts);
    expect(trayIconState(state, now)).toBe('paused');
    expect(menu[0]!.label).toBe('Paused until 13:00');
    expect(item(menu, 'resume')!.action).toEqual({ type: 'resumeAll' });
    expect(item(menu, 'pause')).toBeUndefined();
    expect(item(menu, 'sync-now')!.enabled).toBe(false);
  });

  it('pauses until resumed with "forever"', () => {
    const state = appState({ pausedUntil: 'forever' });
    expect(trayStatus(state, opts)).toBe('Syncing is paused');
    expect(trayIconState(state, now)).toBe('paused');
  });

  it('held for battery: says why, keeps Sync now and Pause, and offers "Sync anyway"', () => {
    const state = appState({ powerPause: 'battery' });
    const menu = buildTrayMenu(state, opts);
    expect(menu[0]!.label).toBe('Paused: on battery power');
    expect(trayIconState(state, now)).toBe('paused');
    expect(item(menu, 'sync-anyway')!.action).toEqual({ type: 'syncAnyway' });
    expect(item(menu, 'sync-now')!.enabled).toBe(true);
    expect(item(menu, 'pause')).toBeDefined();
    expect(trayStatus(appState({ powerPause: 'metered' }), opts)).toBe('Paused: on a metered connection');
    // The user's own pause says so first; "Sync anyway" would not undo it.
    const both = buildTrayMenu(appState({ powerPause: 'battery', pausedUntil: 'forever' }), opts);
    expect(both[0]!.label).toBe('Syncing is paused');
    expect(item(both, 'sync-anyway')).toBeUndefined();
    expect(item(buildTrayMenu(appState(), opts), 'sync-anyway')).toBeUndefined();
  });

  it('treats a pause that already ended as not paused', () => {
    const state = appState({ pausedUntil: '2026-01-10T11:00:00Z' });
    expect(trayIconState(state, now)).toBe('idle');
    expect(item(buildTrayMenu(state, opts), 'pause')).toBeDefined();
  });
});

describe('tray when something needs the user', () => {
  const revoked = appState({
    profiles: [profile({ authState: 'reconnect_required' })],
    syncs: [sync({ status: 'error', errorCode: 'reconnect_required', action: 'reconnect' })],
  });

  it('shows attention, names the account, and offers Reconnect', () => {
    const menu = buildTrayMenu(revoked, opts);
    expect(trayIconState(revoked, now)).toBe('attention');
    expect(menu[0]!.label).toBe('Reconnect ada@contoso.com to keep syncing');
    expect(item(menu, 'reconnect:p1')).toMatchObject({
      label: 'Reconnect ada@contoso.com',
      enabled: true,
      action: { type: 'reconnect', profileId: 'p1' },
    });
    expect(item(menu, 'sync:s1')).toMatchObject({ checked: false, label: 'Documents: needs attention' });
  });

  it('disables Reconnect while a sign-in is already waiting', () => {
    const state = { ...revoked, profiles: [profile({ authState: 'reconnect_required', signingIn: true })] };
    expect(item(buildTrayMenu(state, opts), 'reconnect:p1')!.enabled).toBe(false);
  });

  it('counts several problems, e.g. deletions to review and a missing folder', () => {
    const state = appState({
      syncs: [
        sync({ status: 'error', errorCode: 'confirm_deletes', pendingDeletes: 600 }),
        sync({ id: 's2', status: 'error', errorCode: 'local_missing' }),
      ],
    });
    expect(trayIconState(state, now)).toBe('attention');
    expect(trayStatus(state, opts)).toBe('2 items need your attention');
  });

  it('beats syncing and paused for the icon', () => {
    const state = { ...revoked, pausedUntil: 'forever', syncs: [...revoked.syncs, sync({ id: 's2', running: true })] };
    expect(trayIconState(state, now)).toBe('attention');
  });

  it('asks for attention when tokens cannot be stored safely', () => {
    expect(trayIconState(appState({ secretStorage: 'unavailable' }), now)).toBe('attention');
  });

  it('stays calm for transient errors that retry by themselves', () => {
    const state = appState({ syncs: [sync({ status: 'error', errorCode: 'offline' })] });
    expect(trayIconState(state, now)).toBe('idle');
    expect(item(buildTrayMenu(state, opts), 'sync:s1')!.label).toBe('Documents');
  });
});

describe('trayTooltip', () => {
  it('fits the Windows limit of 127 characters', () => {
    const state = appState({ profiles: [profile({ authState: 'reconnect_required', account: null, name: 'x'.repeat(200) })] });
    expect(trayTooltip(state, opts).length).toBeLessThanOrEqual(127);
  });
});
