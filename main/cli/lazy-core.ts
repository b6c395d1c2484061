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
  o: Parameters<typeof eagerWithCore>[1] & {
    /** The command will want a token (or a sign-in): MSAL loads meanwhile, not when the first request asks. */
    tokens?: boolean;
  },
  fn: (core: CliCore) => Promise<void> | void,
): Promise<void> {
  // The two loads overlap their file reads; lazy-auth-manager.ts then finds MSAL's module already there.
  if (o.tokens) void import('../core/auth/auth-manager').catch(() => {});
  const { withCore: open } = await import('./node-core');
  return open(cli, o, fn);
}
