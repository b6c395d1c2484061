import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../core/testing/fake-clock';
import { useTempDirs } from '../core/testing/temp-dirs';
import { createPowerSource, readLinuxBatteryPercent, type PowerMonitorLike } from './power-source';
import { parseMetered, readNetworkManagerMetered } from './metered-linux';

const temp = useTempDirs();

function fakeMonitor(onBattery: boolean) {
  const listeners = new Map<string, Set<() => void>>();
  const monitor: PowerMonitorLike & { emit(e: 'on-battery' | 'on-ac'): void; count(): number } = {
    isOnBatteryPower: () => onBattery,
    on: (e, l) => (listeners.get(e) ?? listeners.set(e, new Set()).get(e)!).add(l),
    off: (e, l) => listeners.get(e)?.delete(l),
    emit: (e) => listeners.get(e)?.forEach((l) => l()),
    count: () => [...listeners.values()].reduce((n, s) => n + s.size, 0),
  };
  return monitor;
}

describe('the app power source', () => {
  it('follows on-battery / on-ac, reads the level while on battery, and reports metered as unknown', async () => {
    const clock = createFakeClock(0);
    const monitor = fakeMonitor(false);
    let level = 50;
    let reads = 0;
    const source = createPowerSource({ monitor, clock, readBatteryPercent: async () => (reads++, level), levelEveryMs: 60_000 });
    let changes = 0;
    source.onChange(() => changes++);
    await clock.flush();
    expect(source.read()).toEqual({ onBattery: false, batteryPercent: null, metered: null });
    expect(reads).toBe(0); // on mains power the level is not read

    monitor.emit('on-battery');
    await clock.flush();
    expect(source.read()).toEqual({ onBattery: true, batteryPercent: 50, metered: null });
    level = 19;
    await clock.advance(60_000);
    expect(source.read().batteryPercent).toBe(19);
    expect(changes).toBe(3);

    monitor.emit('on-ac');
    await clock.advance(10 * 60_000);
    expect(source.read().onBattery).toBe(false);
    expect(reads).toBe(2); // no polling on mains power
    source.stop();
    expect(monitor.count()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('reads the lowest system battery level from sysfs, ignoring device batteries and the mains supply', async () => {
    const root = await temp.make('odm-power-');
    const supply = async (name: string, files: Record<string, string>) => {
      await mkdir(path.join(root, name));
      for (const [f, v] of Object.entries(files)) await writeFile(path.join(root, name, f), `${v}\n`);
    };
    expect(await readLinuxBatteryPercent(root)).toBeNull();
    await supply('AC', { type: 'Mains', online: '0' });
    await supply('hidpp_battery_0', { type: 'Battery', scope: 'Device', capacity: '5' });
    expect(await readLinuxBatteryPercent(root)).toBeNull();
    await supply('BAT0', { type: 'Battery', capacity: '64' });
    await supply('BAT1', { type: 'Battery', scope: 'System', capacity: '18' });
    expect(await readLinuxBatteryPercent(root)).toBe(18);
    expect(await readLinuxBatteryPercent(path.join(root, 'missing'))).toBeNull();
  });

  it('asks whether the connection is metered every minute, when it has a way to', async () => {
    const clock = createFakeClock(0);
    let metered: boolean | null = false;
    const source = createPowerSource({ monitor: fakeMonitor(false), clock, readMetered: async () => metered });
    await clock.flush();
    expect(source.read().metered).toBe(false);
    metered = true;
    await clock.advance(60_000);
    expect(source.read().metered).toBe(true);
    source.stop();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("reads NetworkManager's Metered property through busctl; anything else is unknown", async () => {
    expect([0, 1, 2, 3, 4, 9].map((n) => parseMetered(`u ${n}\n`))).toEqual([null, true, false, true, false, null]);
    expect(parseMetered('Failed to get property Metered')).toBeNull();
    const asked: string[][] = [];
    expect(await readNetworkManagerMetered(async (file, args) => (asked.push([file, ...args]), 'u 3\n'))).toBe(true);
    expect(asked[0]).toEqual([
      'busctl',
      '--system',
      'get-property',
      'org.freedesktop.NetworkManager',
      '/org/freedesktop/NetworkManager',
      'org.freedesktop.NetworkManager',
      'Metered',
    ]);
    expect(await readNetworkManagerMetered(async () => Promise.reject(new Error('ENOENT')))).toBeNull();
  });
});
