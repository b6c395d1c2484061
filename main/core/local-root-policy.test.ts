import { describe, expect, it } from 'vitest';
import { checkLocalRoot, type LocalRootContext } from './local-root-policy';

const linux: LocalRootContext = {
  home: '/home/ann',
  dataDir: '/home/ann/.config/OneDrive Mirror',
  platform: 'linux',
  env: {},
};
const mac: LocalRootContext = {
  home: '/Users/ann',
  dataDir: '/Users/ann/Library/Application Support/OneDrive Mirror',
  platform: 'darwin',
  env: {},
};
const win: LocalRootContext = {
  home: 'C:\\Users\\ann',
  dataDir: 'C:\\Users\\ann\\AppData\\Roaming\\OneDrive Mirror',
  platform: 'win32',
  env: {
    APPDATA: 'C:\\Users\\ann\\AppData\\Roaming',
    ProgramData: 'C:\\ProgramData',
    SystemRoot: 'C:\\Windows',
    ProgramFiles: 'C:\\Program Files',
  },
};

describe('checkLocalRoot', () => {
  it.each([
    [linux, '/home/ann/OneDrive/Docs'],
    [linux, '/home/ann/.config-backup/x'],
    [linux, '/mnt/data/mirror'],
    [linux, '/tmp/odm-test/mirror'],
    [linux, '/home/ann/binaries'],
    [mac, '/Users/ann/Documents/Mirror'],
    [mac, '/Volumes/Disk/Mirror'],
    [win, 'C:\\Users\\ann\\Documents\\Mirror'],
    [win, 'D:\\Mirror'],
  ])('allows %s', (ctx, p) => {
    expect(checkLocalRoot(p, ctx)).toEqual({ ok: true });
  });

  it.each([
    [linux, 'relative/dir', 'absolute'],
    [linux, '/', 'whole disk'],
    [linux, '/home/ann', 'home folder itself'],
    [linux, '/home/ann/', 'home folder itself'],
    [linux, '/home', 'contain your home'],
    [linux, '/home/ann/.config/OneDrive Mirror', 'data folder'],
    [linux, '/home/ann/.config/OneDrive Mirror/state', 'data folder'],
    [linux, '/home/ann/.config', 'data folder'],
    [linux, '/home/ann/.ssh', '.ssh'],
    [linux, '/home/ann/.ssh/keys', '.ssh'],
    [linux, '/home/ann/.gnupg', '.gnupg'],
    [linux, '/home/ann/.aws', '.aws'],
    [linux, '/home/ann/.kube', '.kube'],
    [linux, '/home/ann/.config/autostart', 'autostart'],
    [linux, '/home/ann/.config/systemd/user', 'systemd'],
    [linux, '/home/ann/.local', '.local/bin'],
    [linux, '/home/ann/.local/bin', '.local/bin'],
    [linux, '/home/ann/bin', 'bin'],
    [linux, '/etc', '/etc'],
    [linux, '/etc/cron.d', '/etc'],
    [linux, '/usr/local/bin', '/usr'],
    [mac, '/Users/ann/Library/LaunchAgents', 'LaunchAgents'],
    [mac, '/Users/ann/library/launchagents', 'LaunchAgents'],
    [mac, '/Users/ann/Library', 'data folder'],
    [mac, '/Library/LaunchDaemons', 'LaunchDaemons'],
    [mac, '/Library', 'LaunchAgents'],
    [mac, '/Applications/Foo', 'Applications'],
    [mac, '/Users/ann/Tools/Evil.app', 'application bundle'],
    [mac, '/Users/ann/Tools/Evil.app/Contents/MacOS', 'application bundle'],
    [win, 'C:\\', 'whole disk'],
    [win, 'C:\\Users\\ann', 'home folder itself'],
    [win, 'c:\\users\\ANN', 'home folder itself'],
    [win, 'C:\\Users', 'contain your home'],
    [win, 'C:\\Users\\ann\\.ssh', '.ssh'],
    [win, 'C:\\Users\\ann\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu\\Programs\\Startup', 'Startup'],
    [win, 'C:\\Users\\ann\\AppData\\Roaming\\Microsoft\\Windows\\Start Menu', 'Startup'],
    [win, 'C:\\ProgramData\\Microsoft\\Windows\\Start Menu\\Programs\\Startup', 'Startup'],
    [win, 'C:\\Windows\\System32', 'Windows'],
    [win, 'C:\\Program Files\\Foo', 'Program Files'],
  ])('refuses %s', (ctx, p, why) => {
    const r = checkLocalRoot(p, ctx);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.reason).toContain(why);
  });

  it('is case-sensitive on Linux: another folder, not ~/.ssh', () => {
    expect(checkLocalRoot('/home/ann/.SSH', linux)).toEqual({ ok: true });
  });
});
