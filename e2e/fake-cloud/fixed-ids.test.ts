// The demo account of `npm run fake-cloud` / `npm run demo` keeps its ids across starts (a fixed drive id).
import { describe, expect, it } from 'vitest';
import { addAccount, createState } from './state';

describe('fake cloud fixed ids', () => {
  it('a personal account with a fixed drive id has the same account, drive and root ids in a fresh state', () => {
    const make = () => addAccount(createState(), { kind: 'personal', driveId: '0d3e0d3e0d3e0d3e' });
    const [a, b] = [make(), make()];
    expect(a.drive.id).toBe('0d3e0d3e0d3e0d3e');
    expect([b.accountId, b.homeAccountId, b.drive.id, b.drive.rootId]).toEqual([
      a.accountId,
      a.homeAccountId,
      a.drive.id,
      a.drive.rootId,
    ]);
    expect(() => addAccount(createState(), { kind: 'business', driveId: '0d3e0d3e0d3e0d3e' })).toThrow(/personal accounts only/);
  });
});
