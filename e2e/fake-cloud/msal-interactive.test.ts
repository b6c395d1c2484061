import { InteractionRequiredAuthError, PublicClientApplication, ServerError, type AuthenticationResult } from '@azure/msal-node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { headlessOpenBrowser, startFakeCloud, trustCaInProcess, type AccountInfo, type FakeCloud } from './index';

let cloud: FakeCloud;
let untrust: () => void;
let alice: AccountInfo;
let bob: AccountInfo;

beforeAll(async () => {
  cloud = await startFakeCloud();
  untrust = trustCaInProcess(cloud.caPem);
  alice = cloud.control.createAccount({ username: 'alice@outlook.com' });
  bob = cloud.control.createAccount({ kind: 'business', username: 'bob@contoso.onmicrosoft.com' });
});
afterAll(async () => {
  untrust();
  await cloud.close();
});
beforeEach(() => {
  cloud.control.setTokenLifetime(3600);
  cloud.control.onAuthorize(undefined);
});

const pca = (): PublicClientApplication =>
  new PublicClientApplication({
    auth: { clientId: cloud.clientId, authority: cloud.authority, knownAuthorities: [cloud.knownAuthority] },
  });

async function signIn(app: PublicClientApplication, loginHint?: string): Promise<AuthenticationResult> {
  const errors: unknown[] = [];
  const result = await app.acquireTokenInteractive({
    scopes: ['Files.Read', 'offline_access'],
    openBrowser: headlessOpenBrowser(errors),
    loginHint,
  });
  expect(errors).toEqual([]);
  return result;
}

describe('fake cloud with the real msal-node: interactive and refresh', () => {
  it('completes acquireTokenInteractive through the form_post page and builds the account', async () => {
    const result = await signIn(pca());
    expect(result.account?.homeAccountId).toBe(alice.homeAccountId);
    expect(result.account?.username).toBe('alice@outlook.com');
    expect(result.account?.tenantId).toBe(alice.tid);
  });

  it('lets the authorize hook or login_hint choose the account', async () => {
    expect((await signIn(pca(), 'bob@contoso.onmicrosoft.com')).account?.homeAccountId).toBe(bob.homeAccountId);
    cloud.control.onAuthorize(() => ({ accountId: bob.accountId }));
    expect((await signIn(pca())).account?.homeAccountId).toBe(bob.homeAccountId);
  });

  it('answers access_denied when the hook says so', async () => {
    cloud.control.onAuthorize(() => ({ error: 'access_denied', description: 'AADSTS65004: User declined to consent.' }));
    await expect(
      pca().acquireTokenInteractive({ scopes: ['Files.Read'], openBrowser: headlessOpenBrowser() }),
    ).rejects.toMatchObject({
      errorCode: 'access_denied',
    });
  });

  it('reuses the cached token silently while it has more than 300 s left', async () => {
    const app = pca();
    const first = await signIn(app);
    const before = cloud.control.count('token');
    const silent = await app.acquireTokenSilent({ account: first.account!, scopes: ['Files.Read'] });
    expect(silent.accessToken).toBe(first.accessToken);
    expect(cloud.control.count('token')).toBe(before);
  });

  it('refreshes on every silent call when expires_in is under 300 s', async () => {
    cloud.control.setTokenLifetime(120);
    const app = pca();
    const first = await signIn(app);
    const before = cloud.control.count('token');
    const silent = await app.acquireTokenSilent({ account: first.account!, scopes: ['Files.Read'] });
    expect(silent.accessToken).not.toBe(first.accessToken);
    expect(cloud.control.count('token')).toBe(before + 1);
    const me = await fetch(`${cloud.graphUrl}/me`, { headers: { Authorization: `Bearer ${silent.accessToken}` } });
    expect(me.status).toBe(200);
  });

  it('gives InteractionRequiredAuthError for invalid_grant with suberror bad_token', async () => {
    cloud.control.setTokenLifetime(120);
    const app = pca();
    const first = await signIn(app);
    cloud.control.revokeRefreshTokens(alice.accountId, { suberror: 'bad_token' });
    const failure = app.acquireTokenSilent({ account: first.account!, scopes: ['Files.Read'] });
    await expect(failure).rejects.toBeInstanceOf(InteractionRequiredAuthError);
  });

  it('gives ServerError with errorCode invalid_grant for invalid_grant without suberror', async () => {
    cloud.control.setTokenLifetime(120);
    const app = pca();
    const first = await signIn(app);
    cloud.control.revokeRefreshTokens(alice.accountId, { suberror: null });
    const failure = app.acquireTokenSilent({ account: first.account!, scopes: ['Files.Read'] });
    await expect(failure).rejects.toBeInstanceOf(ServerError);
    await expect(failure).rejects.toMatchObject({ errorCode: 'invalid_grant' });
  });

  it('rejects a second use of an authorization code and a wrong PKCE verifier', async () => {
    const page = await fetch(
      `${cloud.authority}/oauth2/v2.0/authorize?client_id=c&redirect_uri=http://localhost:1&response_mode=form_post&state=s%3D1&code_challenge=abc&code_challenge_method=S256`,
    );
    const html = await page.text();
    expect(html).toContain('name="state" value="s=1"');
    const code = /name="code" value="([^"]+)"/.exec(html)![1]!;
    const redeem = (): Promise<Response> =>
      fetch(`${cloud.authority}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'c',
          code,
          redirect_uri: 'http://localhost:1',
          code_verifier: 'wrong',
        }),
      });
    expect(await (await redeem()).json()).toMatchObject({ error: 'invalid_grant' });
    expect(await (await redeem()).json()).toMatchObject({ error: 'invalid_grant', error_codes: [70008] });
  });
});
