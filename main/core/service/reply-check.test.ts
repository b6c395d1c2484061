import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { commands } from '../../../shared/ipc';
import { replyContractBreach } from './reply-check';

const item = z.object({ id: z.string(), name: z.string() });
const listing = z.object({ folder: item, items: z.array(item), total: z.number().nullable() });

describe('replyContractBreach', () => {
  it('passes a reply that has exactly the contract fields', () => {
    expect(
      replyContractBreach(listing, {
        folder: { id: 'f', name: 'F' },
        items: [{ id: 'a', name: 'A' }],
        total: null,
      }),
    ).toBeNull();
    expect(replyContractBreach(commands['sync:now'].output, null)).toBeNull();
  });

  it('names a top-level field the contract does not name', () => {
    const reply = { folder: { id: 'f', name: 'F' }, items: [], total: 0, accessToken: 'eyJ...' };
    expect(replyContractBreach(listing, reply)).toBe('the reply has fields the contract does not name: accessToken');
  });

  it('finds extra fields nested in objects and array items, and never prints their values', () => {
    const reply = {
      folder: { id: 'f', name: 'F', path: '/secret' },
      items: [
        { id: 'a', name: 'A' },
        { id: 'b', name: 'B', token: 'x' },
      ],
      total: 1,
    };
    const breach = replyContractBreach(listing, reply);
    expect(breach).toBe('the reply has fields the contract does not name: folder.path, items[1].token');
    expect(breach).not.toContain('/secret');
  });

  it('ignores a key whose value is undefined (it crosses no wire)', () => {
    expect(replyContractBreach(listing, { folder: { id: 'f', name: 'F', extra: undefined }, items: [], total: 0 })).toBeNull();
  });

  it('reports a reply that does not parse: wrong type, missing field, a value where null is promised', () => {
    expect(replyContractBreach(listing, { folder: { id: 'f', name: 'F' }, items: [], total: '3' })).toMatch(
      /^the reply does not match its schema \(total: /,
    );
    expect(replyContractBreach(listing, { folder: { id: 'f' }, items: [], total: 0 })).toMatch(/folder\.name: /);
    expect(replyContractBreach(commands['sync:now'].output, { started: true })).toMatch(/does not match its schema \(reply: /);
  });
});
