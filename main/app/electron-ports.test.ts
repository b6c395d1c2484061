import { mkdir, realpath, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '../core/errors';
import { useTempDirs } from '../core/testing/temp-dirs';

const temp = useTempDirs();

const electron = vi.hoisted(() => {
  const listeners = new Map<string, Set<() => void>>();
  return {
    listeners,
    shell: {
      trashItem: vi.fn(async () => {}),
      openExternal: vi.fn(async () => {}),
      openPath: vi.fn(async (p: string) => (p.includes('missing') ? 'Folder does not exist' : '')),
    },
    dialog: { showOpenDialog: vi.fn() },
    powerMonitor: {
      on: (e: string, l: () => void) => void (listeners.get(e) ?? listeners.set(e, new Set()).get(e)!).add(l),
      off: (e: string, l: () => void) => void listeners.get(e)?.delete(l),
    },
  };
});
vi.mock('electron', () => electron);

const { createElectronBrowserOpener, createElectronPowerEvents, createElectronTrash } = await import('./electron-ports');
const { createShellCommands } = await import('./shell-commands');

describe('Electron ports', () => {
  it('trashes through shell.trashItem', async () => {
    await createElectronTrash().trash('/home/ada/Documents/old.txt');
    expect(electron.shell.trashItem).toHaveBeenCalledWith('/home/ada/Documents/old.txt');
  });

  it('opens only allow-listed URLs in the browser', async () => {
    const opener = createElectronBrowserOpener((url) => url.startsWith('https://login.microsoftonline.com/'));
    await opener.open('https://login.microsoftonline.com/common/oauth2/v2.0/authorize');
    expect(electron.shell.openExternal).toHaveBeenCalledOnce();
    const refused = await opener.open('https://evil.example/').catch((e: unknown) => e);
    expect(isAppError(refused, 'access_denied')).toBe(true);
    expect(electron.shell.openExternal).toHaveBeenCalledOnce();
  });

  it('reports suspend and resume until unsubscribed', () => {
    const power = createElectronPowerEvents();
    const seen: string[] = [];
    const off = power.on('resume', () => seen.push('resume'));
    power.on('suspend', () => seen.push('suspend'));
    for (const l of electron.listeners.get('suspend')!) l();
    for (const l of electron.listeners.get('resume')!) l();
    off();
    expect(electron.listeners.get('resume')!.size).toBe(0);
    expect(seen).toEqual(['suspend', 'resume']);
  });
});

describe('shell commands', () => {
  const win = { isDestroyed: () => false };
  const commands = createShellCommands(() => win as never);

  it('chooses a directory with the native dialog, null when cancelled', async () => {
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: ['/home/ada/OneDrive'] });
    expect(await commands.chooseDirectory('/home/ada')).toBe('/home/ada/OneDrive');
    expect(electron.dialog.showOpenDialog).toHaveBeenCalledWith(
      win,
      expect.objectContaining({
        defaultPath: '/home/ada',
        properties: expect.arrayContaining(['openDirectory', 'createDirectory']),
      }),
    );
    electron.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await commands.chooseDirectory(null)).toBeNull();
  });

  it('opens folders, and turns a failure into an error value', async () => {
    const dir = await realpath(await temp.make('odm-open-'));
    await commands.openPath(dir);
    expect(electron.shell.openPath).toHaveBeenCalledWith(dir);
    await mkdir(path.join(dir, 'missing'));
    const failed = await commands.openPath(path.join(dir, 'missing')).catch((e: unknown) => e);
    expect(isAppError(failed, 'not_found')).toBe(true);
    const absent = await commands.openPath(path.join(dir, 'absent')).catch((e: unknown) => e);
    expect(isAppError(absent, 'not_found')).toBe(true);
  });

  it('never hands a file to shell.openPath (it would run it)', async () => {
    const dir = await temp.make('odm-open-');
    await writeFile(path.join(dir, 'payload.sh'), '#!/bin/sh\n');
    electron.shell.openPath.mockClear();
    const refused = await commands.openPath(path.join(dir, 'payload.sh')).catch((e: unknown) => e);
    expect(isAppError(refused, 'access_denied')).toBe(true);
    expect(electron.shell.openPath).not.toHaveBeenCalled();
  });
});
