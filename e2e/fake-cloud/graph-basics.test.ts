import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, trustCaInProcess, type AccountInfo, type FakeCloud } from './index';

let cloud: FakeCloud;
let untrust: () => void;
let acc: AccountInfo;
let token: string;

beforeAll(async () => {
  cloud = await startFakeCloud();
  untrust = trustCaInProcess(cloud.caPem);
  acc = cloud.control.createAccount({
    tree: { 'Docs/a.txt': 'alpha', 'Docs/Sub/': null, 'Docs/b.txt': 'bravo', 'Big.bin': { size: 300_000 } },
  });
  token = cloud.control.issueAccessToken(acc.accountId);
});
afterAll(async () => {
  untrust();
  await cloud.close();
});

const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
  fetch(path.startsWith('https:') ? path : `${cloud.graphUrl}${path}`, {
    headers: { Authorization: `Bearer ${token}`, ...headers },
  });

describe('fake cloud Graph basics', () => {
  it('is trusted by node:https after trustCaInProcess too', async () => {
    const status = await new Promise<number>((resolve, reject) =>
      https
        .get(`${cloud.authority}/v2.0/.well-known/openid-configuration`, (r) => (r.resume(), resolve(r.statusCode!)))
        .on('error', reject),
    );
    expect(status).toBe(200);
  });

  it('refuses a missing or unknown bearer token with InvalidAuthenticationToken', async () => {
    const res = await fetch(`${cloud.graphUrl}/me`, { headers: { Authorization: 'Bearer nope' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', innerError: { 'request-id': expect.any(String) } },
    });
  });

  it('serves /me, /me/drive and items by path with parentReference.path', async () => {
    expect(await (await get('/me')).json()).toMatchObject({ id: acc.driveId, userPrincipalName: acc.username });
    expect(acc.driveId).toMatch(/^[0-9a-f]{16}$/);
    const item = (await (await get('/me/drive/root:/Docs/a.txt:')).json()) as Record<string, any>;
    expect(item.id).toMatch(/^[0-9A-F]{16}!\d+$/);
    expect(item.parentReference.path).toBe('/drive/root:/Docs');
    expect(item.file.hashes.sha1Hash).toMatch(/^[0-9A-F]{40}$/);
    expect(item['@microsoft.graph.downloadUrl']).toContain(cloud.downloadOrigin);
  });

  it('pages children with $top and an opaque absolute nextLink', async () => {
    const docs = cloud.control.itemId(acc.accountId, 'Docs');
    const first = (await (await get(`/drives/${acc.driveId}/items/${docs}/children?$top=2`)).json()) as Record<string, any>;
    expect(first.value.map((i: { name: string }) => i.name)).toEqual(['a.txt', 'b.txt']);
    const second = (await (await get(first['@odata.nextLink'])).json()) as Record<string, any>;
    expect(second.value.map((i: { name: string }) => i.name)).toEqual(['Sub']);
    expect(second['@odata.nextLink']).toBeUndefined();
  });

  it('reports changes by delta: first everything, then only what changed', async () => {
    const first = (await (await get('/me/drive/root/delta')).json()) as Record<string, any>;
    expect(first.value.length).toBe(6); // root, Docs, a, b, Sub, Big.bin
    cloud.control.modify(acc.accountId, 'Docs/a.txt', 'alpha 2');
    cloud.control.delete(acc.accountId, 'Docs/b.txt');
    const next = (await (await get(first['@odata.deltaLink'])).json()) as Record<string, any>;
    const byName = Object.fromEntries(next.value.map((i: { name: string }) => [i.name, i]));
    expect(Object.keys(byName).sort()).toEqual(['Docs', 'a.txt', 'b.txt', 'root']); // parents of changed items come along
    expect(byName['b.txt'].deleted).toEqual({});
  });

  it('redirects /content to the download host, which refuses an Authorization header', async () => {
    const id = cloud.control.itemId(acc.accountId, 'Big.bin');
    const res = await get(`/me/drive/items/${id}/content`, {});
    expect(res.redirected).toBe(true);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(cloud.control.content(acc.accountId, 'Big.bin'))).toBe(true);
    const manual = await fetch(`${cloud.graphUrl}/me/drive/items/${id}/content`, {
      headers: { Authorization: `Bearer ${token}` },
      redirect: 'manual',
    });
    expect(manual.status).toBe(302);
    const withAuth = await fetch(manual.headers.get('location')!, { headers: { Authorization: `Bearer ${token}` } });
    expect(withAuth.status).toBe(401);
  });
});
