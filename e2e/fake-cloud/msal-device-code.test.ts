import { PublicClientApplication } from '@azure/msal-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, trustCaInProcess, type AccountInfo, type FakeCloud } from './index';

let cloud: FakeCloud;
let untrust: () => void;
let alice: AccountInfo;

beforeAll(async () => {
  cloud = await startFakeCloud();
  untrust = trustCaInProcess(cloud.caPem);
  alice = cloud.control.createAccount({ kind: 'personal', username: 'alice@outlook.com', tree: { 'Docs/a.txt': 'hello' } });
});
afterAll(async () => {
  untrust();
  await cloud.close();
});

const pca = (): PublicClientApplication =>
  new PublicClientApplication({
    auth: { clientId: cloud.clientId, authority: cloud.authority, knownAuthorities: [cloud.knownAuthority] },
  });

describe('fake cloud with the real msal-node: device code', () => {
  it('signs in by device code after authorization_pending, then reuses the token silently', async () => {
    cloud.control.setDeviceCode({ pendingPolls: 2, outcome: 'approve' });
    const app = pca();
    const messages: string[] = [];
    const result = await app.acquireTokenByDeviceCode({
      scopes: ['Files.Read', 'offline_access'],
      deviceCodeCallback: (r) => messages.push(r.message),
    });
    expect(messages[0]).toContain('/devicelogin');
    expect(result?.account?.homeAccountId).toBe(alice.homeAccountId);
    expect(result?.account?.username).toBe('alice@outlook.com');
    expect(cloud.control.count('token')).toBe(3); // two pending polls, then the tokens

    const me = await fetch(`${cloud.graphUrl}/me/drive`, { headers: { Authorization: `Bearer ${result!.accessToken}` } });
    expect(await me.json()).toMatchObject({ id: alice.driveId, driveType: 'personal' });

    const silent = await app.acquireTokenSilent({ account: result!.account!, scopes: ['Files.Read'] });
    expect(silent.accessToken).toBe(result!.accessToken);
    expect(cloud.control.count('token')).toBe(3);
  });

  it('accepts the device code grant type as the URN too', async () => {
    cloud.control.setDeviceCode({ pendingPolls: 0 });
    const start = await fetch(`${cloud.authority}/oauth2/v2.0/devicecode`, {
      method: 'POST',
      body: new URLSearchParams({ client_id: 'any-client', scope: 'Files.Read offline_access' }),
    });
    const { device_code } = (await start.json()) as { device_code: string };
    const res = await fetch(`${cloud.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        client_id: 'any-client',
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        device_code,
      }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { id_token: string; client_info: string };
    expect(JSON.parse(Buffer.from(body.client_info, 'base64url').toString())).toEqual({ uid: alice.oid, utid: alice.tid });
    expect(JSON.parse(Buffer.from(body.id_token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'none' });
  });

  it('answers a declined device code with authorization_declined (MSAL reports post_request_failed)', async () => {
    cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'decline' });
    const failure = pca().acquireTokenByDeviceCode({ scopes: ['Files.Read'], deviceCodeCallback: () => undefined });
    await expect(failure).rejects.toMatchObject({ errorCode: 'post_request_failed' });
    await expect(failure).rejects.toThrow(/authorization_declined/);
    cloud.control.setDeviceCode({ outcome: 'approve' });
  });
});

describe('fake cloud with the real msal-node: incremental consent', () => {
  it('refuses a silent token for a scope never consented (interaction required), then a device code adds it', async () => {
    const work = cloud.control.createAccount({ kind: 'business', username: 'wendy@contoso.com' });
    cloud.control.createSite({ tenantOf: work.accountId, name: 'Team' });
    cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: work.accountId });
    const app = pca();
    const first = await app.acquireTokenByDeviceCode({
      scopes: ['Files.Read.All', 'offline_access'],
      deviceCodeCallback: () => undefined,
    });
    const sites = (token: string) =>
      fetch(`${cloud.graphUrl}/sites?search=team`, { headers: { Authorization: `Bearer ${token}` } });
    expect((await sites(first!.accessToken)).status).toBe(403);
    await expect(
      app.acquireTokenSilent({ account: first!.account!, scopes: ['Sites.Read.All'], forceRefresh: true }),
    ).rejects.toMatchObject({ name: 'InteractionRequiredAuthError', subError: 'consent_required' });
    const more = await app.acquireTokenByDeviceCode({
      scopes: ['Sites.Read.All', 'offline_access'],
      deviceCodeCallback: () => undefined,
    });
    expect((await sites(more!.accessToken)).status).toBe(200);
    const silent = await app.acquireTokenSilent({ account: more!.account!, scopes: ['Sites.Read.All'], forceRefresh: true });
    expect((await sites(silent.accessToken)).status).toBe(200);
    cloud.control.setDeviceCode({ accountId: undefined });
  });
});
