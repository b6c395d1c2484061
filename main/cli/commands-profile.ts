/** `profile add|login|list|logout`. */
import type { Command } from 'commander';
import { AppError } from '../core/errors';
import type { CliContext } from './program';
import { table } from './output';
import { withCore } from './lazy-core';
import { canOpenBrowser } from './browser-opener';

export function registerProfileCommands(program: Command, cli: CliContext): void {
  const profile = program.command('profile').description('local profiles, each signed in to one Microsoft account');

  profile
    .command('add <name>')
    .description('create a local profile')
    .action((name: string) =>
      withCore(cli, { write: true }, async (core) => {
        const p = await core.call('profile:add', { name });
        cli.out.line(`Added profile "${p.name}" (${p.id}). Next: onedrive-mirror profile login ${quote(p.name)}`);
      }),
    );

  profile
    .command('login <name>')
    .description('sign the profile in to Microsoft (system browser, or --device-code)')
    .option('--device-code', 'sign in on another device with a code (servers, SSH)')
    .action((name: string, opts: { deviceCode?: boolean }) =>
      withCore(cli, { write: true, tokens: true }, async (core) => {
        // Ctrl+C quits at once (withCore releases the lock): nothing is stored until the sign-in completes.
        const p = core.service.findProfile(name); // by name: the contract takes ids
        const useDeviceCode = opts.deviceCode || !canOpenBrowser(cli.env);
        if (useDeviceCode && !opts.deviceCode) cli.out.line('No browser here: using a device code.');
        const done = useDeviceCode
          ? // Not in the contract: the app signs in through the browser only; the code goes to the terminal.
            await core.service.profiles.connectWithDeviceCode(p.id, (message) => cli.out.line(message))
          : await core.call('profile:connect', { id: p.id });
        cli.out.line(
          `Signed in as ${done.account?.username} (${done.drive?.driveType ?? 'unknown'} drive). Profile "${done.name}" is connected.`,
        );
        // Signing out paused the profile's syncs; signing in again does not resume them on its own (the user
        // paused some on purpose, perhaps): say so, with the command for each.
        const { syncs } = await core.call('app:getState', {});
        const paused = syncs.filter((s) => s.profileId === done.id && s.status === 'inactive');
        if (paused.length > 0) {
          cli.out.line(`${paused.length} sync(s) of this profile are still paused. Resume each to sync again:`);
          for (const s of paused) cli.out.line(`  onedrive-mirror sync resume ${s.id}    (${s.itemPath} -> ${s.localPath})`);
        }
      }),
    );

  profile
    .command('list')
    .description('list profiles and their sign-in state')
    .option('--json', 'machine-readable output')
    .action((opts: { json?: boolean }) =>
      withCore(cli, { write: false }, async (core) => {
        const { profiles } = await core.call('app:getState', {});
        if (opts.json) {
          cli.out.json(
            profiles.map((p) => ({
              id: p.id,
              name: p.name,
              authState: p.authState,
              username: p.account?.username ?? null,
              tenantId: p.account?.tenantId ?? null,
              driveId: p.drive?.id ?? null,
              driveType: p.drive?.driveType ?? null,
            })),
          );
          return;
        }
        if (profiles.length === 0) return cli.out.line('No profiles yet. Add one: onedrive-mirror profile add NAME');
        cli.out.line(
          table([
            ['NAME', 'STATE', 'ACCOUNT', 'DRIVE'],
            ...profiles.map((p) => [p.name, p.authState, p.account?.username ?? '-', p.drive?.driveType ?? '-']),
          ]),
        );
      }),
    );

  profile
    .command('logout <name>')
    .description("sign out: forget the tokens; the profile's syncs are paused")
    .action((name: string) =>
      withCore(cli, { write: true }, async (core) => {
        const p = core.service.findProfile(name); // by name: the contract takes ids
        if (p.authState === 'signed_out' && !p.account) throw new AppError('bad_input', `"${p.name}" is not signed in.`);
        await core.call('profile:signOut', { id: p.id });
        cli.out.line(
          `Signed out "${p.name}". Its tokens are deleted; its syncs are paused. To sync again: onedrive-mirror profile login ${quote(p.name)}, then onedrive-mirror sync resume ID for each (onedrive-mirror sync list).`,
        );
      }),
    );
}

function quote(s: string): string {
  return /^[\w.-]+$/.test(s) ? s : JSON.stringify(s);
}
