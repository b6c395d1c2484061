/**
 * The `onedrive-mirror` command line (commander), per the CLI contract in docs/architecture.md.
 * Every command opens the core on the data dir, does one thing, flushes and exits with a contract exit code.
 */
import { Command, CommanderError } from 'commander';
import { defaultDataDir } from '../core/data-dir';
import { resolveUserPath } from './user-path';
import { isAppError } from '../core/errors';
import { EXIT_BAD_INPUT, EXIT_OK, exitCodeFor } from './exit-codes';
import { consoleOut, type Out } from './output';
import { forCli } from './cli-wording';
import { registerProfileCommands } from './commands-profile';
import { registerSyncCommands } from './commands-sync';
import { registerRunCommand } from './command-run';
import { registerSetupCommand } from './command-setup';
import { registerSettingsCommands } from './commands-settings';
import { registerBrowseCommand } from './command-browse';

export interface CliContext {
  out: Out;
  env: Record<string, string | undefined>;
  /** The data dir chosen by --data-dir, env or the platform default. */
  dataDir(): string;
  /** True when the user named the data dir (--data-dir or ONEDRIVE_MIRROR_DATA_DIR), not the platform default. */
  dataDirNamed(): boolean;
  setExitCode(code: number): void;
  /** Set by `run`, the one command that retries on its own (see cli-wording.ts). */
  wording: { retries: boolean };
}

export function buildProgram(
  ctx: Omit<CliContext, 'dataDir' | 'dataDirNamed' | 'wording'>,
  version: string,
): { program: Command; cli: CliContext } {
  const program = new Command('onedrive-mirror')
    .description('Mirror OneDrive folders and files one way into local folders.')
    .version(version)
    .option('--data-dir <dir>', 'where profiles, syncs and tokens are kept (env ONEDRIVE_MIRROR_DATA_DIR)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.out.line(s.trimEnd()), writeErr: (s) => ctx.out.error(s.trimEnd()) })
    .showHelpAfterError();
  const given = () => {
    const opt = program.opts<{ dataDir?: string }>().dataDir;
    return opt ? resolveUserPath(opt, ctx.env) : null;
  };
  const wording = { retries: false };
  // Every human-readable line names CLI commands and keeps the user's --data-dir in its hints; --json is data.
  const say = (text: string) => forCli(text, { dataDirArg: given(), retries: wording.retries });
  const cli: CliContext = {
    ...ctx,
    out: { line: (t) => ctx.out.line(say(t)), error: (t) => ctx.out.error(say(t)), json: (v) => ctx.out.json(v) },
    wording,
    dataDir: () => given() ?? defaultDataDir(ctx.env),
    dataDirNamed: () => given() !== null || Boolean(ctx.env.ONEDRIVE_MIRROR_DATA_DIR),
  };
  registerSetupCommand(program, cli);
  registerProfileCommands(program, cli);
  registerBrowseCommand(program, cli);
  registerSyncCommands(program, cli);
  registerRunCommand(program, cli);
  registerSettingsCommands(program, cli);
  return { program, cli };
}

/** Parse and run; resolves to the process exit code. */
export async function runCli(argv: string[], version: string, out: Out = consoleOut, env = process.env): Promise<number> {
  let exitCode = EXIT_OK;
  const { program, cli } = buildProgram({ out, env, setExitCode: (c) => (exitCode = Math.max(exitCode, c)) }, version);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return EXIT_OK;
      return EXIT_BAD_INPUT;
    }
    if (isAppError(e)) {
      cli.out.error(`error: ${e.message}`);
      return exitCodeFor(e.code);
    }
    cli.out.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
