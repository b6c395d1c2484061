/**
 * The message when a profile that runs syncs signs in to another account. Two accounts can share a username
 * (the same address in another tenant, a re-created account): then "you signed in as a@x, but this profile
 * belongs to a@x" explains nothing, so the message names what differs: the tenant and/or the account id.
 * MSAL's homeAccountId is "<object id>.<tenant id>".
 */
export interface AccountKey {
  username: string | null | undefined;
  homeAccountId: string;
}

function parts(homeAccountId: string): { oid: string; tid: string } {
  const dot = homeAccountId.indexOf('.');
  return dot < 0 ? { oid: homeAccountId, tid: '' } : { oid: homeAccountId.slice(0, dot), tid: homeAccountId.slice(dot + 1) };
}

export function accountMismatchMessage(got: AccountKey, expected: AccountKey): string {
  const gotName = got.username ?? 'another account';
  const expectedName = expected.username ?? 'the account this profile was connected to';
  if (!got.username || !expected.username || got.username.toLowerCase() !== expected.username.toLowerCase()) {
    return `You signed in as ${gotName}, but this profile belongs to ${expectedName}. Sign in again as ${expectedName}, or add a new profile for ${gotName}.`;
  }
  const a = parts(got.homeAccountId);
  const b = parts(expected.homeAccountId);
  const diffs: string[] = [];
  if (a.tid !== b.tid) diffs.push(`tenant ${a.tid || '?'} instead of ${b.tid || '?'}`);
  if (a.oid !== b.oid) diffs.push(`account id ${a.oid} instead of ${b.oid}`);
  return (
    `You signed in as ${gotName}, but not as the ${expectedName} this profile belongs to: same username, ` +
    `another account (${diffs.join(', ')}). Sign in to the directory (tenant) the profile uses, or add a new profile for this account.`
  );
}
