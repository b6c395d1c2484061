/**
 * The CLI's Confirmer: a change that signs profiles out goes ahead with `--yes`, or after "y" at a prompt when stdin
 * is a terminal. A script without `--yes` gets exit 2 and an explanation: nothing is changed behind its back.
 */
import { createInterface } from 'node:readline/promises';
import { AppError } from '../core/errors';
import type { Confirmer } from '../core/ports';
import type { Out } from './output';

export interface CliConfirmerOptions {
  /** `--yes` was given. */
  yes: boolean;
  /** stdin is a terminal a person can answer on. */
  interactive: boolean;
  out: Out;
  /** Reads one answer line (default: stdin). */
  ask?: (prompt: string) => Promise<string>;
}

export function createCliConfirmer(o: CliConfirmerOptions): Confirmer {
  const ask = o.ask ?? askOnStdin;
  return {
    async confirm(q) {
      const text = q.detail ? `${q.message} ${q.detail}` : q.message;
      if (o.yes) {
        o.out.error(text);
        return true;
      }
      if (!o.interactive) {
        throw new AppError('bad_input', `${text} Nothing was changed: run it again with --yes to go ahead.`);
      }
      o.out.error(text);
      const answer = await ask(`${q.confirmLabel}? [y/N] `);
      return /^y(es)?$/i.test(answer.trim());
    },
  };
}

async function askOnStdin(prompt: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await rl.question(prompt);
  } finally {
    rl.close();
  }
}
