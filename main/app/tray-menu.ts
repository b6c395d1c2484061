/**
 * The tray, decided as data: icon, tooltip and menu are pure functions of the AppState snapshot. Menu items
 * carry an action value instead of a click function; tray.ts turns actions into service calls.
 */
import type { AppState, SyncView } from '../../shared/model';
import { transientCodes } from '../../shared/errors';
import { powerPauseText } from '../../shared/power-pause';

export type TrayAction =
  | { type: 'syncNow'; ids: string[] }
  | { type: 'pauseAll'; minutes: number | null }
  | { type: 'resumeAll' }
  | { type: 'syncAnyway' }
  | { type: 'toggleSync'; id: string; active: boolean }
  | { type: 'reconnect'; profileId: string }
  | { type: 'openFolder'; id: string }
  | { type: 'show' }
  | { type: 'quit' };

/** A plain MenuItemConstructorOptions subset (no functions), so tests can compare whole menus. */
export interface TrayMenuItem {
  id?: string;
  label?: string;
  type?: 'normal' | 'separator' | 'checkbox' | 'submenu';
  checked?: boolean;
  enabled?: boolean;
  submenu?: TrayMenuItem[];
  action?: TrayAction;
}

export type TrayIconState = 'idle' | 'syncing' | 'paused' | 'attention';

export interface TrayMenuOptions {
  now: number;
  /** Local clock time for "Paused until ..."; injectable for tests. */
  formatTime?: (ms: number) => string;
  /** Syncs listed by name before the menu sends the user to the window instead. */
  maxSyncItems?: number;
}

const pauseChoices: { label: string; minutes: number | null }[] = [
  { label: 'For 1 hour', minutes: 60 },
  { label: 'For 8 hours', minutes: 8 * 60 },
  { label: 'For 24 hours', minutes: 24 * 60 },
  { label: 'Until I resume', minutes: null },
];

const separator: TrayMenuItem = { type: 'separator' };

function defaultFormatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

/** An error the user has to act on (transient ones retry by themselves and stay calm). */
export function needsAttention(sync: SyncView): boolean {
  return sync.status === 'error' && sync.errorCode !== null && !transientCodes.has(sync.errorCode);
}

function reconnectProfiles(state: AppState) {
  return state.profiles.filter((p) => p.authState === 'reconnect_required');
}

function attentionCount(state: AppState): number {
  const profiles = reconnectProfiles(state);
  const syncs = state.syncs.filter((s) => needsAttention(s) && !profiles.some((p) => p.id === s.profileId));
  return profiles.length + syncs.length + (state.secretStorage === 'unavailable' ? 1 : 0);
}

/** Paused now? pausedUntil is an ISO time, 'forever' or null; a time in the past is not a pause. */
export function isPaused(state: AppState, now: number): boolean {
  if (state.pausedUntil === null) return false;
  if (state.pausedUntil === 'forever') return true;
  const until = Date.parse(state.pausedUntil);
  return Number.isNaN(until) || until > now;
}

function runningSyncs(state: AppState): SyncView[] {
  return state.syncs.filter((s) => s.running);
}

