import { describe, expect, it } from 'vitest';
import { defaultDataDir } from './data-dir';

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
