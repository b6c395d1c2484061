/**
 * The main window: locked-down webPreferences, hardened webContents, shown when ready, and closing it hides
 * it to the tray (sync keeps running) until the app really quits.
 */
import { BrowserWindow, nativeTheme } from 'electron';
import { type EventName, eventChannel, type EventPayload } from '../../shared/ipc';
import type { WindowBounds } from './preferences';
import { blockDevTools, hardenWebContents, type HardenOptions, secureWebPreferences } from './security';

export const MIN_WINDOW_SIZE = { width: 720, height: 480 };

export interface MainWindowOptions extends HardenOptions {
  preloadPath: string;
  url: string;
  iconPath?: string;
  /** Start hidden (launched at login): the tray is enough. */
  startHidden: boolean;
  /** True once Quit was chosen: then close really closes. */
  isQuitting(): boolean;
  /** Called each time close hides the window (the shell shows a one-time hint). */
  onHide?(): void;
  /** Where the window was last time (already checked against today's displays), or null for the default. */
  bounds?: WindowBounds | null;
  /** Called on each close (hide or quit) with where the window is, for the next start. */
  saveBounds?(bounds: WindowBounds): void;
  /** Development only (`!app.isPackaged`): packaged builds have no DevTools and ignore their shortcuts. */
  devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    ...(options.bounds
      ? { x: options.bounds.x, y: options.bounds.y, width: options.bounds.width, height: options.bounds.height }
      : {}),
    minWidth: MIN_WINDOW_SIZE.width,
    minHeight: MIN_WINDOW_SIZE.height,
    show: false,
    title: 'OneDrive Mirror',
    autoHideMenuBar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#fafafa',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  hardenWebContents(win.webContents, options);
  if (!options.devTools) blockDevTools(win.webContents);
  if (options.bounds?.maximized) win.maximize();
  win.once('ready-to-show', () => {
    if (!options.startHidden) win.show();
  });
  win.on('close', (event) => {
    options.saveBounds?.({ ...win.getNormalBounds(), maximized: win.isMaximized() });
    if (options.isQuitting()) return;
    event.preventDefault();
    win.hide();
    options.onHide?.();
  });
  void win.loadURL(options.url);
  return win;
}

/** Brings the window to the front (tray click, second launch, notification click). */
export function showWindow(win: BrowserWindow): void {
  if (win.isDestroyed()) return;
  if (win.isMinimized()) win.restore();
  win.show();
  win.focus();
}

/** Sends a contract event to the page, if the window is still there. */
export function sendEvent<E extends EventName>(win: BrowserWindow, event: E, payload: EventPayload<E>): void {
  if (win.isDestroyed() || win.webContents.isDestroyed()) return;
  win.webContents.send(eventChannel(event), payload);
}
