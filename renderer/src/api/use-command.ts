import { useCallback, useState } from 'react';
import type { CommandInput, CommandName, CommandOutput, Result } from '../../../shared/ipc';
import { useApiContext } from './api-context';
import { useCommandErrors } from './command-errors';

export type RunCommand = <N extends CommandName>(name: N, input: CommandInput<N>) => Promise<Result<CommandOutput<N>>>;

export interface CommandRunner {
  /** Runs a command; a failure is reported in the error bar and also returned. */
  run: RunCommand;
  /** True while any command started by this hook is in flight. */
  pending: boolean;
}

/**
 * The one way components call the main process. A thrown transport error becomes an 'internal' Result, so
 * callers only ever look at `ok`.
 */
export function useCommand(options: { silent?: boolean } = {}): CommandRunner {
  const { api } = useApiContext();
  const { report } = useCommandErrors();
  const [inFlight, setInFlight] = useState(0);
  const silent = options.silent ?? false;

  const run = useCallback<RunCommand>(
    async (name, input) => {
      setInFlight((n) => n + 1);
      let result: Result<CommandOutput<typeof name>>;
      try {
        const call = api[name] as (i: typeof input) => Promise<Result<CommandOutput<typeof name>>>;
        result = await call(input);
      } catch (error) {
        result = { ok: false, error: { code: 'internal', message: error instanceof Error ? error.message : String(error) } };
      } finally {
        setInFlight((n) => n - 1);
      }
      if (!result.ok && !silent && result.error.code !== 'cancelled') report(name, result.error);
      return result;
    },
    [api, report, silent],
  );

  return { run, pending: inFlight > 0 };
}
