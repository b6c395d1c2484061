/** `settings set NAME VALUE`: the names the CLI knows and the value checked by the app's settings schema. */
import { settingsSchema, type Settings } from '../../shared/model';
import { AppError } from '../core/errors';
import { parseRate } from '../../shared/sizes';

function rateOrNaN(raw: string): number {
  try {
    return parseRate(raw);
  } catch {
    return NaN;
  }
}

/** What `settings set` may change, by its CLI name (launch at login belongs to the desktop app). */
export const settable = {
  'big-delete-files': { key: 'bigDeleteFiles', what: 'a whole number of files, 1 to 1000000' },
  'default-interval': { key: 'defaultIntervalMinutes', what: 'a whole number of minutes, 1 to 10080' },
  'parallel-downloads': { key: 'parallelDownloads', what: 'a whole number, 1 to 16' },
  'max-concurrent-runs': { key: 'maxConcurrentRuns', what: 'a whole number, 1 to 8' },
  notifications: { key: 'notifications', what: 'on or off' },
  'live-changes': { key: 'liveChanges', what: 'on or off' },
  'download-limit': { key: 'downloadLimit', what: 'bytes per second for all downloads, e.g. 2MB/s or 500kB/s (0: unlimited)' },
  'pause-on-battery': { key: 'pauseOnBattery', what: 'on or off' },
  'pause-on-metered': { key: 'pauseOnMetered', what: 'on or off' },
} as const satisfies Record<string, { key: keyof Settings; what: string }>;
type SettableName = keyof typeof settable;

/** Settings by their CLI name for `settings get` (launch at login is changed in the app only). */
export const cliName: Record<string, string> = {
  ...Object.fromEntries(Object.entries(settable).map(([name, s]) => [s.key, name])),
  launchAtLogin: 'launch-at-login',
};

/** The settings that are switches: on or off. */
const switches = new Set<keyof Settings>(['notifications', 'liveChanges', 'pauseOnBattery', 'pauseOnMetered']);

/** The value as the stored setting, checked by the same schema as the app's settings command. */
export function parseSetting(name: string, raw: string): Partial<Settings> {
  if (name === 'launch-at-login') {
    throw new AppError('bad_input', 'launch-at-login belongs to the desktop app: change it in its Settings page.');
  }
  if (!(name in settable)) {
    throw new AppError('bad_input', `Unknown setting "${name}". Settings: ${Object.keys(settable).join(', ')}.`);
  }
  const { key, what } = settable[name as SettableName];
  const text = raw.trim().toLowerCase();
  const value = switches.has(key)
    ? ({ on: true, off: false } as Record<string, boolean>)[text]
    : key === 'downloadLimit'
      ? rateOrNaN(raw)
      : /^\d+$/.test(text) // plain digits: Number() would also take "1e2" or "0x10"
        ? Number(text)
        : NaN;
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (!parsed.success) throw new AppError('bad_input', `${name} must be ${what} (got "${raw}").`);
  return { [key]: parsed.data };
}
