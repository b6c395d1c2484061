import { Client, ResponseType, type GraphError } from '@microsoft/microsoft-graph-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeCloud, trustCaInProcess, type AccountInfo, type FakeCloud } from './index';

let cloud: FakeCloud;
let untrust: () => void;
let acc: AccountInfo;
let client: Client;

const tree: Record<string, string | null> = { 'Empty/': null };
for (let i = 0; i < 7; i++) tree[`Many/file-${i}.txt`] = `content ${i}`;

beforeAll(async () => {
  cloud = await startFakeCloud();
  untrust = trustCaInProcess(cloud.caPem);
  acc = cloud.control.createAccount({ tree: { ...tree, 'Big.bin': { size: 200_000 } } });
  const token = cloud.control.issueAccessToken(acc.accountId);
  client = Client.init({
    baseUrl: cloud.authorityHost,
    defaultVersion: 'v1.0',
    customHosts: new Set(['127.0.0.1']),
    authProvider: (done) => done(null, token),
  });
});
afterAll(async () => {
  untrust();
  await cloud.close();
});

interface Page {
  value: Array<{ id: string; name: string }>;
  '@odata.nextLink'?: string;
  '@odata.deltaLink'?: string;
}

async function followAll(first: string, top?: number): Promise<{ names: string[]; pages: number; deltaLink?: string }> {
  const names: string[] = [];
  let pages = 0;
  let page = (await (top ? client.api(first).top(top) : client.api(first)).get()) as Page;
  for (;;) {
    pages++;
    names.push(...page.value.map((i) => i.name));
    if (!page['@odata.nextLink']) return { names, pages, deltaLink: page['@odata.deltaLink'] };
    page = (await client.api(page['@odata.nextLink']).get()) as Page;
  }
}

describe('fake cloud with the real @microsoft/microsoft-graph-client', () => {
  it('pages children to the end through absolute nextLinks', async () => {
    const many = cloud.control.itemId(acc.accountId, 'Many');
    const { names, pages } = await followAll(`/drives/${acc.driveId}/items/${many}/children`, 3);
    expect(pages).toBe(3);
    expect(names).toEqual([...Array(7).keys()].map((i) => `file-${i}.txt`));
  });

  it('pages delta to the deltaLink, then the deltaLink reports one change', async () => {
    cloud.control.setDeltaOptions({ pageSize: 4 });
    const first = await followAll('/me/drive/root/delta');
    expect(first.pages).toBe(3); // 11 items: root, Empty, Many, 7 files, Big.bin
    expect(new Set(first.names).size).toBe(11);
    cloud.control.rename(acc.accountId, 'Empty', 'Renamed');
    const next = await followAll(first.deltaLink!);
    expect(next.names).toEqual(['root', 'Renamed']);
    cloud.control.setDeltaOptions({ pageSize: 200 });
  });

  it('retries a 429 after Retry-After and then succeeds', async () => {
    cloud.control.resetCounts();
    cloud.control.throttle('me', { retryAfter: 1, times: 1 });
    const started = Date.now();
    const me = (await client.api('/me').get()) as { id: string };
    expect(me.id).toBe(acc.driveId);
    expect(cloud.control.count('me')).toBe(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('follows /content to the download host without the Authorization header and gets a Range as 206', async () => {
    cloud.control.resetCounts();
    const id = cloud.control.itemId(acc.accountId, 'Big.bin');
    const body = (await client
      .api(`/me/drive/items/${id}/content`)
      .header('Range', 'bytes=100-199')
      .responseType(ResponseType.ARRAYBUFFER)
      .get()) as ArrayBuffer;
    expect(Buffer.from(body).equals(cloud.control.content(acc.accountId, 'Big.bin').subarray(100, 200))).toBe(true);
    const download = cloud.control.requests().find((r) => r.route === 'download')!;
    expect(download).toMatchObject({ hadAuthorization: false, status: 206 });
  });

  it('surfaces Graph errors as GraphError with code and status', async () => {
    const failure = client.api('/me/drive/items/NOPE!1').get();
    await expect(failure).rejects.toMatchObject({ statusCode: 404, code: 'itemNotFound' } satisfies Partial<GraphError>);
  });
});
