import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFetchNetworkClient, parseRetryAfterMs, TokenEndpointHttpError } from './network-client';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  it.each([
    ['41', 41_000],
    [' 0 ', 0],
    ['Thu, 01 Jan 2026 00:00:30 GMT', 30_000],
    ['Wed, 31 Dec 2025 23:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});

describe('fetch network client', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/429') return void res.writeHead(429, { 'retry-after': '9' }).end('{"error":"temporarily_unavailable"}');
      if (req.url === '/502') return void res.writeHead(502).end('<html>bad gateway</html>');
      if (req.url === '/400')
        return void res.writeHead(400, { 'content-type': 'application/json' }).end('{"error":"invalid_grant"}');
      res.writeHead(200, { 'content-type': 'application/json', 'x-test': 'yes' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const client = createFetchNetworkClient();

  it('returns JSON bodies with status and headers', async () => {
    const r = await client.sendGetRequestAsync<{ ok: boolean }>(`${base}/ok`);
    expect(r).toMatchObject({ status: 200, body: { ok: true }, headers: { 'x-test': 'yes' } });
  });

  it('hands 4xx OAuth errors to MSAL as responses', async () => {
    const r = await client.sendPostRequestAsync<{ error: string }>(`${base}/400`, { body: 'a=b' });
    expect(r).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('throws 429 with its Retry-After and 5xx with its status', async () => {
    await expect(client.sendPostRequestAsync(`${base}/429`)).rejects.toMatchObject({ status: 429, retryAfterMs: 9000 });
    const e = await client.sendPostRequestAsync(`${base}/502`).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TokenEndpointHttpError);
    expect(e).toMatchObject({ status: 502 });
  });

  it('reports a refused connection as network_error', async () => {
    await expect(client.sendGetRequestAsync('http://127.0.0.1:1/x')).rejects.toMatchObject({ errorCode: 'network_error' });
  });
});
