/**
 * The few fake-cloud controls the auth tests need (over e2e/fake-cloud's public API), named for what the test
 * means. Each fake has its own CA: `trust()` makes this process trust it and returns the undo.
 */
import { startFakeCloud, trustCaInProcess, type AccountInfo, type AuthorizeDecision, type AuthorizeRequest } from '../fake-cloud';

export type FakeAccount = Pick<AccountInfo, 'accountId' | 'homeAccountId' | 'username' | 'tid'>;

export interface Fake {
  authority: string;
  graphUrl: string;
  /** The CA as a PEM file, for NODE_EXTRA_CA_CERTS of child processes. */
  caPath: string;
  trust(): () => void;
  createAccount(username: string): FakeAccount;
  /** Device codes are approved at the first poll, as this account. */
  approveDeviceCodesAs(account: FakeAccount): void;
  /** Device codes stay pending until cancelled. */
  holdDeviceCodes(): void;
  /** The authorize page signs in this account; null = the user refuses (access_denied). */
  signInBrowserAs(account: FakeAccount | null): void;
  setExpiresIn(seconds: number): void;
  /** invalid_grant on refresh: with suberror (InteractionRequiredAuthError) or without (ServerError). */
  revokeRefreshTokens(account: FakeAccount, suberror: string | null): void;
  failTokenEndpoint(fault: { status: number; retryAfter?: number }, times?: number): void;
  tokenRequests(): number;
  /** MSAL's fetches of the authority's OpenID configuration. */
  openIdRequests(): number;
  deviceCodeRequests(): number;
  /** What the authorize page was asked (login_hint, prompt), oldest first. */
  authorizeRequests(): AuthorizeRequest[];
  /** Back to the defaults the tests assume. */
  reset(): void;
  close(): Promise<void>;
}

export async function startFake(): Promise<Fake> {
  const cloud = await startFakeCloud();
  const { control } = cloud;
  const authorizeLog: AuthorizeRequest[] = [];
  let decide: ((req: AuthorizeRequest) => AuthorizeDecision) | undefined;
  control.onAuthorize((req) => {
    authorizeLog.push(req);
    return decide?.(req);
  });
  return {
    authority: cloud.authority,
    graphUrl: cloud.graphUrl,
    caPath: cloud.caPath,
    trust: () => trustCaInProcess(cloud.caPem),
    createAccount: (username) => control.createAccount({ kind: 'personal', username }),
    approveDeviceCodesAs: (account) =>
      control.setDeviceCode({ pendingPolls: 1, outcome: 'approve', accountId: account.accountId, interval: 0 }),
    holdDeviceCodes: () => control.setDeviceCode({ pendingPolls: 0, outcome: 'manual', interval: 1 }),
    signInBrowserAs: (account) => {
      decide = () =>
        account === null
          ? { error: 'access_denied', description: 'AADSTS65004: the user declined.' }
          : { accountId: account.accountId };
    },
    setExpiresIn: (seconds) => control.setTokenLifetime(seconds),
    revokeRefreshTokens: (account, suberror) => control.revokeRefreshTokens(account.accountId, { suberror }),
    failTokenEndpoint: (fault, times = 1) => control.fail('token', { kind: 'status', ...fault }, times),
    tokenRequests: () => control.count('token'),
    openIdRequests: () => control.count('openid'),
    deviceCodeRequests: () => control.count('devicecode'),
    authorizeRequests: () => [...authorizeLog],
    reset: () => {
      control.setTokenLifetime(3600);
      control.setDeviceCode({ pendingPolls: 1, outcome: 'approve', accountId: undefined, interval: 0 });
      decide = undefined;
      authorizeLog.length = 0;
      control.clearFaults();
      control.resetCounts();
    },
    close: () => cloud.close(),
  };
}
