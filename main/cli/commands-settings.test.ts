import { describe, expect, it } from 'vitest';
import { isAppError } from '../core/errors';
import { parseSetting, settable } from './settings-parse';

const refusal = (name: string, raw: string): string => {
  try {
    parseSetting(name, raw);
  } catch (e) {
    if (isAppError(e, 'bad_input')) return e.message;
  }
  return 'accepted';
};

describe('settings set', () => {
  it('takes the big-delete file count as a whole number from 1 to 1,000,000', () => {
    expect(parseSetting('big-delete-files', '1')).toEqual({ bigDeleteFiles: 1 });
    expect(parseSetting('big-delete-files', ' 1000000 ')).toEqual({ bigDeleteFiles: 1_000_000 });
    for (const raw of ['0', '-3', '2.5', '1000001', '', 'lots', '1e2', '0x10', '+5']) {
      expect(refusal('big-delete-files', raw)).toBe(
        `big-delete-files must be a whole number of files, 1 to 1000000 (got "${raw}").`,
      );
    }
  });

  it('takes the other settings in their ranges, and names the settings it knows', () => {
    expect(parseSetting('parallel-downloads', '8')).toEqual({ parallelDownloads: 8 });
    expect(parseSetting('notifications', 'OFF')).toEqual({ notifications: false });
    expect(parseSetting('live-changes', 'off')).toEqual({ liveChanges: false });
    expect(parseSetting('live-changes', ' On ')).toEqual({ liveChanges: true });
    expect(parseSetting('pause-on-battery', 'off')).toEqual({ pauseOnBattery: false });
    expect(parseSetting('pause-on-metered', 'on')).toEqual({ pauseOnMetered: true });
    expect(() => parseSetting('pause-on-battery', 'yes')).toThrow(/pause-on-battery must be on or off/);
    expect(refusal('live-changes', 'yes')).toBe('live-changes must be on or off (got "yes").');
    expect(refusal('max-concurrent-runs', '9')).toMatch(/1 to 8/);
    expect(refusal('big-delete-percent', '50')).toMatch(/^Unknown setting "big-delete-percent"\. Settings: big-delete-files,/);
  });

  it('takes the download limit as a rate with units; 0 lifts it', () => {
    expect(parseSetting('download-limit', '2MB/s')).toEqual({ downloadLimit: 2_000_000 });
    expect(parseSetting('download-limit', '1.5MiB')).toEqual({ downloadLimit: 1.5 * 1024 ** 2 });
    expect(parseSetting('download-limit', '0')).toEqual({ downloadLimit: 0 });
    expect(refusal('download-limit', 'fast')).toMatch(/download-limit must be bytes per second for all downloads, e\.g\. 2MB\/s/);
    expect(refusal('download-limit', '-1MB')).toMatch(/must be bytes per second/);
  });

  it('says launch-at-login belongs to the app instead of calling it unknown', () => {
    expect(refusal('launch-at-login', 'on')).toMatch(/belongs to the desktop app/);
  });

  it('--help lists exactly the settable names', async () => {
    const { registerSettingsCommands } = await import('./commands-settings');
    const { Command } = await import('commander');
    const program = new Command();
    registerSettingsCommands(program, {} as never);
    const set = program.commands.find((c) => c.name() === 'settings')!.commands.find((c) => c.name() === 'set')!;
    expect(set.description()).toBe(`change a setting: ${Object.keys(settable).join(', ')}`);
  });
});
