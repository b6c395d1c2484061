import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeClock } from '../testing/fake-clock';
import { releaseLoopback, runStoppable } from './sign-in-control';

const never = () => new Promise<never>(() => {});

describe('runStoppable', () => {
  it('returns the result of work that finishes', async () => {
    await expect(runStoppable({}, createFakeClock(), new Set(), async () => 'ok')).resolves.toBe('ok');
  });

  it('times out with a message in minutes, and tells the work to stop', async () => {
    const clock = createFakeClock();
    let stopSignal: AbortSignal | undefined;
    const p = runStoppable({ timeoutMs: 5 * 60_000 }, clock, new Set(), (stop) => ((stopSignal = stop), never()));
    await clock.advance(5 * 60_000);
    await expect(p).rejects.toMatchObject({ code: 'timeout', message: 'Sign-in was not finished within 5 minutes. Try again.' });
    expect(stopSignal?.aborted).toBe(true);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('cancels when the caller aborts, and refuses to start when already aborted', async () => {
    const controller = new AbortController();
    const p = runStoppable({ signal: controller.signal }, createFakeClock(), new Set(), never);
    controller.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    await expect(runStoppable({ signal: controller.signal }, createFakeClock(), new Set(), never)).rejects.toMatchObject({
      code: 'cancelled',
    });
  });

  it('registers itself so dispose can cancel it, and unregisters when done', async () => {
    const pending = new Set<AbortController>();
    const p = runStoppable({}, createFakeClock(), pending, never);
    expect(pending.size).toBe(1);
    for (const c of pending) c.abort();
    await expect(p).rejects.toMatchObject({ code: 'cancelled' });
    expect(pending.size).toBe(0);
  });
});

describe('releaseLoopback', () => {
  let server: Server;
  let port: number;
  const bodies: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(body);
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const authUrl = (redirect: string) =>
    `https://login.test/common/oauth2/v2.0/authorize?redirect_uri=${encodeURIComponent(redirect)}&state=abc%7Cdef`;

  it('posts access_denied with the state to the localhost redirect', async () => {
    bodies.length = 0;
    await releaseLoopback(authUrl(`http://localhost:${port}`));
    expect(bodies).toEqual(['error=access_denied&error_description=cancelled&state=abc%7Cdef']);
  });

  it.each(['https://evil.test/', 'http://example.test:1234/'])('never posts to %s', async (redirect) => {
    const calls: string[] = [];
    const spy = (async (url: string) => (calls.push(url), new Response('x'))) as unknown as typeof fetch;
    await releaseLoopback(authUrl(redirect), spy);
    expect(calls).toEqual([]);
  });
});
