/** `setup`: the app registration (client id, cloud) the CLI and the app use. Env variables override it. */
import type { Command } from 'commander';
import { AppError } from '../core/errors';
import type { CliContext } from './program';
import { withCore } from './lazy-core';

export function registerSetupCommand(program: Command, cli: CliContext): void {
  program
    .command('setup')
    .description('set the Microsoft Entra app registration (client id) and cloud')
    .requiredOption('--client-id <id>', 'Application (client) ID of your app registration')
    .option('--cloud <preset>', 'global | usgov | china | custom', 'global')
    .option('--tenant <tenant>', 'common | organizations | consumers | a tenant id', 'common')
    .option('--authority-host <url>', 'custom cloud: https authority host, e.g. https://login.example.com')
    .option('--graph-url <url>', 'custom cloud: Graph base URL, e.g. https://graph.example.com/v1.0')
    .action((opts: { clientId: string; cloud: string; tenant: string; authorityHost?: string; graphUrl?: string }) =>
      withCore(cli, { write: true }, async (core) => {
        const preset = opts.cloud;
        if (!['global', 'usgov', 'china', 'custom'].includes(preset)) {
          throw new AppError('bad_input', `Unknown cloud "${preset}": use global, usgov, china or custom.`);
        }
        await core.service.handlers['cloud:update']({
          clientId: opts.clientId,
          preset: preset as 'global',
          tenant: opts.tenant,
          authorityHost: opts.authorityHost ?? null,
          graphUrl: opts.graphUrl ?? null,
        });
        cli.out.line(`Saved the app registration (${preset} cloud, tenant ${opts.tenant}).`);
      }),
    );
}
