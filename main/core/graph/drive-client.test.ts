import { afterEach, describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../errors';
import { type Logger, silentLogger } from '../ports';
import { createDriveClient, type DriveClient } from './drive-client';
import { createFakeClock, type FakeClock } from '../testing/fake-clock';
import { parseRetryAfter, redact, ResyncRequiredError } from './graph-errors';
import { graphError, type Handler, sendJson, startTestServer, type TestServer } from '../testing/test-http-server';
import { ThrottleGate } from './throttle-gate';
import { rejection } from '../testing/rejection';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

interface Setup {
  client: DriveClient;
  server: TestServer;
  clock: FakeClock;
  gate: ThrottleGate;
  tokenCalls: { forceRefresh: boolean }[];
}

async function setup(
  handler: Handler,
  options: {
    getToken?: (o: { forceRefresh: boolean }) => Promise<string>;
    gate?: ThrottleGate;
    clock?: FakeClock;
    logger?: Logger;
  } = {},
): Promise<Setup> {
  server = await startTestServer(handler);
  const clock = options.clock ?? createFakeClock(0, { auto: true });
  const gate = options.gate ?? new ThrottleGate(clock, { random: () => 0.5 });
  const tokenCalls: { forceRefresh: boolean }[] = [];
  let n = 0;
  const getToken =
    options.getToken ??
    (async (o: { forceRefresh: boolean }) => {
      tokenCalls.push(o);
      return `token-${++n}`;
    });
  const client = createDriveClient({ graphUrl: `${server.url}/v1.0/`, getToken, gate, now: clock.now, logger: options.logger });
  return { client, server, clock, gate, tokenCalls };
}

describe('drive client', () => {
  it('sends the bearer token to Graph and counts requests', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 200, { id: 'u1', displayName: 'Ada' }));
    expect(await client.getMe()).toMatchObject({ id: 'u1' });
    await client.getDrive('d!1');
    expect(server.seen.map((r) => r.url)).toEqual(['/v1.0/me', '/v1.0/drives/d!1']);
    expect(server.seen[0]!.headers.authorization).toBe('Bearer token-1');
    expect(client.requests).toBe(2);
  });

  it('counts the requests of each fork apart, and all of them on the parent', async () => {
    const { client } = await setup((_req, res) => sendJson(res, 200, { id: 'x' }));
    const a = client.fork!();
    const b = client.fork!();
    await Promise.all([a.getMe(), a.getItem('d', '1'), b.getMe()]);
    const aa = a.fork!();
    await aa.getMe();
    expect([client.requests, a.requests, b.requests, aa.requests]).toEqual([4, 3, 1, 1]);
  });

  it('addresses items by path segment by segment, and the root as root', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 200, { id: 'x' }));
    await client.getItemByPath('d1', '/Documents/Q1 #1/a%b');
    await client.getItemByPath('d1', '/');
    expect(server.seen.map((r) => r.url)).toEqual(['/v1.0/drives/d1/root:/Documents/Q1%20%231/a%25b:', '/v1.0/drives/d1/root']);
  });

  it('follows every children nextLink verbatim, one array per page', async () => {
    const { client, server } = await setup((req, res) => {
      const base = `http://127.0.0.1:${(req.socket.localPort ?? 0).toString()}`;
      if (req.url?.endsWith('/children'))
        return sendJson(res, 200, { value: [{ id: 'a' }], '@odata.nextLink': `${base}/v1.0/opaque?$skiptoken=Zz%3D%3D&b=2` });
      if (req.url?.startsWith('/v1.0/opaque?$skiptoken=Zz%3D%3D&b=2'))
        return sendJson(res, 200, { value: [], '@odata.nextLink': `${base}/v1.0/last` });
      return sendJson(res, 200, { value: [{ id: 'b' }, { id: 'c' }] });
    });
    const pages: string[][] = [];
    for await (const page of client.listChildren('d1', 'root!1')) pages.push(page.map((i) => i.id));
    expect(pages).toEqual([['a'], [], ['b', 'c']]);
    expect(server.seen).toHaveLength(3);
  });

  it('never sends the token to a nextLink or deltaLink on another origin: a logged AppError instead', async () => {
    const other = await startTestServer((_req, res) => sendJson(res, 200, { value: [] }));
    try {
      const warnings: string[] = [];
      const logger: Logger = { ...silentLogger, warn: (msg) => void warnings.push(msg) };
      const { client, tokenCalls } = await setup(
        (_req, res) => sendJson(res, 200, { value: [{ id: 'a' }], '@odata.nextLink': `${other.url}/v1.0/steal?token=x` }),
        { logger },
      );
      const pages: string[][] = [];
      const e = await rejection(
        (async () => {
          for await (const page of client.listChildren('d1', 'root!1')) pages.push(page.map((i) => i.id));
        })(),
      );
      expect(pages).toEqual([['a']]);
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).message).toContain(new URL(other.url).host);
      // A stored deltaLink on another origin (a tampered state file, an old cloud) is refused the same way.
      await expect(client.getPage(`${other.url}/v1.0/drives/d/root/delta?token=t`)).rejects.toBeInstanceOf(AppError);
      // Same host, other scheme: another origin too.
      await expect(client.getPage(`https://127.0.0.1:${new URL(server!.url).port}/v1.0/x`)).rejects.toBeInstanceOf(AppError);
      expect(other.seen).toHaveLength(0);
      expect(tokenCalls).toHaveLength(1);
      expect(warnings.filter((w) => w.includes('another origin'))).toHaveLength(3);
    } finally {
      await other.close();
    }
  });

  it('gets a fresh token once after a 401 and continues', async () => {
    const { client, tokenCalls, server } = await setup((req, res) =>
      req.headers.authorization === 'Bearer token-1'
        ? graphError(res, 401, 'InvalidAuthenticationToken')
        : sendJson(res, 200, { id: 'i1' }),
    );
    expect(await client.getItem('d1', 'i1')).toMatchObject({ id: 'i1' });
    expect(tokenCalls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
    expect(server.seen.map((r) => r.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
  });

  it('refreshes once when many requests get a 401 at the same time', async () => {
    const { client, tokenCalls } = await setup((req, res) =>
      req.headers.authorization === 'Bearer token-1'
        ? graphError(res, 401, 'InvalidAuthenticationToken')
        : sendJson(res, 200, { id: 'i' }),
    );
    await Promise.all([client.getItem('d', '1'), client.getItem('d', '2'), client.getItem('d', '3')]);
    expect(tokenCalls).toEqual([{ forceRefresh: false }, { forceRefresh: true }]);
  });

  it('says access_denied when even a fresh token is refused, and never shows the token', async () => {
    const { client } = await setup((_req, res) => graphError(res, 401, 'InvalidAuthenticationToken'));
    const e = await rejection(client.getMe());
    expect(isAppError(e, 'access_denied')).toBe(true);
    expect(String((e as Error).message)).not.toContain('token-');
  });

  it('never writes a token into its logs or errors, whatever goes wrong', async () => {
    const lines: string[] = [];
    const logger: Logger = {
      debug: (m, f) => lines.push(m + JSON.stringify(f)),
      info: (m, f) => lines.push(m + JSON.stringify(f)),
      warn: (m, f) => lines.push(m + JSON.stringify(f)),
      error: (m, f) => lines.push(m + JSON.stringify(f)),
      child: () => logger,
    };
    let n = 0;
    server = await startTestServer((req, res) => {
      n++;
      if (n === 1) return graphError(res, 401, 'InvalidAuthenticationToken');
      if (n === 2) return graphError(res, 429, 'activityLimitReached', { 'retry-after': '1' });
      if (n === 3) return void req.socket.destroy();
      sendJson(res, 500, { error: { code: 'x', message: `echo ${req.headers.authorization ?? ''}` } });
    });
    const clock = createFakeClock(0, { auto: true });
    let t = 0;
    const client = createDriveClient({
      graphUrl: `${server.url}/v1.0`,
      getToken: async () => `eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.secret-token-${++t}`,
      gate: new ThrottleGate(clock),
      logger,
      now: clock.now,
    });
    const e = await rejection(client.getMe());
    expect(isAppError(e, 'offline')).toBe(true);
    expect(lines.length).toBeGreaterThan(3);
    expect([...lines, (e as Error).message].join('\n')).not.toMatch(/secret-token|eyJhbGci/);
  });

  it('passes the token layer’s reconnect_required through untouched', async () => {
    const reconnect = new AppError('reconnect_required');
    let calls = 0;
    const { client } = await setup((_req, res) => graphError(res, 401, 'InvalidAuthenticationToken'), {
      getToken: async (o) => {
        calls++;
        if (o.forceRefresh) throw reconnect;
        return 'stale';
      },
    });
    expect(await rejection(client.getMe())).toBe(reconnect);
    expect(calls).toBe(2);
  });

  it.each([
    [403, 'accessDenied', 'access_denied'],
    [404, 'itemNotFound', 'remote_missing'],
    [507, 'quotaLimitReached', 'access_denied'],
    [400, 'invalidRequest', 'internal'],
  ] as const)('maps %i %s to %s without retrying', async (status, code, appCode) => {
    const { client, server } = await setup((_req, res) => graphError(res, status, code));
    const e = await rejection(client.getItem('d', 'i'));
    expect(isAppError(e, appCode)).toBe(true);
    expect((e as Error).message).toContain(code);
    expect(server.seen).toHaveLength(1);
  });

  it('throws ResyncRequiredError on 410 so the enumerator can start over', async () => {
    const { client } = await setup((_req, res) => graphError(res, 410, 'resyncRequired'));
    const e = await rejection(client.getPage(`${server!.url}/v1.0/drives/d/root/delta?token=old`));
    expect(e).toBeInstanceOf(ResyncRequiredError);
  });

  it('pauses every request of the account for Retry-After after a 429, then succeeds', async () => {
    let throttled = false;
    const { client, clock, gate, server } = await setup((_req, res) => {
      if (!throttled) {
        throttled = true;
        return graphError(res, 429, 'activityLimitReached', { 'retry-after': '41' });
      }
      return sendJson(res, 200, { id: 'ok' });
    });
    const first = client.getItem('d', '1');
    // Let the 429 arrive before the others start: they must wait at the gate, not hammer Graph.
    while (gate.pausedUntil() === 0) await new Promise((r) => setImmediate(r));
    const sentBeforePause = server.seen.length;
    const others = [client.getItem('d', '2'), client.getItem('d', '3')];
    await Promise.all([first, ...others]);
    expect(sentBeforePause).toBe(1);
    expect(server.seen).toHaveLength(4);
    expect(clock.elapsed()).toBe(41_000);
  });

  it('gives up with throttled (and the last Retry-After) after five throttled tries', async () => {
    const { client, clock, server } = await setup((_req, res) =>
      graphError(res, 503, 'serviceNotAvailable', { 'retry-after': '10' }),
    );
    const e = await rejection(client.getMe());
    expect(isAppError(e, 'throttled')).toBe(true);
    expect((e as AppError).retryAfterMs).toBe(10_000);
    expect(server.seen).toHaveLength(5);
    expect(clock.elapsed()).toBe(40_000);
  });

  it('backs off exponentially on 429 without Retry-After', async () => {
    let n = 0;
    const { client, clock } = await setup((_req, res) =>
      ++n < 4 ? graphError(res, 429, 'activityLimitReached') : sendJson(res, 200, { id: 'x' }),
    );
    await client.getMe();
    // random() = 0.5 -> 0.75 of 1 s, 2 s, 4 s
    expect(clock.elapsed()).toBe(750 + 1500 + 3000);
  });

  it('retries 5xx and then succeeds, or reports offline', async () => {
    let n = 0;
    const flaky = await setup((_req, res) => (++n < 3 ? graphError(res, 502, 'badGateway') : sendJson(res, 200, { id: 'x' })));
    expect(await flaky.client.getMe()).toMatchObject({ id: 'x' });
    await server!.close();
    const down = await setup((_req, res) => graphError(res, 500, 'generalException'));
    expect(isAppError(await rejection(down.client.getMe()), 'offline')).toBe(true);
    expect(down.server.seen).toHaveLength(5);
  });

  it('retries a connection reset and reports offline when it persists', async () => {
    let n = 0;
    const { client } = await setup((req, res) => {
      if (++n <= 2) {
        req.socket.destroy();
        return;
      }
      sendJson(res, 200, { id: 'after-reset' });
    });
    expect(await client.getMe()).toMatchObject({ id: 'after-reset' });
    await server!.close();
    const dead = await setup((req) => void req.socket.destroy());
    const e = await rejection(dead.client.getMe());
    expect(isAppError(e, 'offline')).toBe(true);
    expect(dead.server.seen).toHaveLength(5);
  });

  it('gets a fresh download URL from the item', async () => {
    const { client } = await setup((_req, res) =>
      sendJson(res, 200, { id: 'f', '@microsoft.graph.downloadUrl': 'https://dl.example/f?tempauth=abc' }),
    );
    expect(await client.freshDownloadUrl('d', 'f')).toBe('https://dl.example/f?tempauth=abc');
  });

  it('builds delta and children URLs under the configured Graph URL', async () => {
    const { client, server } = await setup((_req, res) => sendJson(res, 200, {}));
    expect(client.deltaUrl('d1', 'F!1')).toBe(`${server.url}/v1.0/drives/d1/items/F!1/delta`);
    expect(client.deltaUrl('b!x', null, { latest: true })).toBe(`${server.url}/v1.0/drives/b!x/root/delta?token=latest`);
    expect(client.childrenUrl('d1', 'F!1')).toBe(`${server.url}/v1.0/drives/d1/items/F!1/children`);
  });

  it('stops when aborted while paused by the gate', async () => {
    const clock = createFakeClock(0);
    const gate = new ThrottleGate(clock);
    gate.pauseFor(60_000);
    const { client } = await setup((_req, res) => sendJson(res, 200, { value: [] }), { clock, gate });
    const ac = new AbortController();
    const p = client.getPage(`${server!.url}/v1.0/x`, ac.signal);
    ac.abort(new Error('cancelled by user'));
    expect(((await rejection(p)) as Error).message).toBe('cancelled by user');
    expect(server!.seen).toHaveLength(0);
  });
});

describe('graph errors', () => {
  it('reads Retry-After as seconds or as a date', () => {
    expect(parseRetryAfter('41', 0)).toBe(41_000);
    expect(parseRetryAfter(null, 0)).toBeNull();
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:01:00 GMT', 0)).toBe(60_000);
    expect(parseRetryAfter('soon', 0)).toBeNull();
  });

  it('redacts bearer tokens, JWTs and credential query parameters', () => {
    const text = redact('Bearer abc.def got eyJhbGciOiJub25lIn0.eyJzdWIiOiIxIn0.sig at https://dl/x?tempauth=SECRET&v=1');
    expect(text).not.toMatch(/abc\.def|eyJhbGci|SECRET/);
    expect(text).toContain('v=1');
  });
});
