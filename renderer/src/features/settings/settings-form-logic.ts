/** Pure: the settings form as typed text, checked against the contract's ranges, to a minimal patch. */
import type { CommandInput } from '../../../../shared/ipc';
import { BIG_DELETE_FILES_MAX } from '../../../../shared/limits';
import type { Settings } from '../../../../shared/model';

export type NumberField = 'defaultIntervalMinutes' | 'parallelDownloads' | 'maxConcurrentRuns' | 'bigDeleteFiles';

export interface SettingsFormValues {
  launchAtLogin: boolean;
  notifications: boolean;
  liveChanges: boolean;
  numbers: Record<NumberField, string>;
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
  return {
    launchAtLogin: settings.launchAtLogin,
    notifications: settings.notifications,
    liveChanges: settings.liveChanges,
    numbers,
  };
}

export function validateSettingsForm(
  values: SettingsFormValues,
  current: Settings,
): { errors: Partial<Record<NumberField, string>>; patch: CommandInput<'settings:update'> | null } {
  const errors: Partial<Record<NumberField, string>> = {};
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
  if (values.launchAtLogin !== current.launchAtLogin) patch.launchAtLogin = values.launchAtLogin;
  if (values.notifications !== current.notifications) patch.notifications = values.notifications;
  if (values.liveChanges !== current.liveChanges) patch.liveChanges = values.liveChanges;
  return { errors, patch: Object.keys(errors).length > 0 ? null : patch };
}
