/** `run`: the scheduler in the foreground, one log line per run, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import type { CliContext } from './program';
import { withCore } from './lazy-core';

export function registerRunCommand(program: Command, cli: CliContext): void {
  program
    .command('run')
    .description('run the scheduler in the foreground until SIGINT/SIGTERM')
    .action(() =>
      withCore(cli, { write: true, schedule: true }, async (core) => {
        const syncs = () => core.service.getState().syncs;
        const offRun = core.onRunEnd((id, outcome) => {
          const s = syncs().find((x) => x.id === id);
          const when = new Date().toISOString();
          cli.out.line(
            `${when} ${outcome.ok ? 'ok  ' : 'FAIL'} ${s?.itemPath ?? id} -> ${s?.localPath ?? '?'}${outcome.ok ? '' : `: ${s?.errorMessage ?? outcome.code}`}`,
          );
        });
        core.service.start();
        const active = syncs().filter((s) => s.status === 'active').length;
        cli.out.line(`Scheduler running with ${active} active sync(s). Stop with Ctrl+C.`);
        // The scheduler's timers do not keep Node alive (the app must be able to quit): this handle does.
        const keepAlive = setInterval(() => {}, 1 << 30);
        await new Promise<void>((resolve) => {
          const stop = (signal: string) => {
            cli.out.line(`${signal}: stopping after the current file...`);
            process.off('SIGINT', onInt);
            process.off('SIGTERM', onTerm);
            resolve();
          };
          const onInt = () => stop('SIGINT');
          const onTerm = () => stop('SIGTERM');
          process.on('SIGINT', onInt);
          process.on('SIGTERM', onTerm);
        });
        clearInterval(keepAlive);
        offRun();
        // withCore's shutdown stops the scheduler cleanly and flushes the store.
      }),
    );
}
