/** Pure: the settings form as typed text, checked against the contract's ranges, to a minimal patch. */
import type { CommandInput } from '../../../../shared/ipc';
import { BIG_DELETE_FILES_MAX } from '../../../../shared/limits';
import type { Settings } from '../../../../shared/model';
import { formatSize, parseRate } from '../../../../shared/sizes';

export type NumberField = 'defaultIntervalMinutes' | 'parallelDownloads' | 'maxConcurrentRuns' | 'bigDeleteFiles';

/** The on/off settings, in the order the page shows them. */
export const switchFields = ['launchAtLogin', 'notifications', 'liveChanges', 'pauseOnBattery', 'pauseOnMetered'] as const;
export type SwitchField = (typeof switchFields)[number];

export interface SettingsFormValues extends Record<SwitchField, boolean> {
  numbers: Record<NumberField, string>;
  /** The global download limit as typed: `2 MB/s`, `500kB/s`, `0` (unlimited). */
  downloadLimit: string;
}

/** The limit as the form shows it. */
export function downloadLimitText(bytesPerSecond: number): string {
  return bytesPerSecond === 0 ? '0' : `${formatSize(bytesPerSecond)}/s`;
}

const ranges: Record<NumberField, { min: number; max: number; integer: boolean; what: string }> = {
  defaultIntervalMinutes: { min: 1, max: 10080, integer: true, what: 'whole minutes' },
  parallelDownloads: { min: 1, max: 16, integer: true, what: 'a whole number' },
  maxConcurrentRuns: { min: 1, max: 8, integer: true, what: 'a whole number' },
  bigDeleteFiles: { min: 1, max: BIG_DELETE_FILES_MAX, integer: true, what: 'a whole number of files' },
};

export function settingsForm(settings: Settings): SettingsFormValues {
  const numbers = {} as Record<NumberField, string>;
  for (const key of Object.keys(ranges) as NumberField[]) numbers[key] = String(settings[key]);
  const switches = {} as Record<SwitchField, boolean>;
  for (const key of switchFields) switches[key] = settings[key];
  return {
    ...switches,
    numbers,
    downloadLimit: downloadLimitText(settings.downloadLimit),
  };
}

export function validateSettingsForm(
  values: SettingsFormValues,
  current: Settings,
): { errors: Partial<Record<NumberField | 'downloadLimit', string>>; patch: CommandInput<'settings:update'> | null } {
  const errors: Partial<Record<NumberField | 'downloadLimit', string>> = {};
  const patch: Partial<Settings> = {};
  for (const key of Object.keys(ranges) as NumberField[]) {
    const { min, max, integer, what } = ranges[key];
    const text = values.numbers[key].trim();
    const n = Number(text);
    if (text === '' || !Number.isFinite(n) || (integer && !Number.isInteger(n)) || n < min || n > max) {
      errors[key] = `Enter ${what} from ${min} to ${max}.`;
    } else if (n !== current[key]) {
      patch[key] = n;
    }
  }
  // The shown text is rounded (`1.57 MB/s`): only a text the user changed is a new limit.
  const limit = values.downloadLimit.trim();
  if (limit !== downloadLimitText(current.downloadLimit)) {
    let n = NaN;
    try {
      n = parseRate(limit);
    } catch {
      // reported below
    }
    if (!Number.isSafeInteger(n) || (n !== 0 && n < 10_000)) {
      errors.downloadLimit = 'Enter a rate such as 2 MB/s or 500 kB/s (at least 10 kB/s), or 0 for no limit.';
    } else if (n !== current.downloadLimit) {
      patch.downloadLimit = n;
    }
  }
  for (const key of switchFields) if (values[key] !== current[key]) patch[key] = values[key];
  return { errors, patch: Object.keys(errors).length > 0 ? null : patch };
}
