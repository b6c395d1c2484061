import { describe, expect, it } from 'vitest';
import { quickXorHash } from './index';
import { useFakeCloud } from './test-support';

const h = useFakeCloud();

function setup() {
  const acc = h.cloud.control.createAccount({ tree: { 'Big.bin': { size: 300_000 }, 'small.txt': 'hello world' } });
  const token = h.cloud.control.issueAccessToken(acc.accountId);
  return { acc, token };
}

async function downloadUrlOf(token: string, path: string): Promise<{ url: string; quickXorHash: string }> {
  const item = (await h.json(`/me/drive/root:/${path}:`, token)) as Record<string, any>;
  return { url: item['@microsoft.graph.downloadUrl'], quickXorHash: item.file.hashes.quickXorHash };
}

describe('fake cloud download host', () => {
  it('serves the whole file with 200 and a Range with 206 and Content-Range', async () => {
    const { acc, token } = setup();
    const { url, quickXorHash: advertised } = await downloadUrlOf(token, 'Big.bin');
    const whole = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(quickXorHash(whole)).toBe(advertised);
    const part = await fetch(url, { headers: { Range: 'bytes=299990-' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 299990-299999/300000');
    expect(Buffer.from(await part.arrayBuffer()).equals(whole.subarray(299990))).toBe(true);
    expect((await fetch(url, { headers: { Range: 'bytes=400000-' } })).status).toBe(416);
    expect(h.cloud.control.content(acc.accountId, 'Big.bin').equals(whole)).toBe(true);
  });

  it('can ignore Range and answer 200', async () => {
    const { token } = setup();
    const { url } = await downloadUrlOf(token, 'small.txt');
    h.cloud.control.setIgnoreRange(true);
    const res = await fetch(url, { headers: { Range: 'bytes=0-1' } });
    h.cloud.control.setIgnoreRange(false);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello world');
  });

  it('expires download URLs on demand and by TTL', async () => {
    const { token } = setup();
    const { url } = await downloadUrlOf(token, 'small.txt');
    h.cloud.control.expireDownloadUrls();
    expect((await fetch(url)).status).toBe(401);
    h.cloud.control.setDownloadUrlTtl(0);
    const short = await downloadUrlOf(token, 'small.txt');
    h.cloud.control.setDownloadUrlTtl(3600);
    expect((await fetch(short.url)).status).toBe(401);
    expect((await fetch((await downloadUrlOf(token, 'small.txt')).url)).status).toBe(200);
  });
});

describe('fake cloud faults', () => {
  it('resets or truncates a body mid-way', async () => {
    const { token } = setup();
    const { url } = await downloadUrlOf(token, 'Big.bin');
    h.cloud.control.fail('download', { kind: 'reset' });
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
    h.cloud.control.fail('download', { kind: 'truncate' });
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
    h.cloud.control.fail('children', { kind: 'truncate' });
    await expect(h.get('/me/drive/root/children', token).then((r) => r.json())).rejects.toThrow();
    expect((await fetch(url)).status).toBe(200);
  });

  it('serves bytes that do not match the advertised hash', async () => {
    const { token } = setup();
    const { url, quickXorHash: advertised } = await downloadUrlOf(token, 'small.txt');
    h.cloud.control.fail('download', { kind: 'corrupt' });
    const body = Buffer.from(await (await fetch(url)).arrayBuffer());
    expect(body.length).toBe(11);
    expect(quickXorHash(body)).not.toBe(advertised);
  });

  it('stalls a body half way until released, and says when it holds one', async () => {
    const { acc, token } = setup();
    const { url } = await downloadUrlOf(token, 'Big.bin');
    h.cloud.control.fail('download', { kind: 'stall' });
    const res = await fetch(url);
    const reader = res.body!.getReader();
    let got = 0;
    const reading = (async () => {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        got += value.length;
      }
    })();
    await h.cloud.control.whenStalled();
    await h.cloud.control.whenStalled(); // held now: resolves at once
    expect(got).toBeLessThanOrEqual(150_000);
    h.cloud.control.releaseStalls();
    await reading;
    expect(got).toBe(300_000);
    expect(h.cloud.control.content(acc.accountId, 'Big.bin').length).toBe(300_000);
  });

  it('answers 503 with Retry-After in Graph error shape, for a route or a predicate, N times', async () => {
    const { token } = setup();
    h.cloud.control.throttle('delta', { status: 503, retryAfter: 7, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await h.get('/me/drive/root/delta', token, { 'client-request-id': 'abc' });
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(await res.json()).toMatchObject({
        error: { code: 'serviceNotAvailable', innerError: { 'client-request-id': 'abc', date: expect.any(String) } },
      });
    }
    expect((await h.get('/me/drive/root/delta', token)).status).toBe(200);
    h.cloud.control.fail((r) => r.url.pathname.endsWith('/me'), { kind: 'status', status: 429, retryAfter: 3 });
    expect((await h.get('/me', token)).status).toBe(429);
  });

  it('throttles the token endpoint in OAuth shape', async () => {
    h.cloud.control.throttle('token', { retryAfter: 2 });
    const res = await fetch(`${h.cloud.authority}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'refresh_token' }),
    });
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('expires access tokens', async () => {
    const { acc, token } = setup();
    expect((await h.get('/me', token)).status).toBe(200);
    h.cloud.control.expireAccessTokens(acc.accountId);
    const res = await h.get('/me', token);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
  });

  it('adds latency and caps download bandwidth', async () => {
    const { token } = setup();
    const { url } = await downloadUrlOf(token, 'Big.bin');
    h.cloud.control.setLatency({ graphMs: 150, downloadBytesPerSecond: 1_000_000 });
    let started = Date.now();
    await h.get('/me', token);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    started = Date.now();
    await (await fetch(url)).arrayBuffer();
    expect(Date.now() - started).toBeGreaterThanOrEqual(250); // 300 kB at 1 MB/s
    h.cloud.control.setLatency({ graphMs: 0, downloadBytesPerSecond: 0 });
  });

  it('counts requests per route and resets the counters', async () => {
    const { token } = setup();
    h.cloud.control.resetCounts();
    await h.get('/me', token);
    await h.get('/me/drive', token);
    await h.get('/me/drive/root/children', token);
    expect(h.cloud.control.counts()).toEqual({ me: 1, drive: 1, children: 1 });
    expect(h.cloud.control.count()).toBe(3);
    h.cloud.control.resetCounts();
    expect(h.cloud.control.count('me')).toBe(0);
  });
});
