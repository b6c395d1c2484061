/**
 * The tray icon: image, tooltip and menu rebuilt from each AppState snapshot (decided by tray-menu.ts), and
 * menu actions turned into service commands.
 */
import path from 'node:path';
import { Menu, type MenuItemConstructorOptions, nativeImage, nativeTheme, Tray } from 'electron';
import type { AppState } from '../../shared/model';
import type { CommandHandlers, NavTarget } from '../../shared/ipc';
import type { Logger } from '../core/ports';
import { buildTrayMenu, type TrayAction, type TrayIconState, type TrayMenuItem, trayIconState, trayTooltip } from './tray-menu';

/** Which file to show: template images on macOS, light/dark glyphs elsewhere (32 px on Linux panels). */
export function trayIconFile(dir: string, state: TrayIconState, platform: NodeJS.Platform, darkPanel: boolean): string {
  if (platform === 'darwin') return path.join(dir, `${state}Template.png`);
  const variant = darkPanel ? 'dark' : 'light';
  return path.join(dir, platform === 'win32' ? `${state}-${variant}.png` : `${state}-${variant}-32.png`);
}

/** Plain tray items -> Electron menu template, each action bound to `run`. */
export function toMenuTemplate(items: TrayMenuItem[], run: (action: TrayAction) => void): MenuItemConstructorOptions[] {
  return items.map(({ action, submenu, ...rest }) => ({
    ...rest,
    ...(submenu ? { submenu: toMenuTemplate(submenu, run) } : {}),
    ...(action ? { click: () => run(action) } : {}),
  }));
}

export interface TrayActionDeps {
  handlers: CommandHandlers;
  showWindow(): void;
  /** Shows the window on a place (e.g. the account to reconnect). */
  navigate(target: NavTarget): void;
  quit(): void;
  logger: Logger;
}

/** Carries out one tray action; failures are logged (the state snapshot shows their effect). */
export async function runTrayAction(action: TrayAction, deps: TrayActionDeps): Promise<void> {
  const { handlers } = deps;
  try {
    switch (action.type) {
      case 'syncNow':
        await Promise.all(action.ids.map((id) => handlers['sync:now']({ id })));
        return;
      case 'pauseAll':
        await handlers['syncs:pauseAll']({ minutes: action.minutes });
        return;
      case 'resumeAll':
        await handlers['syncs:resumeAll']({});
        return;
      case 'syncAnyway':
        await handlers['syncs:syncAnyway']({});
        return;
      case 'toggleSync':
        await (action.active ? handlers['sync:resume']({ id: action.id }) : handlers['sync:pause']({ id: action.id }));
        return;
      case 'reconnect':
        // The window shows the waiting state (with Cancel) while the browser sign-in runs.
        deps.navigate({ view: 'accounts', id: action.profileId });
        await handlers['profile:connect']({ id: action.profileId });
        return;
      case 'openFolder':
        await handlers['sync:openLocal']({ id: action.id });
        return;
      case 'show':
        deps.showWindow();
        return;
      case 'quit':
        deps.quit();
        return;
    }
  } catch (e) {
    deps.logger.warn('tray action failed', { action: action.type, error: String(e) });
  }
}

export interface AppTrayOptions extends TrayActionDeps {
  iconDir: string;
  platform: NodeJS.Platform;
  getState(): AppState;
  onState(listener: (state: AppState) => void): () => void;
  now?: () => number;
  /** Rebuild at most this often while progress streams in. */
  minIntervalMs?: number;
}

export function createAppTray(options: AppTrayOptions): { tray: Tray; destroy(): void } {
  const now = options.now ?? Date.now;
  const darkPanel = () =>
    options.platform === 'win32' ? nativeTheme.shouldUseDarkColorsForSystemIntegratedUI : nativeTheme.shouldUseDarkColors;
  const image = (state: TrayIconState) =>
    nativeImage.createFromPath(trayIconFile(options.iconDir, state, options.platform, darkPanel()));
  const run = (action: TrayAction) => void runTrayAction(action, options);

  const tray = new Tray(image('idle'));
  let lastMenu = '';
  let lastIcon: TrayIconState | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let lastRender = 0;
  let pauseTimer: ReturnType<typeof setTimeout> | null = null;

  const render = () => {
    timer = null;
    lastRender = now();
    const state = options.getState();
    const opts = { now: now() };
    const icon = trayIconState(state, opts.now);
    if (icon !== lastIcon) tray.setImage(image(icon));
    lastIcon = icon;
    tray.setToolTip(trayTooltip(state, opts));
    const items = buildTrayMenu(state, opts);
    const key = JSON.stringify(items);
    if (key !== lastMenu) tray.setContextMenu(Menu.buildFromTemplate(toMenuTemplate(items, run)));
    lastMenu = key;
    // "Paused until 14:00" must turn back into the normal menu at 14:00 even if nothing else changes.
    if (pauseTimer) clearTimeout(pauseTimer);
    pauseTimer = null;
    const until = state.pausedUntil && state.pausedUntil !== 'forever' ? Date.parse(state.pausedUntil) : NaN;
    if (until > opts.now) pauseTimer = setTimeout(schedule, Math.min(until - opts.now + 500, 2 ** 31 - 1));
  };
  const schedule = () => {
    if (timer) return;
    const wait = Math.max(0, (options.minIntervalMs ?? 1000) - (now() - lastRender));
    timer = setTimeout(render, wait);
  };

  render();
  const offState = options.onState(schedule);
  const onTheme = () => {
    lastIcon = null;
    schedule();
  };
  nativeTheme.on('updated', onTheme);
  // Windows and Linux: a left click opens the window; macOS shows the menu.
  if (options.platform !== 'darwin') tray.on('click', () => options.showWindow());

  return {
    tray,
    destroy() {
      offState();
      nativeTheme.off('updated', onTheme);
      if (timer) clearTimeout(timer);
      if (pauseTimer) clearTimeout(pauseTimer);
      tray.destroy();
    },
  };
}
