/** `settings get [--json]` and `settings set KEY VALUE`: the preferences the app's Settings page edits. */
import type { Command } from 'commander';
import type { Settings } from '../../shared/model';
import type { CliContext } from './program';
import { table } from './output';
import { withCore } from './lazy-core';

/** The CLI names of the settings, for --help without loading the schema (zod) that checks the values. */
const SETTABLE_NAMES =
  'big-delete-files, default-interval, parallel-downloads, max-concurrent-runs, notifications, live-changes, download-limit, pause-on-battery, pause-on-metered';

export function registerSettingsCommands(program: Command, cli: CliContext): void {
  const settings = program.command('settings').description('preferences shared with the app (big-delete threshold, ...)');

  settings
    .command('get')
    .description('show the settings')
    .option('--json', 'machine-readable output (every setting)')
    .action((opts: { json?: boolean }) =>
      withCore(cli, { write: false }, async (core) => {
        const { cliName } = await import('./settings-parse');
        const current = (await core.call('app:getState', {})).settings;
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
    .description(`change a setting: ${SETTABLE_NAMES}`)
    .action(async (name: string, raw: string) => {
      const { parseSetting } = await import('./settings-parse');
      const patch = parseSetting(name, raw); // bad input: exit 2 before the data dir is even opened
      return withCore(cli, { write: true }, async (core) => {
        const next = await core.call('settings:update', patch);
        const key = Object.keys(patch)[0] as keyof Settings;
        const value = next[key];
        cli.out.line(`${name} is now ${typeof value === 'boolean' ? (value ? 'on' : 'off') : String(value)}.`);
      });
    });
}
