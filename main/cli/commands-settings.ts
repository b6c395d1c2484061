/** `settings get [--json]` and `settings set KEY VALUE`: the preferences the app's Settings page edits. */
import type { Command } from 'commander';
import { settingsSchema, type Settings } from '../../shared/model';
import { AppError } from '../core/errors';
import type { CliContext } from './program';
import { table } from './output';
import { withCore } from './node-core';

/** What `settings set` may change, by its CLI name (launch at login belongs to the desktop app). */
const settable = {
  'big-delete-files': { key: 'bigDeleteFiles', what: 'a whole number of files, 1 to 1000000' },
  'default-interval': { key: 'defaultIntervalMinutes', what: 'a whole number of minutes, 1 to 10080' },
  'parallel-downloads': { key: 'parallelDownloads', what: 'a whole number, 1 to 16' },
  'max-concurrent-runs': { key: 'maxConcurrentRuns', what: 'a whole number, 1 to 8' },
  notifications: { key: 'notifications', what: 'on or off' },
} as const satisfies Record<string, { key: keyof Settings; what: string }>;
type SettableName = keyof typeof settable;

/** Settings by their CLI name for `settings get` (launch at login is changed in the app only). */
const cliName: Record<string, string> = {
  ...Object.fromEntries(Object.entries(settable).map(([name, s]) => [s.key, name])),
  launchAtLogin: 'launch-at-login',
};

/** The value as the stored setting, checked by the same schema as the app's settings command. */
export function parseSetting(name: string, raw: string): Partial<Settings> {
  if (name === 'launch-at-login') {
    throw new AppError('bad_input', 'launch-at-login belongs to the desktop app: change it in its Settings page.');
  }
  if (!(name in settable)) {
    throw new AppError(
      'bad_input',
      `Unknown setting "${name}". Settings: ${Object.keys(settable).join(', ')}.`,
    );
  }
  const { key, what } = settable[name as SettableName];
  const text = raw.trim().toLowerCase();
  const value =
    key === 'notifications'
      ? ({ on: true, off: false } as Record<string, boolean>)[text]
      : /^\d+$/.test(text) // plain digits: Number() would also take "1e2" or "0x10"
        ? Number(text)
        : NaN;
  const parsed = settingsSchema.shape[key].safeParse(value);
  if (!parsed.success) throw new AppError('bad_input', `${name} must be ${what} (got "${raw}").`);
  return { [key]: parsed.data };
}

export function registerSettingsCommands(program: Command, cli: CliContext): void {
  const settings = program
    .command('settings')
    .description('preferences shared with the app (big-delete threshold, ...)');

  settings
    .command('get')
    .description('show the settings')
    .option('--json', 'machine-readable output (every setting)')
    .action((opts: { json?: boolean }) =>
      withCore(cli, { write: false }, async (core) => {
        const current = core.service.getState().settings;
        if (opts.json) return cli.out.json(current);
        cli.out.line(
          table(
            Object.entries(current).map(([key, value]) => [
              cliName[key] ?? key,
              typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value),
            ]),
          ),
        );
      }),
    );

  settings
    .command('set <name> <value>')
    .description(`change a setting: ${Object.keys(settable).join(', ')}`)
    .action((name: string, raw: string) => {
      const patch = parseSetting(name, raw); // bad input: exit 2 before the data dir is even opened
      return withCore(cli, { write: true }, async (core) => {
        const next = await core.service.handlers['settings:update'](patch);
        const key = Object.keys(patch)[0] as keyof Settings;
        const value = next[key];
        cli.out.line(
          `${name} is now ${typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)}.`,
        );
      });
    });
}
