/**
 * One contract command call turned into a Result: parse the input with the contract's zod schema, call the
 * service's handler (`SyncService.handlers`), and map every failure to a value. The one way in for the Electron
 * IPC router, the e2e bridge and the CLI (`main/cli/node-core.ts` `call`), so a fix in a handler or here reaches
 * all three. No 'electron' import here; the CLI loads it only when a command runs.
 */
import type { z } from 'zod';
import { type CallContext, type CommandHandlers, type CommandName, commands, type Result } from '../../../shared/ipc';
import { errorMessages } from '../../../shared/errors';
import { toErrorValue } from '../errors';
import type { Logger } from '../ports';
import { replyContractBreach } from './reply-check';

export interface DispatchOptions {
  /**
   * Development and tests: check each reply against the command's output schema (no field it does not name);
   * a breach becomes an `internal` error value and an error log, so it cannot go unnoticed.
   */
  checkReply?: boolean;
  /** Reaches the handler (CLI: aborted by Ctrl+C); the IPC router and the bridge have none to give. */
  signal?: AbortSignal;
}

export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(commands, name);
}

/** A short, user-readable summary of what was wrong with the input. */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  return `${errorMessages.bad_input} ${parts.join('; ')}`;
}

export async function dispatchCommand(
  handlers: CommandHandlers,
  name: string,
  rawInput: unknown,
  logger?: Logger,
  { checkReply = false, signal = new AbortController().signal }: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isCommandName(name)) return { ok: false, error: { code: 'not_found', message: `Unknown command: ${name}` } };
  const parsed = commands[name].input.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: { code: 'bad_input', message: describeIssues(parsed.error) } };
  try {
    const handler = handlers[name] as (input: unknown, call: CallContext) => Promise<unknown>;
    const reply = await handler(parsed.data, { signal });
    const value = reply === undefined ? null : reply;
    const breach = checkReply ? replyContractBreach(commands[name].output, value) : null;
    if (breach !== null) {
      logger?.error('IPC reply breaks the contract', { command: name, breach });
      return { ok: false, error: { code: 'internal', message: `${name}: ${breach}` } };
    }
    return { ok: true, value };
  } catch (e) {
    const error = toErrorValue(e);
    if (error.code === 'internal') logger?.error('command failed', { command: name, error: String(e) });
    return { ok: false, error };
  }
}
