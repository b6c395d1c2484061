import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { isAppError } from '../core/errors';
import { openFolderSafely } from './open-folder';
import { useTempDirs } from '../core/testing/temp-dirs';

const temp = useTempDirs();

async function tmp() {
  return realpath(await temp.make('odm-openfolder-'));
}

describe('openFolderSafely', () => {
  it('opens a directory (through a symlink, the real one)', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'Mirror'));
    await symlink(path.join(dir, 'Mirror'), path.join(dir, 'link'));
    const openPath = vi.fn(async () => '');
    await openFolderSafely(path.join(dir, 'link'), { platform: 'linux', openPath });
    expect(openPath).toHaveBeenCalledWith(path.join(dir, 'Mirror'));
  });

  it('refuses a file, or a symlink to one: shell.openPath would run it', async () => {
    const dir = await tmp();
    await writeFile(path.join(dir, 'run.exe'), 'MZ');
    await symlink(path.join(dir, 'run.exe'), path.join(dir, 'looks-like-a-folder'));
    const openPath = vi.fn(async () => '');
    for (const target of ['run.exe', 'looks-like-a-folder']) {
      const e = await openFolderSafely(path.join(dir, target), { platform: 'win32', openPath }).catch((x: unknown) => x);
      expect(isAppError(e, 'access_denied')).toBe(true);
    }
    expect(openPath).not.toHaveBeenCalled();
  });

  it('on macOS refuses an application bundle and anything inside one', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'Evil.app', 'Contents'), { recursive: true });
    const openPath = vi.fn(async () => '');
    for (const target of ['Evil.app', 'Evil.app/Contents']) {
      const e = await openFolderSafely(path.join(dir, target), { platform: 'darwin', openPath }).catch((x: unknown) => x);
      expect(isAppError(e, 'access_denied')).toBe(true);
    }
    expect(openPath).not.toHaveBeenCalled();
  });

  it('a missing folder is not_found', async () => {
    const e = await openFolderSafely(path.join(await tmp(), 'gone'), {
      platform: 'linux',
      openPath: async () => '',
    }).catch((x: unknown) => x);
    expect(isAppError(e, 'not_found')).toBe(true);
  });
});
