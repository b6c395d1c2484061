/** `run`: the scheduler in the foreground, one log line per run, until SIGINT/SIGTERM. */
import type { Command } from 'commander';
import type { CliContext } from './program';
import { withCore } from './lazy-core';
import { liveText } from '../../shared/live-text';

export function registerRunCommand(program: Command, cli: CliContext): void {
  program
    .command('run')
    .description('run the scheduler in the foreground until SIGINT/SIGTERM')
    .action(() =>
      withCore(cli, { write: true, schedule: true, cancellable: true, tokens: true, engine: true }, async (core) => {
        cli.wording.retries = true; // the scheduler does retry here: the core's "will retry" is true
        const syncs = () => core.service.getState().syncs;
        const offRun = core.onRunEnd((id, outcome) => {
          const s = syncs().find((x) => x.id === id);
          const when = new Date().toISOString();
          cli.out.line(
            `${when} ${outcome.ok ? 'ok  ' : 'FAIL'} ${s?.itemPath ?? id} -> ${s?.localPath ?? '?'}${outcome.ok ? '' : `: ${s?.errorMessage ?? outcome.code}`}`,
          );
        });
        // One line whenever a sync goes live or falls back to its interval (and why).
        const lastLive = new Map<string, string>();
        const offState = core.service.on('state', (state) => {
          for (const s of state.syncs) {
            const text = liveText(s);
            if (text === null || lastLive.get(s.id) === text) continue;
            lastLive.set(s.id, text);
            cli.out.line(`${new Date().toISOString()} live ${s.itemPath}: ${text}`);
          }
        });
        core.service.start();
        const active = syncs().filter((s) => s.status === 'active').length;
        cli.out.line(`Scheduler running with ${active} active sync(s). Stop with Ctrl+C.`);
        // Until SIGINT/SIGTERM (withCore turns the first one into this abort); the entry keeps the process alive.
        await new Promise<void>((resolve) => core.interrupted.addEventListener('abort', () => resolve(), { once: true }));
        offRun();
        offState();
        // withCore's shutdown stops the scheduler cleanly (runs in flight are cancelled) and flushes the store.
      }),
    );
}
