import {
  AuthenticationHandler,
  Client,
  HTTPMessageHandler,
  type Middleware,
  RedirectHandler,
  RetryHandler,
  TelemetryHandler,
} from '@microsoft/microsoft-graph-client';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../errors';
import { silentLogger } from '../../ports';
import { createFakeClock } from '../../testing/fake-clock';
import { rejection } from '../../testing/rejection';
import { createDriveClient, hostSettings } from '../drive-client';
import { graphError, sendJson, startTestServer, type TestServer } from '../../testing/test-http-server';
import { ThrottleGate } from '../throttle-gate';
import { createTokenCache } from './auth';
import { createGraphChain } from './chain';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('the Graph middleware chain', () => {
  it('holds none of the library’s stock handlers', () => {
    const clock = createFakeClock(0);
    const chain = createGraphChain({
      graphUrl: 'https://graph.microsoft.com/v1.0',
      tokens: createTokenCache(async () => 't', 0, clock.now),
      gate: new ThrottleGate(clock),
      fetch: globalThis.fetch,
      maxAttempts: 5,
      requestTimeoutMs: 1000,
      now: clock.now,
      logger: silentLogger,
    });
    const stock = [RetryHandler, RedirectHandler, TelemetryHandler, AuthenticationHandler, HTTPMessageHandler];
    expect(chain.filter((link) => stock.some((s) => link instanceof s))).toEqual([]);
  });

  it('answers a 503 without Retry-After by our gate, never by a silent library retry', async () => {
    server = await startTestServer((_req, res) => graphError(res, 503, 'serviceNotAvailable'));
    const clock = createFakeClock(0, { auto: true });
    const gate = new ThrottleGate(clock, { random: () => 0.5 });
    const once = createDriveClient({
      graphUrl: `${server.url}/v1.0`,
      getToken: async () => 't',
      gate,
      now: clock.now,
      maxAttempts: 1,
    });
    const e = await rejection(once.getMe());
    expect(isAppError(e, 'throttled')).toBe(true);
    expect(server.seen).toHaveLength(1); // the library's RetryHandler would have sent it 4 times
    expect(gate.pausedUntil()).toBe(750); // our gate paused the account (backoff: random 0.5 of 1 s)
    const twice = createDriveClient({
      graphUrl: `${server.url}/v1.0`,
      getToken: async () => 't',
      gate,
      now: clock.now,
      maxAttempts: 2,
    });
    await rejection(twice.getMe());
    expect(server.seen).toHaveLength(3);
    expect(clock.elapsed()).toBe(750 + 1500); // our clock and backoff, not the library's 3 s delays
  });

  it('sends a deltaLink byte for byte: token=, $ names and escapes in their order', async () => {
    server = await startTestServer((_req, res) => sendJson(res, 200, { value: [] }));
    const client = createDriveClient({
      graphUrl: `${server.url}/v1.0`,
      getToken: async () => 't',
      gate: new ThrottleGate(createFakeClock(0)),
    });
    const links = [
      '/v1.0/drives/b!x-Y_z/root/delta?token=aTE09NjM3%3D%3D&$select=id,deleted&$top=5',
      "/v1.0/drives/d/root/delta(token='a$b')?token=1&token=2&$skiptoken=Zz%3D%3D",
    ];
    for (const link of links) await client.getPage(`${server.url}${link}`);
    expect(server.seen.map((r) => r.url)).toEqual(links);
  });

  it('(why links ride as exactUrl) the library alone would reorder a deltaLink’s query', async () => {
    const sent: string[] = [];
    const capture: Middleware = {
      execute: async (context) => {
        sent.push(String(context.request));
        context.response = new Response('{}', { headers: { 'content-type': 'application/json' } });
      },
    };
    const client = Client.initWithMiddleware({ middleware: capture, baseUrl: 'https://graph.example' });
    await client.api('https://graph.example/v1.0/drives/d/root/delta?token=abc&$top=5').get();
    expect(sent).toEqual(['https://graph.example/v1.0/drives/d/root/delta?$top=5&token=abc']);
  });

  it.each([
    ['https://graph.microsoft.us/v1.0', 'https://graph.microsoft.us/v1.0/me'],
    ['https://microsoftgraph.chinacloudapi.cn/v1.0/', 'https://microsoftgraph.chinacloudapi.cn/v1.0/me'],
    ['https://proxy.example:8443/graph/beta', 'https://proxy.example:8443/graph/beta/me'],
  ])('national clouds and custom hosts come from the library’s host settings: %s', async (graphUrl, expected) => {
    const sent: string[] = [];
    const client = createDriveClient({
      graphUrl,
      getToken: async () => 't',
      gate: new ThrottleGate(createFakeClock(0)),
      fetch: async (input) => {
        sent.push(String(input));
        return new Response('{"id":"u"}', { headers: { 'content-type': 'application/json' } });
      },
    });
    await client.getMe();
    expect(sent).toEqual([expected]);
    expect(hostSettings(graphUrl).customHosts).toEqual(new Set([new URL(graphUrl).hostname]));
  });
});
