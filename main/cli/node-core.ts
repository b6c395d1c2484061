/**
 * Opens the core for one CLI command with the Node ports: tokens in a 0600 file (with a warning), the OS trash
 * via the `trash` package, the system browser via xdg-open/open/start, logs under <data dir>/logs.
 * Commands that change anything take the data-dir lock first; read-only ones work beside a running owner.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createCore, type Core } from '../core/compose';
import { acquireDataDirLock } from '../core/store/data-dir-lock';
import { createLogger } from '../core/log/logger';
import type { RunOutcome } from '../core/service-deps';
import type { Trash } from '../core/ports';
import { createNodeSecretBox } from './secret-box-node';
import { createNodeBrowserOpener } from './browser-opener';
import type { CliContext } from './program';
import { CLI_VERSION } from './version';

export interface CliCore extends Core {
  onRunEnd(cb: (id: string, outcome: RunOutcome) => void): () => void;
}

export const nodeTrash: Trash = {
  trash: async (absolutePath) => {
    // Loaded when something is trashed: most commands never do.
    const { default: trash } = await import('trash');
    await trash(absolutePath, { glob: false });
  },
};

export async function withCore(
  cli: CliContext,
  o: { write: boolean; schedule?: boolean },
  fn: (core: CliCore) => Promise<void> | void,
): Promise<void> {
  const dataDir = cli.dataDir();
  await mkdir(dataDir, { recursive: true });
  const lock = o.write ? await acquireDataDirLock(dataDir) : null;
  const logger = createLogger({ dir: path.join(dataDir, 'logs'), name: 'cli', stdout: false });
  let core: Core | null = null;
  try {
    // The one-line "tokens are not encrypted" warning belongs on the terminal as well as in the log.
    const secretBox = createNodeSecretBox({
      ...logger,
      warn: (msg, fields) => {
        cli.out.error(`warning: ${msg}`);
        logger.warn(msg, fields);
      },
    });
    core = await createCore({
      dataDir,
      version: CLI_VERSION,
      env: cli.env,
      logger,
      secretBox: () => secretBox,
      trash: nodeTrash,
      browserOpener: createNodeBrowserOpener(),
      readOnly: !o.write,
      isNetworkUp: async () => true,
    });
    const scheduler = core.service;
    const cliCore: CliCore = {
      ...core,
      onRunEnd: (cb) => scheduler.onRunEnd(cb),
    };
    await fn(cliCore);
  } finally {
    await core?.shutdown();
    await lock?.release();
    await logger.flush();
  }
}
