/**
 * The application menu, kept minimal: Electron's default menu offers Reload, Force Reload and Toggle Developer
 * Tools to anyone. macOS needs a menu for the app name (About, Hide, Quit), for Cmd+C/V/X/A/Z in text fields
 * (the Edit roles) and for Cmd+M/W (Window); Windows and Linux need none (their text fields handle the
 * clipboard keys themselves), so they get no menu bar. Development adds a View menu with reload and DevTools.
 */
import { Menu, type MenuItemConstructorOptions } from 'electron';

export interface AppMenuOptions {
  platform: NodeJS.Platform;
  /** Development only: View menu with Reload and Toggle Developer Tools. */
  devTools: boolean;
}

/** The menu template, or null for no menu bar at all. Pure: the test reads it without Electron. */
export function appMenuTemplate({ platform, devTools }: AppMenuOptions): MenuItemConstructorOptions[] | null {
  const develop: MenuItemConstructorOptions[] = devTools
    ? [{ label: 'View', submenu: [{ role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' }] }]
    : [];
  if (platform !== 'darwin') return develop.length > 0 ? develop : null;
  return [
    {
      role: 'appMenu',
      submenu: [
        { role: 'about' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    {
      role: 'editMenu',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    ...develop,
    { role: 'windowMenu', submenu: [{ role: 'minimize' }, { role: 'zoom' }, { role: 'close' }] },
  ];
}

/** Replaces Electron's default menu; call once the app is ready. */
export function installAppMenu(options: AppMenuOptions): void {
  const template = appMenuTemplate(options);
  Menu.setApplicationMenu(template ? Menu.buildFromTemplate(template) : null);
}
