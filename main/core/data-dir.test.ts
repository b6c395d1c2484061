import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultDataDir, ensurePrivateDir, ensurePrivateDirSync } from './data-dir';

describe('defaultDataDir', () => {
  it('matches Electron userData on each platform so the app and the CLI share one store', () => {
    expect(defaultDataDir({}, 'linux', '/home/ann')).toBe('/home/ann/.config/OneDrive Mirror');
    expect(defaultDataDir({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/ann')).toBe('/x/OneDrive Mirror');
    expect(defaultDataDir({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Application Support/OneDrive Mirror');
    expect(defaultDataDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toContain(
      'OneDrive Mirror',
    );
  });

  it('honours ONEDRIVE_MIRROR_DATA_DIR', () => {
    expect(defaultDataDir({ ONEDRIVE_MIRROR_DATA_DIR: '/tmp/odm' }, 'linux', '/home/ann')).toBe('/tmp/odm');
  });
});

describe('ensurePrivateDir', () => {
  let base = '';
  beforeEach(async () => {
    base = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-private-'));
  });
  afterEach(async () => {
    await fs.rm(base, { recursive: true, force: true });
  });
  const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;

  it.skipIf(process.platform === 'win32')(
    '(POSIX modes; Windows has none) creates the folder and its missing parents 0700',
    async () => {
      const dir = path.join(base, 'data', 'state');
      await ensurePrivateDir(dir);
      expect(await mode(dir)).toBe(0o700);
      expect(await mode(path.join(base, 'data'))).toBe(0o700);
      ensurePrivateDirSync(path.join(base, 'data', 'logs'));
      expect(await mode(path.join(base, 'data', 'logs'))).toBe(0o700);
    },
  );

  it.skipIf(process.platform === 'win32')(
    '(POSIX modes; Windows has none) makes a folder an earlier version created 0755 private',
    async () => {
      const dir = path.join(base, 'data');
      await fs.mkdir(dir, { mode: 0o755 });
      await fs.chmod(dir, 0o755);
      await ensurePrivateDir(dir);
      expect(await mode(dir)).toBe(0o700);
      await fs.chmod(dir, 0o755);
      ensurePrivateDirSync(dir);
      expect(await mode(dir)).toBe(0o700);
    },
  );
});
