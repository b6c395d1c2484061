import { describe, expect, it } from 'vitest';
import { accountMismatchMessage } from './account-mismatch';

describe('accountMismatchMessage', () => {
  it('names both usernames when they differ', () => {
    const m = accountMismatchMessage(
      { username: 'bob@x.com', homeAccountId: 'o2.t1' },
      { username: 'ann@x.com', homeAccountId: 'o1.t1' },
    );
    expect(m).toMatch(/signed in as bob@x\.com, but this profile belongs to ann@x\.com/);
  });

  it('names the tenant when the same username signed in to another tenant', () => {
    const m = accountMismatchMessage(
      { username: 'ann@x.com', homeAccountId: 'o2.t2' },
      { username: 'Ann@x.com', homeAccountId: 'o1.t1' },
    );
    expect(m).toMatch(/same username, another account \(tenant t2 instead of t1, account id o2 instead of o1\)/);
  });

  it('names only the account id when the tenant is the same', () => {
    const m = accountMismatchMessage(
      { username: 'ann@x.com', homeAccountId: 'o2.t1' },
      { username: 'ann@x.com', homeAccountId: 'o1.t1' },
    );
    expect(m).toMatch(/\(account id o2 instead of o1\)/);
    expect(m).not.toMatch(/tenant t1 instead/);
  });
});