export function trayIconState(state: AppState, now: number): TrayIconState {
  if (attentionCount(state) > 0) return 'attention';
  if (runningSyncs(state).length > 0) return 'syncing';
  if (isPaused(state, now) || state.powerPause !== null) return 'paused';
  return 'idle';
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** One line saying what is going on, as calm as the state allows. */
export function trayStatus(state: AppState, opts: TrayMenuOptions): string {
  const formatTime = opts.formatTime ?? defaultFormatTime;
  if (!state.configured) return 'Set up OneDrive Mirror to start';
  const attention = attentionCount(state);
  if (attention > 0) {
    const [profile] = reconnectProfiles(state);
    if (attention === 1 && profile) return `Reconnect ${profile.account?.username ?? profile.name} to keep syncing`;
    return `${plural(attention, 'item needs', 'items need')} your attention`;
  }
  const running = runningSyncs(state);
  if (running.length > 0) {
    const withFiles = running.filter((s) => s.progress && s.progress.filesTotal > 0);
    if (withFiles.length > 0) {
      const done = withFiles.reduce((n, s) => n + s.progress!.filesDone, 0);
      const total = withFiles.reduce((n, s) => n + s.progress!.filesTotal, 0);
      return `Syncing ${done} of ${plural(total, 'file')}`;
    }
    return running.length === 1 ? `Checking ${running[0]!.itemName}` : `Checking ${running.length} syncs`;
  }
  if (isPaused(state, opts.now)) {
    return state.pausedUntil === 'forever' ? 'Syncing is paused' : `Paused until ${formatTime(Date.parse(state.pausedUntil!))}`;
  }
  if (state.powerPause !== null) return powerPauseText[state.powerPause];
  if (state.syncs.length === 0) return 'No syncs yet';
  if (state.syncs.every((s) => s.status === 'inactive')) return 'All syncs are turned off';
  return 'Up to date';
}

/** Tooltip: product name and status (Windows caps tooltips at 127 characters). */
export function trayTooltip(state: AppState, opts: TrayMenuOptions): string {
  const text = `OneDrive Mirror: ${trayStatus(state, opts)}`;
  return text.length > 127 ? `${text.slice(0, 126)}…` : text;
}

/** The sync's name, with its local folder when another sync has the same name. */
function syncName(sync: SyncView, all: SyncView[]): string {
  const twin = all.some((s) => s !== sync && s.itemName === sync.itemName);
  return twin ? `${sync.itemName} (${sync.localPath})` : sync.itemName;
}

export function buildTrayMenu(state: AppState, opts: TrayMenuOptions): TrayMenuItem[] {
  const maxSyncs = opts.maxSyncItems ?? 15;
  const paused = isPaused(state, opts.now);
  const menu: TrayMenuItem[] = [{ id: 'status', label: trayStatus(state, opts), enabled: false }, separator];

  const active = state.syncs.filter((s) => s.status === 'active').map((s) => s.id);
  menu.push({
    id: 'sync-now',
    label: 'Sync now',
    enabled: active.length > 0 && !paused,
    action: { type: 'syncNow', ids: active },
  });
  // Held for battery or a metered connection (not the user's own pause): one click runs in the background anyway.
  if (state.powerPause !== null && !paused) {
    menu.push({ id: 'sync-anyway', label: 'Sync anyway', action: { type: 'syncAnyway' } });
  }
  if (paused) {
    menu.push({ id: 'resume', label: 'Resume syncing', action: { type: 'resumeAll' } });
  } else {
    menu.push({
      id: 'pause',
      label: 'Pause syncing',
      type: 'submenu',
      enabled: state.syncs.length > 0,
      submenu: pauseChoices.map((c) => ({ label: c.label, action: { type: 'pauseAll', minutes: c.minutes } })),
    });
  }

  if (state.syncs.length > 0) {
    menu.push(separator);
    for (const sync of state.syncs.slice(0, maxSyncs)) {
      const on = sync.status === 'active';
      menu.push({
        id: `sync:${sync.id}`,
        label: needsAttention(sync) ? `${syncName(sync, state.syncs)}: needs attention` : syncName(sync, state.syncs),
        type: 'checkbox',
        checked: on,
        action: { type: 'toggleSync', id: sync.id, active: !on },
      });
    }
    if (state.syncs.length > maxSyncs) {
      menu.push({ label: `All ${state.syncs.length} syncs…`, action: { type: 'show' } });
    }
  }

  const reconnect = reconnectProfiles(state);
  if (reconnect.length > 0) {
    menu.push(separator);
    for (const p of reconnect) {
      menu.push({
        id: `reconnect:${p.id}`,
        label: `Reconnect ${p.account?.username ?? p.name}`,
        enabled: !p.signingIn,
        action: { type: 'reconnect', profileId: p.id },
      });
    }
  }

  menu.push(separator);
  if (state.syncs.length > 0) {
    menu.push({
      id: 'open-folder',
      label: 'Open folder',
      type: 'submenu',
      submenu: state.syncs.slice(0, maxSyncs).map((s) => ({
        label: syncName(s, state.syncs),
        action: { type: 'openFolder', id: s.id },
      })),
    });
  }
  menu.push({ id: 'show', label: 'Show OneDrive Mirror', action: { type: 'show' } });
  menu.push(separator, { id: 'quit', label: 'Quit OneDrive Mirror', action: { type: 'quit' } });
  return menu;
}
