import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const electron = vi.hoisted(() => ({
  Menu: {
    buildFromTemplate: vi.fn((template: unknown) => ({ template })),
    setApplicationMenu: vi.fn(),
  },
}));
vi.mock('electron', () => electron);

const { appMenuTemplate, installAppMenu } = await import('./app-menu');

/** Every role in the menu, submenus included. */
function roles(items: MenuItemConstructorOptions[] | null): string[] {
  return (items ?? []).flatMap((item) => [
    ...(item.role ? [item.role] : []),
    ...(Array.isArray(item.submenu) ? roles(item.submenu) : []),
  ]);
}

const devRoles = ['reload', 'forceReload', 'toggleDevTools'];

beforeEach(() => {
  electron.Menu.setApplicationMenu.mockClear();
});

describe('the application menu', () => {
  it('macOS, packaged: the app menu (About, Quit), Edit for the clipboard keys, Window; nothing to reload or inspect', () => {
    installAppMenu({ platform: 'darwin', devTools: false });
    const menu = electron.Menu.setApplicationMenu.mock.calls[0]![0] as {
      template: MenuItemConstructorOptions[];
    };
    expect(menu.template.map((m) => m.role)).toEqual(['appMenu', 'editMenu', 'windowMenu']);
    expect(roles(menu.template)).toEqual(expect.arrayContaining(['about', 'quit', 'copy', 'paste', 'cut', 'selectAll', 'undo']));
    expect(roles(menu.template).filter((r) => devRoles.includes(r))).toEqual([]);
  });

  it.each(['linux', 'win32'] as const)('%s, packaged: no menu bar at all (not Electron default menu)', (platform) => {
    installAppMenu({ platform, devTools: false });
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
  });

  it.each(['darwin', 'linux', 'win32'] as const)('%s, development: a View menu with reload and DevTools', (platform) => {
    expect(roles(appMenuTemplate({ platform, devTools: true }))).toEqual(expect.arrayContaining(devRoles));
  });
});
