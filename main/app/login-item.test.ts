import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { autostartDesktopEntry, autostartFile, createLoginItem, launchedHidden, quoteExecArg } from './login-item';

vi.mock('electron', () => ({}));

let home: string;
beforeEach(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'login-'));
});
afterEach(() => rm(home, { recursive: true, force: true }));

const fakeApp = () => ({
  setLoginItemSettings: vi.fn(),
  getLoginItemSettings: vi.fn(() => ({ openAtLogin: true, wasOpenedAtLogin: true }) as never),
});

describe('XDG autostart entry', () => {
  it('is a valid desktop entry that starts the app hidden in the tray', () => {
    const entry = autostartDesktopEntry({ name: 'OneDrive Mirror', exec: ['/opt/OneDrive Mirror/onedrive-mirror', '--hidden'] });
    expect(entry.split('\n')).toEqual(
      expect.arrayContaining([
        '[Desktop Entry]',
        'Type=Application',
        'Name=OneDrive Mirror',
        'Exec="/opt/OneDrive Mirror/onedrive-mirror" --hidden',
        'Terminal=false',
      ]),
    );
  });

  it('quotes Exec arguments per the spec', () => {
    expect(quoteExecArg('/usr/bin/app')).toBe('/usr/bin/app');
    expect(quoteExecArg('/a b')).toBe('"/a b"');
    expect(quoteExecArg('100%')).toBe('"100%%"');
    expect(quoteExecArg('say "hi" $HOME')).toBe('"say \\\\"hi\\\\" \\\\$HOME"');
  });

  it('lives in $XDG_CONFIG_HOME/autostart, or ~/.config/autostart', () => {
    expect(autostartFile({}, '/home/ada')).toBe(path.join('/home/ada', '.config', 'autostart', 'onedrive-mirror.desktop'));
    expect(autostartFile({ XDG_CONFIG_HOME: '/cfg' }, '/home/ada')).toBe(
      path.join('/cfg', 'autostart', 'onedrive-mirror.desktop'),
    );
    expect(autostartFile({ XDG_CONFIG_HOME: 'relative' }, '/home/ada')).toBe(
      path.join('/home/ada', '.config', 'autostart', 'onedrive-mirror.desktop'),
    );
  });
});

describe('createLoginItem', () => {
  it('on Linux writes and removes the autostart file, pointing at the AppImage when there is one', async () => {
    const app = fakeApp();
    const item = createLoginItem({
      app,
      platform: 'linux',
      env: { APPIMAGE: '/home/ada/Apps/OneDrive-Mirror.AppImage' },
      home,
      execPath: '/tmp/.mount_x/onedrive-mirror',
    });
    const file = path.join(home, '.config', 'autostart', 'onedrive-mirror.desktop');
    expect(item.get()).toBe(false);
    await item.set(true);
    expect(item.get()).toBe(true);
    expect(await readFile(file, 'utf8')).toContain('Exec=/home/ada/Apps/OneDrive-Mirror.AppImage --hidden');
    await item.set(false);
    expect(existsSync(file)).toBe(false);
    await item.set(false); // already off: fine
    expect(app.setLoginItemSettings).not.toHaveBeenCalled();
  });

  it('on Windows uses the login item settings with --hidden', async () => {
    const app = fakeApp();
    const item = createLoginItem({ app, platform: 'win32', env: {}, home, execPath: 'C:\\app.exe' });
    await item.set(true);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true, args: ['--hidden'] });
    expect(item.get()).toBe(true);
  });

  it('on macOS uses the login item settings without arguments', async () => {
    const app = fakeApp();
    await createLoginItem({ app, platform: 'darwin', env: {}, home, execPath: '/Applications/x' }).set(false);
    expect(app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: false });
  });
});

describe('launchedHidden', () => {
  it('is true for --hidden, or a macOS launch at login', () => {
    const app = fakeApp();
    expect(launchedHidden(['app', '--hidden'], app, 'linux')).toBe(true);
    expect(launchedHidden(['app'], app, 'linux')).toBe(false);
    expect(launchedHidden(['app'], app, 'darwin')).toBe(true);
  });
});
