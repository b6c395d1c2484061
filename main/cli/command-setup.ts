/**
 * `setup`: the app registration (client id, cloud) the CLI and the app use. Env variables override it.
 * A change of client id, authority or Graph URL signs every profile out; that needs `--yes`, or "y" on a terminal.
 * Without --client-id it uses the build's default app registration, if the build has one. The input is checked with
 * the IPC contract's schema, so the CLI refuses what the app refuses (a client id that is not a GUID).
 */
import type { Command } from 'commander';
import type { CloudPreset } from '../../shared/model';
import { AppError, isAppError } from '../core/errors';
import { createCliConfirmer } from './cli-confirmer';
import type { CliContext } from './program';
import { withCore } from './lazy-core';

interface SetupOptions {
  clientId?: string;
  cloud: string;
  tenant: string;
  authorityHost?: string;
  graphUrl?: string;
  yes?: boolean;
}

const presets: readonly CloudPreset[] = ['global', 'usgov', 'china', 'custom'];

export function registerSetupCommand(program: Command, cli: CliContext): void {
  program
    .command('setup')
    .description('set the Microsoft Entra app registration (client id) and cloud')
    .option('--client-id <id>', 'Application (client) ID of your app registration (default: the one built in, if any)')
    .option('--cloud <preset>', 'global | usgov | china | custom', 'global')
    .option('--tenant <tenant>', 'common | organizations | consumers | a tenant id', 'common')
    .option('--authority-host <url>', 'custom cloud: https authority host, e.g. https://login.example.com')
    .option('--graph-url <url>', 'custom cloud: Graph base URL, e.g. https://graph.example.com/v1.0')
    .option('--yes', 'go ahead when the change signs profiles out (they must reconnect)')
    .action((opts: SetupOptions) => {
      const confirmer = createCliConfirmer({
        yes: Boolean(opts.yes),
        interactive: Boolean(process.stdin.isTTY),
        out: cli.out,
      });
      return withCore(cli, { write: true, confirmer }, async (core) => {
        const preset = opts.cloud as CloudPreset;
        if (!presets.includes(preset)) {
          throw new AppError('bad_input', `Unknown cloud "${opts.cloud}": use global, usgov, china or custom.`);
        }
        const { commands } = await import('../../shared/ipc'); // zod: loaded only when setup runs
        const parsed = commands['cloud:update'].input.safeParse({
          clientId: opts.clientId ?? '',
          preset,
          tenant: opts.tenant,
          authorityHost: opts.authorityHost ?? null,
          graphUrl: opts.graphUrl ?? null,
        });
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const option = {
            clientId: '--client-id',
            tenant: '--tenant',
            authorityHost: '--authority-host',
            graphUrl: '--graph-url',
          }[String(issue.path[0])];
          throw new AppError('bad_input', option ? `${option}: ${issue.message}` : issue.message);
        }
        const cloudOptions = opts.cloud !== 'global' || opts.tenant !== 'common' || opts.authorityHost || opts.graphUrl;
        if (!parsed.data.clientId && cloudOptions) {
          throw new AppError('bad_input', '--cloud, --tenant, --authority-host and --graph-url go with your own --client-id ID.');
        }
        if (!parsed.data.clientId && !(await core.call('app:getState', {})).builtInRegistration) {
          throw new AppError(
            'bad_input',
            'setup needs --client-id ID (the Application (client) ID of your app registration): this build has no default one.',
          );
        }
        // Not cloud:update: the CLI says which profiles were signed out (the contract answers null), and the user who
        // typed the hosts confirms only sign-outs ({ fromRenderer: false }); the input is the contract's all the same.
        const done = await core.service.cloud
          .update(parsed.data, { fromRenderer: false })
          // Answering "no" at the prompt is a choice that was carried out, not a failure: exit 0.
          .catch((e: unknown) => {
            if (isAppError(e, 'cancelled')) return null;
            throw e;
          });
        if (!done) return cli.out.line('Nothing was changed.');
        const { signedOut } = done;
        cli.out.line(
          parsed.data.clientId
            ? `Saved the app registration (${preset} cloud, tenant ${opts.tenant}).`
            : "Using this build's default app registration.",
        );
        if (signedOut.length > 0) {
          cli.out.line(
            `Signed out ${signedOut.length} profile(s): ${signedOut.join(', ')}. Sign each in again: onedrive-mirror profile login NAME`,
          );
        }
      });
    });
}
