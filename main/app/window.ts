/**
 * The main window: locked-down webPreferences, hardened webContents, shown when ready, and closing it hides
 * it to the tray (sync keeps running) until the app really quits.
 */
import { BrowserWindow, nativeTheme } from 'electron';
import { type EventName, eventChannel, type EventPayload } from '../../shared/ipc';
import { blockDevTools, hardenWebContents, type HardenOptions, secureWebPreferences } from './security';

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
  /** Development only (`!app.isPackaged`): packaged builds have no DevTools and ignore their shortcuts. */
  devTools: boolean;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'OneDrive Mirror',
    autoHideMenuBar: true,
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1f1f1f' : '#fafafa',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    webPreferences: secureWebPreferences(options.preloadPath, options.devTools),
  });
  hardenWebContents(win.webContents, options);
  if (!options.devTools) blockDevTools(win.webContents);
  win.once('ready-to-show', () => {
    if (!options.startHidden) win.show();
  });
  win.on('close', (event) => {
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
