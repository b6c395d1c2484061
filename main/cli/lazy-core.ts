/**
 * `withCore`, loaded on first use. The command files register with commander up front (for `--help`), but the
 * core behind them (MSAL, zod, pino, the engine) is only worth loading once a command actually runs:
 * `--version` and `--help` then start in about the time of bare Node.
 */
import type { CliCore, withCore as eagerWithCore } from './node-core';
import type { CliContext } from './program';

export type { CliCore };

export async function withCore(
  cli: CliContext,
  o: Parameters<typeof eagerWithCore>[1],
  fn: (core: CliCore) => Promise<void> | void,
): Promise<void> {
  const { withCore: open } = await import('./node-core');
  return open(cli, o, fn);
}
