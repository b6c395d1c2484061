import { describe, expect, it, vi } from 'vitest';
import type { AppNotification } from '../../shared/ipc';
import type { AppState, ProfileView, SyncView } from '../../shared/model';
import { defaultCloud, defaultSettings } from '../core/store/schema';
import { TypedEmitter } from '../core/typed-emitter';

const electron = vi.hoisted(() => {
  const shown: FakeNotification[] = [];
  class FakeNotification {
    static isSupported = () => true;
    handlers = new Map<string, () => void>();
    constructor(readonly options: { title: string; body: string }) {}
    on(name: string, fn: () => void) {
      this.handlers.set(name, fn);
    }
    show() {
      shown.push(this);
    }
  }
  return { shown, Notification: FakeNotification };
});
vi.mock('electron', () => electron);

const { createNotificationGate, notificationTarget, setupDesktopNotifications, showBackgroundHint } =
  await import('./notifications');

const profile = (authState: ProfileView['authState']): ProfileView => ({
  id: 'p1',
  name: 'Work',
  authState,
  account: null,
  live: false,
  drive: null,
  signingIn: false,
});
const sync = (over: Partial<SyncView>): SyncView =>
  ({ id: 's1', status: 'active', errorCode: null, lastSyncStatus: null, ...over }) as SyncView;
const state = (over: Partial<AppState> = {}): AppState => ({
  version: '1',
  configured: true,
  builtInRegistration: false,
  cloud: defaultCloud,
  settings: { ...defaultSettings },
  profiles: [],
  syncs: [],
  pausedUntil: null,
  powerPause: null,
  secretStorage: 'encrypted',
  notices: [],
  ...over,
});

const reconnect: AppNotification = {
  kind: 'reconnect_required',
  title: 'Reconnect',
  body: 'Sign in again',
  profileId: 'p1',
  syncId: null,
};
const deletes: AppNotification = {
  kind: 'confirm_deletes',
  title: 'Review deletions',
  body: '600 files',
  profileId: 'p1',
  syncId: 's1',
};
const failing: AppNotification = { kind: 'failing', title: 'Keeps failing', body: 'disk full', profileId: 'p1', syncId: 's1' };

describe('notificationTarget', () => {
  it('opens the account for reconnect and the sync for the others', () => {
    expect(notificationTarget(reconnect)).toEqual({ view: 'accounts', id: 'p1' });
    expect(notificationTarget(deletes)).toEqual({ view: 'syncs', id: 's1' });
    expect(notificationTarget(failing)).toEqual({ view: 'syncs', id: 's1' });
  });
});

describe('the notification gate', () => {
  it('notifies a reconnect once per episode, and again after the account was reconnected', () => {
    const gate = createNotificationGate();
    const revoked = state({ profiles: [profile('reconnect_required')] });
    expect(gate.admit(reconnect, revoked)).toBe(true);
    gate.observe(revoked);
    expect(gate.admit(reconnect, revoked)).toBe(false);
    gate.observe(state({ profiles: [profile('connected')] }));
    expect(gate.admit(reconnect, revoked)).toBe(true);
  });

  it('notifies deletions awaiting review and repeated failures once until they clear', () => {
    const gate = createNotificationGate();
    const stopped = state({ syncs: [sync({ status: 'error', errorCode: 'confirm_deletes', lastSyncStatus: 'failed' })] });
    expect(gate.admit(deletes, stopped)).toBe(true);
    expect(gate.admit(failing, stopped)).toBe(true);
    gate.observe(stopped);
    expect(gate.admit(deletes, stopped)).toBe(false);
    expect(gate.admit(failing, stopped)).toBe(false);
    gate.observe(state({ syncs: [sync({ lastSyncStatus: 'success' })] }));
    expect(gate.admit(deletes, stopped)).toBe(true);
    expect(gate.admit(failing, stopped)).toBe(true);
  });

  it('shows nothing when the user turned notifications off', () => {
    const gate = createNotificationGate();
    const quiet = state({ settings: { ...defaultSettings, notifications: false }, profiles: [profile('reconnect_required')] });
    expect(gate.admit(reconnect, quiet)).toBe(false);
    expect(gate.admit(deletes, quiet)).toBe(false);
  });
});

describe('setupDesktopNotifications', () => {
  it('shows service notifications and a click opens the window on the right place', () => {
    const events = new TypedEmitter<{ state: AppState; notification: AppNotification }>();
    const current = state({ profiles: [profile('reconnect_required')] });
    const open = vi.fn();
    const stop = setupDesktopNotifications({
      getState: () => current,
      onState: (l) => events.on('state', l),
      onNotification: (l) => events.on('notification', l),
      open,
    });
    events.emit('notification', reconnect);
    events.emit('notification', reconnect);
    expect(electron.shown).toHaveLength(1);
    expect(electron.shown[0]!.options).toMatchObject({ title: 'Reconnect', body: 'Sign in again' });
    electron.shown[0]!.handlers.get('click')!();
    expect(open).toHaveBeenCalledWith({ view: 'accounts', id: 'p1' });
    stop();
    events.emit('notification', deletes);
    expect(electron.shown).toHaveLength(1);
  });

  it('has a hint that syncing continues after the window closes', () => {
    showBackgroundHint();
    expect(electron.shown.at(-1)!.options.title).toMatch(/keeps syncing/);
  });
});
