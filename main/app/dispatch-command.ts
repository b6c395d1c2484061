/**
 * One command call from an untrusted page, turned into a Result: parse the input with the contract's zod
 * schema, call the handler, and map every failure to a value. Shared by the Electron IPC router and the e2e
 * bridge so both transports behave the same. No 'electron' import here.
 */
import type { z } from 'zod';
import { type CommandHandlers, type CommandName, commands, type Result } from '../../shared/ipc';
import { errorMessages } from '../../shared/errors';
import { toErrorValue } from '../core/errors';
import type { Logger } from '../core/ports';
import { replyContractBreach } from './reply-check';

export interface DispatchOptions {
  /**
   * Development and tests: check each reply against the command's output schema (no field it does not name);
   * a breach becomes an `internal` error value and an error log, so it cannot go unnoticed.
   */
  checkReply?: boolean;
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
  { checkReply = false }: DispatchOptions = {},
): Promise<Result<unknown>> {
  if (!isCommandName(name)) return { ok: false, error: { code: 'not_found', message: `Unknown command: ${name}` } };
  const parsed = commands[name].input.safeParse(rawInput);
  if (!parsed.success) return { ok: false, error: { code: 'bad_input', message: describeIssues(parsed.error) } };
  try {
    const handler = handlers[name] as (input: unknown) => Promise<unknown>;
    const reply = await handler(parsed.data);
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
