/**
 * Desktop notifications for what needs the user: reconnect (once per episode), deletions awaiting review, a
 * sync failing repeatedly. The service decides when something happened; this gate makes sure each episode
 * notifies once and that the user's setting is honoured; a click opens the window on the right place.
 */
import { Notification } from 'electron';
import type { AppNotification, EventPayload } from '../../shared/ipc';
import type { AppState } from '../../shared/model';

export type NavigateTarget = EventPayload<'navigate'>;

/** Where a click on the notification takes the user. */
export function notificationTarget(n: AppNotification): NavigateTarget {
  if (n.kind === 'reconnect_required') return { view: 'accounts', id: n.profileId };
  return { view: 'syncs', id: n.syncId };
}

const keyOf = (n: AppNotification) => `${n.kind}:${n.profileId ?? ''}:${n.syncId ?? ''}`;

/** Is the condition behind a notification still there? When it is gone, the episode is over. */
function stillTrue(key: string, state: AppState): boolean {
  const [kind, profileId, syncId] = key.split(':');
  if (kind === 'reconnect_required')
    return state.profiles.some((p) => p.id === profileId && p.authState === 'reconnect_required');
  const sync = state.syncs.find((s) => s.id === syncId);
  if (!sync) return false;
  if (kind === 'confirm_deletes') return sync.errorCode === 'confirm_deletes';
  return sync.status === 'error' || sync.lastSyncStatus === 'failed';
}

export interface NotificationGate {
  /** True when this notification should be shown now (and remembers that it was). */
  admit(n: AppNotification, state: AppState): boolean;
  /** Ends episodes whose condition has cleared, so the next occurrence notifies again. */
  observe(state: AppState): void;
}

export function createNotificationGate(): NotificationGate {
  const shown = new Set<string>();
  return {
    admit(n, state) {
      if (!state.settings.notifications) return false;
      const key = keyOf(n);
      if (shown.has(key)) return false;
      shown.add(key);
      return true;
    },
    observe(state) {
      for (const key of shown) if (!stillTrue(key, state)) shown.delete(key);
    },
  };
}

export interface DesktopNotifierOptions {
  getState(): AppState;
  onState(listener: (state: AppState) => void): () => void;
  onNotification(listener: (n: AppNotification) => void): () => void;
  /** Shows the window and asks the page to go to the target. */
  open(target: NavigateTarget): void;
  iconPath?: string;
}

/** Wires service notifications to OS notifications. Returns a disposer. */
export function setupDesktopNotifications(options: DesktopNotifierOptions): () => void {
  const gate = createNotificationGate();
  // Keep a reference: a garbage-collected Notification loses its click handler on some platforms.
  const live = new Set<Notification>();
  const offState = options.onState((state) => gate.observe(state));
  const offNotify = options.onNotification((n) => {
    if (!Notification.isSupported() || !gate.admit(n, options.getState())) return;
    const notification = new Notification({
      title: n.title,
      body: n.body,
      ...(options.iconPath ? { icon: options.iconPath } : {}),
    });
    live.add(notification);
    notification.on('click', () => options.open(notificationTarget(n)));
    notification.on('close', () => live.delete(notification));
    notification.show();
  });
  return () => {
    offState();
    offNotify();
    live.clear();
  };
}

/** The one-time hint after the first close: the app keeps syncing from the tray. */
export function showBackgroundHint(iconPath?: string): void {
  if (!Notification.isSupported()) return;
  new Notification({
    title: 'OneDrive Mirror keeps syncing',
    body: 'The window is closed, but your folders stay in sync. Use the tray icon to open it again or to quit.',
    silent: true,
    ...(iconPath ? { icon: iconPath } : {}),
  }).show();
}
