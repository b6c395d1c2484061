/**
 * The app's PowerSource (core/ports.ts): what the OS says about power and the connection, for the power policy.
 * - On battery: Electron's powerMonitor (`isOnBatteryPower()`, 'on-battery' / 'on-ac'), every platform.
 * - Battery level: Electron has no API for it in main. On Linux the kernel publishes it in
 *   /sys/class/power_supply/<battery>/capacity, read while on battery (at the switch, then every minute); elsewhere
 *   it is unknown (null) and the policy treats an unknown level on battery as low.
 * - Metered: Electron has no API on any OS. On Linux NetworkManager knows (metered-linux.ts, read every minute);
 *   elsewhere unknown (null), which never pauses.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Clock, PowerSource, TimerHandle } from '../core/ports';
import { systemClock } from '../core/ports';
import type { PowerFacts } from '../core/power/power-policy';

/** The part of Electron's powerMonitor we use. */
export interface PowerMonitorLike {
  isOnBatteryPower(): boolean;
  on(event: 'on-battery' | 'on-ac', listener: () => void): unknown;
  off(event: 'on-battery' | 'on-ac', listener: () => void): unknown;
}

export interface PowerSourceOptions {
  monitor: PowerMonitorLike;
  /** The battery level, 0..100, or null when the OS does not say (default: Linux sysfs, else null). */
  readBatteryPercent?: () => Promise<number | null>;
  clock?: Clock;
  /** How often the level is read again while on battery (default one minute). */
  levelEveryMs?: number;
  /** Is the connection metered? null: unknown (default: never asked, unknown). */
  readMetered?: () => Promise<boolean | null>;
  /** How often it is asked (default one minute). */
  meteredEveryMs?: number;
}

export function createPowerSource(o: PowerSourceOptions): PowerSource & { stop(): void } {
  const clock = o.clock ?? systemClock;
  const readLevel = o.readBatteryPercent ?? (() => Promise.resolve(null));
  const levelEveryMs = o.levelEveryMs ?? 60_000;
  const listeners = new Set<() => void>();
  let facts: PowerFacts = { onBattery: o.monitor.isOnBatteryPower(), batteryPercent: null, metered: null };
  let timer: TimerHandle | null = null;
  let meteredTimer: TimerHandle | null = null;
  let stopped = false;

  const set = (next: PowerFacts) => {
    if (next.onBattery === facts.onBattery && next.batteryPercent === facts.batteryPercent && next.metered === facts.metered)
      return;
    facts = next;
    for (const l of listeners) l();
  };

  const refreshLevel = async () => {
    if (timer) clock.clearTimeout(timer);
    timer = null;
    if (stopped || !facts.onBattery) return;
    const level = await readLevel().catch(() => null);
    if (stopped || !facts.onBattery) return;
    set({ ...facts, batteryPercent: level });
    if (level !== null) timer = clock.setTimeout(() => void refreshLevel(), levelEveryMs);
  };

  const refreshMetered = async () => {
    meteredTimer = null;
    if (stopped || !o.readMetered) return;
    const metered = await o.readMetered().catch(() => null);
    if (stopped) return;
    set({ ...facts, metered });
    meteredTimer = clock.setTimeout(() => void refreshMetered(), o.meteredEveryMs ?? 60_000);
  };

  const onBattery = () => {
    set({ ...facts, onBattery: true });
    void refreshLevel();
  };
  const onAc = () => {
    if (timer) clock.clearTimeout(timer);
    timer = null;
    set({ ...facts, onBattery: false });
  };
  o.monitor.on('on-battery', onBattery);
  o.monitor.on('on-ac', onAc);
  void refreshLevel();
  void refreshMetered();

  return {
    read: () => facts,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      if (timer) clock.clearTimeout(timer);
      if (meteredTimer) clock.clearTimeout(meteredTimer);
      o.monitor.off('on-battery', onBattery);
      o.monitor.off('on-ac', onAc);
      listeners.clear();
    },
  };
}

/**
 * Linux: the lowest capacity among the batteries the kernel lists (type "Battery", scope not "Device", so a
 * mouse's battery does not count); null when there is none or it cannot be read.
 */
export async function readLinuxBatteryPercent(root = '/sys/class/power_supply'): Promise<number | null> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return null;
  }
  let lowest: number | null = null;
  for (const name of names) {
    const dir = path.join(root, name);
    const type = await readFile(path.join(dir, 'type'), 'utf8').catch(() => '');
    if (type.trim() !== 'Battery') continue;
    const scope = await readFile(path.join(dir, 'scope'), 'utf8').catch(() => '');
    if (scope.trim() === 'Device') continue;
    const level = Number((await readFile(path.join(dir, 'capacity'), 'utf8').catch(() => '')).trim());
    if (!Number.isFinite(level) || level < 0 || level > 100) continue;
    lowest = lowest === null ? level : Math.min(lowest, level);
  }
  return lowest;
}
