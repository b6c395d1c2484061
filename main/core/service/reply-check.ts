/**
 * Development and test guard on the IPC contract's output side: a handler's reply must parse with the command's
 * output schema AND name no field the schema does not. z.object strips unknown keys when parsing, so the check
 * compares the reply with what the schema kept: any key the parse dropped is a field the contract does not name
 * (a leak waiting to happen, e.g. a token or a path on an internal object). Pure, no 'electron'.
 */
import type { z } from 'zod';

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

/** Paths (a.b[0].c) of keys in `raw` that the parse dropped; undefined values cross no wire and are ignored. */
function droppedKeys(raw: unknown, kept: unknown, at: string): string[] {
  if (Array.isArray(raw) && Array.isArray(kept)) return raw.flatMap((v, i) => droppedKeys(v, kept[i], `${at}[${i}]`));
  if (!isPlainObject(raw) || !isPlainObject(kept)) return [];
  return Object.keys(raw).flatMap((key) => {
    const where = at === '' ? key : `${at}.${key}`;
    if (raw[key] === undefined) return [];
    return Object.hasOwn(kept, key) ? droppedKeys(raw[key], kept[key], where) : [where];
  });
}

/** Null when the reply honours the contract, else a short description (field paths and zod messages, no values). */
export function replyContractBreach(schema: z.ZodType, reply: unknown): string | null {
  const parsed = schema.safeParse(reply);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.length > 0 ? i.path.join('.') : 'reply'}: ${i.message}`);
    return `the reply does not match its schema (${issues.join('; ')})`;
  }
  const extra = droppedKeys(reply, parsed.data, '');
  return extra.length === 0 ? null : `the reply has fields the contract does not name: ${extra.slice(0, 5).join(', ')}`;
}
