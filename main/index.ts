/**
 * Electron entry: single-instance lock and the app:// scheme, then on ready: the data-dir lock, the locked-down
 * session, the core, the IPC router, the window, the tray and notifications. Each concern lives in main/app/*;
 * this file only calls them in order.
 */
import os from 'node:os';
import path from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, net, powerMonitor, screen, session, shell, utilityProcess } from 'electron';
import { createCore } from './core/compose';
import { builtInCloud, effectiveCloud } from './core/auth/built-in-cloud';
import { defaultDataDir } from './core/data-dir';
import { toErrorValue } from './core/errors';
import { createLogger } from './core/log/logger';
import { acquireDataDirLock } from './core/store/data-dir-lock';
import { installAppMenu } from './app/app-menu';
import { resolveAppPaths } from './app/app-paths';
import { createElectronBrowserOpener, createElectronPowerEvents, createElectronTrash } from './app/electron-ports';
import { createSenderCheck, forwardEvents, registerIpcRouter } from './app/ipc-router';
import { setupQuit, setupSingleInstance } from './app/lifecycle';
import { createLoginItem, launchedHidden } from './app/login-item';
import { createNativeConfirmer } from './app/native-confirmer';
import { type NavigateTarget, setupDesktopNotifications, showBackgroundHint } from './app/notifications';
import { createPowerSource, readLinuxBatteryPercent } from './app/power-source';
import { readNetworkManagerMetered } from './app/metered-linux';
import { fitBounds, openPreferences } from './app/preferences';
import { registerAppScheme, serveAppProtocol } from './app/protocol';
import { createElectronSecretBox } from './app/secret-box';
import { createUtilityHostStarter } from './app/engine-host-process';
import { createExternalUrlPolicy, createOwnUrlCheck, denyAllPermissions } from './app/security';
import { createShellCommands } from './app/shell-commands';
import { createAppTray } from './app/tray';
import { createMainWindow, MIN_WINDOW_SIZE, sendEvent, showWindow } from './app/window';

const APP_ID = 'io.github.onedrivemirror.app';
const env = process.env;
const paths = resolveAppPaths({
  mainDir: import.meta.dirname,
  isPackaged: app.isPackaged,
  resourcesPath: process.resourcesPath,
  env,
});
const dataDir = defaultDataDir(env);
let win: BrowserWindow | null = null;

registerAppScheme();
app.setPath('userData', dataDir); // before the single-instance lock, which is per userData
if (setupSingleInstance(app, () => win && showWindow(win))) {
  app.whenReady().then(start).catch(fail);
}

async function start(): Promise<void> {
  app.setAppUserModelId(APP_ID);
  const logger = createLogger({ dir: path.join(dataDir, 'logs'), name: 'app' });
  const lock = await acquireDataDirLock(dataDir, { purpose: 'OneDrive Mirror app' });
  denyAllPermissions(session.defaultSession);
  installAppMenu({ platform: process.platform, devTools: !app.isPackaged });
  serveAppProtocol(paths.renderer);

  const urls = createExternalUrlPolicy({
    env,
    openExternal: (url) => shell.openExternal(url),
    onRefused: (url) => logger.warn('refused to open a URL that is not allow-listed', { host: URL.parse(url)?.host ?? null }),
  });
  const loginItem = createLoginItem({ app, platform: process.platform, env, home: os.homedir(), execPath: process.execPath });
  const core = await createCore({
    dataDir,
    version: app.getVersion(),
    env,
    logger,
    secretBox: (allowPlaintext) => createElectronSecretBox({ allowPlaintext, logger }),
    trash: createElectronTrash(),
    browserOpener: createElectronBrowserOpener(urls.isAllowed),
    power: createElectronPowerEvents(),
    shell: { ...createShellCommands(() => win), setLaunchAtLogin: loginItem.set },
    confirmer: createNativeConfirmer(() => win),
    isNetworkUp: async () => net.isOnline(),
    // Sync runs execute in a utility process (started by the first run, restarted after a crash).
    engineHost: createUtilityHostStarter((...args) => utilityProcess.fork(...args), paths.engineHost),
  });
  const { service } = core;
  // The sign-in host in effect may be the build's default registration's (the stored client id is '' then).
  urls.setCloud(effectiveCloud(service.getState().cloud, builtInCloud));
  service.on('state', (state) => urls.setCloud(effectiveCloud(state.cloud, builtInCloud)));

  // Battery and metered: the power policy holds background runs (the CLI has no power source: always on demand).
  const powerSource = createPowerSource({
    monitor: powerMonitor,
    readBatteryPercent: process.platform === 'linux' ? () => readLinuxBatteryPercent() : undefined,
    readMetered: process.platform === 'linux' ? () => readNetworkManagerMetered() : undefined,
  });
  service.attachPower(powerSource);

  const lifecycle = setupQuit(app, {
    shutdown: async () => {
      powerSource.stop();
      await core.shutdown();
      await lock.release();
      await logger.flush();
    },
    onError: (e) => logger.error('shutdown failed', { error: String(e) }),
  });
  registerIpcRouter({
    ipcMain,
    handlers: service.handlers,
    isTrustedSender: createSenderCheck(paths.trustedOrigins),
    logger,
    // Development, or a packaged build run with the flag: a reply naming a field outside the contract fails.
    checkReplies: !app.isPackaged || env.ONEDRIVE_MIRROR_CHECK_IPC_REPLIES === '1',
  });

  const prefs = openPreferences({
    dataDir,
    onRecovered: (movedTo, e) => logger.warn('preferences file unreadable: set aside', { movedTo, error: String(e) }),
  });
  const workAreas = screen.getAllDisplays().map((d) => d.workArea);
  const mainWindow = createMainWindow({
    preloadPath: paths.preload,
    url: paths.rendererUrl,
    iconPath: paths.appIcon,
    startHidden: launchedHidden(process.argv, app, process.platform),
    isQuitting: lifecycle.isQuitting,
    onHide: () => prefs.takeHint('closed-to-tray') && showBackgroundHint(paths.appIcon),
    bounds: fitBounds(prefs.windowBounds(), workAreas, MIN_WINDOW_SIZE),
    saveBounds: prefs.saveWindowBounds,
    isOwnUrl: createOwnUrlCheck(paths.trustedOrigins),
    openExternal: urls.open,
    devTools: !app.isPackaged,
  });
  win = mainWindow;
  forwardEvents(service, (channel, payload) => !mainWindow.isDestroyed() && mainWindow.webContents.send(channel, payload));
  const open = (target: NavigateTarget) => {
    showWindow(mainWindow);
    sendEvent(mainWindow, 'navigate', target);
  };
  app.on('activate', () => showWindow(mainWindow));

  createAppTray({
    iconDir: paths.trayIcons,
    platform: process.platform,
    getState: () => service.getState(),
    onState: (listener) => service.on('state', listener),
    handlers: service.handlers,
    showWindow: () => showWindow(mainWindow),
    navigate: open,
    quit: () => app.quit(),
    logger,
  });
  setupDesktopNotifications({
    getState: () => service.getState(),
    onState: (listener) => service.on('state', listener),
    onNotification: (listener) => service.on('notification', listener),
    open,
    iconPath: paths.appIcon,
  });
  // Re-register at each start: the executable may have moved (an AppImage, an update).
  if (service.getState().settings.launchAtLogin) void loginItem.set(true);
  service.start();
}

/** Could not start (another process owns the data folder, unreadable files): say why, then exit. */
function fail(error: unknown): void {
  const { message } = toErrorValue(error);
  dialog.showErrorBox('OneDrive Mirror could not start', message);
  app.exit(1);
}
