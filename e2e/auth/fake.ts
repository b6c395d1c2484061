/**
 * The few fake-cloud controls the auth tests need, behind one small interface so the tests read as behaviour.
 * Certificates are made once per process: trusting a CA in-process replaces the previous trust.
 */
import { generateCerts, type FakeCloudCerts } from '../fake-cloud/certs';
import { startServers } from '../fake-cloud/server';
import { addAccount, createState, type Account } from '../fake-cloud/state';
import { trustCaInProcess } from '../fake-cloud/trust-ca';

export interface FakeAccount {
  accountId: string;
  homeAccountId: string;
  username: string;
  tid: string;
}

export interface Fake {
  authority: string;
  graphUrl: string;
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
  reset(): void;
  close(): Promise<void>;
}

let certs: FakeCloudCerts | null = null;

export async function startFake(): Promise<Fake> {
  if (!certs) {
    certs = generateCerts();
    trustCaInProcess(certs.caPem);
  }
  const state = createState();
  const servers = await startServers(state, certs);
  const defaults = structuredClone(state.settings);
  let browserAccount: string | null | undefined;
  state.authorizeHook = () => {
    if (browserAccount === undefined) return undefined;
    if (browserAccount === null) return { error: 'access_denied', description: 'AADSTS65004: the user declined.' };
    return { accountId: browserAccount };
  };
  const toFake = (a: Account): FakeAccount => ({
    accountId: a.accountId,
    homeAccountId: a.homeAccountId,
    username: a.username,
    tid: a.tid,
  });

  return {
    authority: `${state.origin}/common`,
    graphUrl: state.graphUrl,
    createAccount: (username) => toFake(addAccount(state, { username })),
    approveDeviceCodesAs: (account) => {
      state.settings.deviceCode = { pendingPolls: 1, outcome: 'approve', accountId: account.accountId, interval: 0 };
    },
    holdDeviceCodes: () => {
      state.settings.deviceCode = { pendingPolls: 0, outcome: 'manual', interval: 1 };
    },
    signInBrowserAs: (account) => {
      browserAccount = account === null ? null : account.accountId;
    },
    setExpiresIn: (seconds) => {
      state.settings.expiresIn = seconds;
    },
    revokeRefreshTokens: (account, suberror) => {
      for (const record of state.refreshTokens.values()) {
        if (record.accountId === account.accountId) record.revoked = { suberror };
      }
    },
    failTokenEndpoint: (fault, times = 1) => state.faults.add('token', { kind: 'status', ...fault }, times),
    tokenRequests: () => state.faults.count('token'),
    reset: () => {
      state.settings = structuredClone(defaults);
      state.faults.clear();
      browserAccount = undefined;
    },
    close: () => servers.close(),
  };
}
