/**
 * Opens the core for one CLI command with the Node ports: tokens in a 0600 file (with a warning), the OS trash
 * via the `trash` package, the system browser via xdg-open/open/start, logs under <data dir>/logs.
 * Commands that change anything take the data-dir lock first; read-only ones work beside a running owner.
 * Whatever way the command ends (done, failed, SIGINT/SIGTERM), the lock and URL spools go with it.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { createCore, type Core } from '../core/compose';
import { AppError } from '../core/errors';
import { acquireDataDirLock, releaseOwnLockSync, type Lock } from '../core/store/data-dir-lock';
import { sweepUrlSpools, sweepUrlSpoolsSync } from '../core/sync/download/url-spool';
import { createLogger } from '../core/log/logger';
import type { RunOutcome } from '../core/service/service-deps';
import type { Confirmer, Logger, Trash } from '../core/ports';
import type { CommandHandlers, CommandInput, CommandName, CommandOutput } from '../../shared/ipc';
import { createNodeSecretBox } from './secret-box-node';
import { createNodeBrowserOpener } from './browser-opener';
import type { CliContext } from './program';
import { CLI_VERSION } from './version';
import { EXIT_SYNC_FAILED } from './exit-codes';
import { watchInterrupts } from './interrupt';

export interface CliCore extends Core {
  /**
   * A contract command through the dispatcher the IPC router and the bridge use: the input checked by the
   * contract's schema, the service's handler, every failure a value; that value is thrown here as an AppError,
   * which the CLI turns into its message and exit code. Direct service calls are the exceptions listed in
   * docs/architecture.md (One service surface).
   */
  call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<CommandOutput<N>>;
  onRunEnd(cb: (id: string, outcome: RunOutcome) => void): () => void;
  /** Aborted by the first SIGINT/SIGTERM of a command opened with `cancellable` (see interrupt.ts). */
  interrupted: AbortSignal;
  /** The signal that did it, for messages. */
  interruptedBy(): NodeJS.Signals | null;
}

export const nodeTrash: Trash = {
  trash: async (absolutePath) => {
    // Loaded when something is trashed: most commands never do.
    const { default: trash } = await import('trash');
    await trash(absolutePath, { glob: false });
  },
};

/** `CliCore.call`: the dispatcher (and zod's contract) load with the first call, so `sync run` never pays for them. */
export function contractCaller(handlers: CommandHandlers, logger: Logger, signal: AbortSignal): CliCore['call'] {
  return async (name, input) => {
    const { dispatchCommand } = await import('../core/service/dispatch');
    const result = await dispatchCommand(handlers, name, input, logger, { signal });
    if (!result.ok) throw new AppError(result.error.code, result.error.message);
    return result.value as CommandOutput<typeof name>;
  };
}

export async function withCore(
  cli: CliContext,
  o: {
    write: boolean;
    schedule?: boolean;
    cancellable?: boolean;
    confirmer?: Confirmer;
    /** The command runs syncs: the engine host starts at once, beside the store's opening. */
    engine?: boolean;
  },
  fn: (core: CliCore) => Promise<void> | void,
): Promise<void> {
  const dataDir = cli.dataDir();
  const stateDir = path.join(dataDir, 'state');
  let lock: Lock | null = null;
  let acquiring = false;
  // Any exit while this process holds the data dir (a signal's quit, an uncaught error, process.exit anywhere):
  // 'exit' handlers get no event loop turn, so what it owns is removed synchronously (partials stay to resume).
  const onExit = (): void => {
    if (lock) sweepUrlSpoolsSync(stateDir);
    if (lock) lock.releaseSync();
    else if (acquiring) releaseOwnLockSync(dataDir);
  };
  process.on('exit', onExit);
  const interrupts = watchInterrupts({
    cancellable: Boolean(o.cancellable),
    onCancel: (signal) =>
      cli.out.error(`${signal}: stopping; a partly downloaded file is kept to resume (${signal} again quits at once)...`),
    quit: (signal) => {
      cli.out.error(`Interrupted by ${signal}.`);
      process.exit(EXIT_SYNC_FAILED); // onExit cleans up
    },
  });
  let logger: ReturnType<typeof createLogger> | null = null;
  let core: Core | null = null;
  try {
    // A read-only command never creates a data dir the user named: a typo must not leave a new empty one behind.
    // (The platform default is the app's own folder: creating it is what the app does too.)
    if (
      !o.write &&
      cli.dataDirNamed() &&
      !(await stat(dataDir).then(
        (s) => s.isDirectory(),
        () => false,
      ))
    ) {
      throw new AppError(
        'bad_input',
        `There is no OneDrive Mirror data folder at ${dataDir} (a mistyped --data-dir?). Nothing was created.`,
      );
    }
    await mkdir(dataDir, { recursive: true });
    acquiring = o.write;
    lock = o.write ? await acquireDataDirLock(dataDir) : null;
    acquiring = false;
    const log = (logger = createLogger({ dir: path.join(dataDir, 'logs'), name: 'cli', stdout: false }));
    // The owner runs nothing yet: a URL spool here is a leftover of a process that was killed.
    if (lock && (await sweepUrlSpools(stateDir)) > 0) log.warn('removed URL spools of an interrupted run');
    // The one-line "tokens are not encrypted" warning belongs on the terminal as well as in the log.
    const secretBox = createNodeSecretBox({
      ...log,
      warn: (msg, fields) => {
        cli.out.error(`warning: ${msg}`);
        log.warn(msg, fields);
      },
    });
    core = await createCore({
      dataDir,
      version: CLI_VERSION,
      env: cli.env,
      logger: log,
      secretBox: () => secretBox,
      trash: nodeTrash,
      browserOpener: createNodeBrowserOpener(),
      confirmer: o.confirmer,
      readOnly: !o.write,
      isNetworkUp: async () => true,
      // Sync runs in a worker thread (out/engine-host), started by the first run: README "Processes".
      engineHost: 'worker',
      warmEngine: o.engine,
    });
    const recovered = core.store.recovered;
    if (recovered) {
      // A fresh, empty database now stands in for the user's: say so and do nothing as if all were well.
      throw new AppError(
        'internal',
        `The settings file ${core.store.file} could not be used (${recovered.reason}). It was kept as ${recovered.movedTo} and an empty one was started: add your profiles and syncs again. Nothing else was done.`,
      );
    }
    const scheduler = core.service;
    const cliCore: CliCore = {
      ...core,
      call: contractCaller(core.service.handlers, log, interrupts.signal),
      onRunEnd: (cb) => scheduler.onRunEnd(cb),
      interrupted: interrupts.signal,
      interruptedBy: () => interrupts.received,
    };
    await fn(cliCore);
  } finally {
    try {
      await core?.shutdown();
    } finally {
      const held = lock;
      lock = null; // from here on the dir may have a new owner: onExit must not touch its spools
      acquiring = false;
      await held?.release();
      await logger?.flush();
      interrupts.dispose();
      process.off('exit', onExit);
    }
  }
}
