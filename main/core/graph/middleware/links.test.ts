import { GraphClientError } from '@microsoft/microsoft-graph-client';
import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../errors';
import { type Logger, silentLogger } from '../../ports';
import { createFakeClock } from '../../testing/fake-clock';
import { rejection } from '../../testing/rejection';
import { ResyncRequiredError } from '../graph-errors';
import { ThrottleGate } from '../throttle-gate';
import { Authorize, createTokenCache } from './auth';
import { CountRequests } from './count';
import { NetworkFailure, SendRequest } from './fetch';
import { MapErrors, unwrap } from './map-errors';
import { CheckOrigin } from './origin-check';
import { contextFor, fakeNext, graphAnswer, jsonAnswer } from './test-context';
import { PassGate } from './throttle';

const G = 'https://graph.example/v1.0';

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (m, f) => void lines.push(`debug ${m} ${JSON.stringify(f ?? {})}`),
    info: (m, f) => void lines.push(`info ${m} ${JSON.stringify(f ?? {})}`),
    warn: (m, f) => void lines.push(`warn ${m} ${JSON.stringify(f ?? {})}`),
    error: (m, f) => void lines.push(`error ${m} ${JSON.stringify(f ?? {})}`),
    child: () => logger,
  };
  return { logger, lines };
}

describe('MapErrors', () => {
  const link = (...answers: Parameters<typeof fakeNext>) => {
    const m = new MapErrors(() => 0, silentLogger);
    const fake = fakeNext(...answers);
    m.setNext(fake.next);
    return m;
  };

  it('leaves a successful answer alone', async () => {
    const ctx = contextFor(`${G}/me`);
    await link(jsonAnswer(200, { id: 'u' })).execute(ctx);
    expect(await ctx.response!.json()).toEqual({ id: 'u' });
  });

  it.each([
    [404, 'itemNotFound', 'remote_missing'],
    [429, 'activityLimitReached', 'throttled'],
    [401, 'InvalidAuthenticationToken', 'access_denied'],
  ] as const)('turns a final %i into our AppError (%s -> %s), carried past the library', async (status, code, appCode) => {
    const e = await rejection(link(graphAnswer(status, code, { 'retry-after': '7' })).execute(contextFor(`${G}/x`)));
    expect(e).toBeInstanceOf(GraphClientError); // the one kind the library rethrows untouched
    const ours = unwrap(e);
    expect(isAppError(ours, appCode)).toBe(true);
    expect((ours as Error).message).toContain(code);
    if (appCode === 'throttled') expect((ours as AppError).retryAfterMs).toBe(7000);
  });

  it('gives 410 as ResyncRequiredError, and what a link threw as it was', async () => {
    expect(unwrap(await rejection(link(graphAnswer(410, 'resyncRequired')).execute(contextFor(`${G}/d`))))).toBeInstanceOf(
      ResyncRequiredError,
    );
    const thrown = new AppError('reconnect_required');
    expect(unwrap(await rejection(link(thrown).execute(contextFor(`${G}/d`))))).toBe(thrown);
  });

  it('unwraps an error of the library itself as internal, without a token', () => {
    const e = unwrap(new Error('bad JSON near Bearer abc.def'));
    expect(isAppError(e, 'internal')).toBe(true);
    expect((e as Error).message).not.toContain('abc.def');
  });
});

describe('CheckOrigin', () => {
  it('sends an opaque link exactly as given', async () => {
    const link = new CheckOrigin(G, silentLogger);
    const fake = fakeNext(jsonAnswer(200, {}));
    link.setNext(fake.next);
    const exact = `${G}/drives/d/root/delta?token=a%3D$b&$top=5`;
    await link.execute(contextFor(`${G}/drives/d/root/delta?$top=5&token=a%3D$b`, { exactUrl: exact }));
    expect(fake.seen.map((s) => s.url)).toEqual([exact]);
  });

  it.each([
    ['another host', 'https://evil.example/v1.0/x'],
    ['another scheme', 'http://graph.example/v1.0/x'],
    ['another port', 'https://graph.example:8443/v1.0/x'],
    ['not a URL', 'drives/x'],
  ])('refuses %s before anything is sent, and says so in the log', async (_what, url) => {
    const { logger, lines } = recordingLogger();
    const link = new CheckOrigin(G, logger);
    const fake = fakeNext(jsonAnswer(200, {}));
    link.setNext(fake.next);
    const e = await rejection(link.execute(contextFor(G, { exactUrl: url })));
    expect(isAppError(e, 'internal')).toBe(true);
    expect(fake.seen).toHaveLength(0);
    expect(lines.join('\n')).toContain('another origin refused');
  });
});

describe('PassGate', () => {
  function setup(maxAttempts: number, ...answers: Parameters<typeof fakeNext>) {
    const clock = createFakeClock(0, { auto: true });
    const gate = new ThrottleGate(clock, { random: () => 0.5 });
    const link = new PassGate(gate, maxAttempts, clock.now, silentLogger);
    const fake = fakeNext(...answers);
    link.setNext(fake.next);
    return { clock, gate, link, seen: fake.seen };
  }

  it('pauses the whole account for Retry-After after a 429, then passes', async () => {
    const { clock, gate, link, seen } = setup(
      5,
      graphAnswer(429, 'activityLimitReached', { 'retry-after': '41' }),
      jsonAnswer(200, {}),
    );
    const ctx = contextFor(`${G}/me`);
    await link.execute(ctx);
    expect(ctx.response!.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(clock.elapsed()).toBe(41_000);
    expect(gate.pausedUntil()).toBe(41_000);
  });

  it('answers a 503 without Retry-After with its own growing backoff, and gives the last answer up after maxAttempts', async () => {
    const { clock, link, seen } = setup(3, graphAnswer(503, 'serviceNotAvailable'));
    const ctx = contextFor(`${G}/me`);
    await link.execute(ctx);
    expect(ctx.response!.status).toBe(503);
    expect(seen).toHaveLength(3);
    expect(clock.elapsed()).toBe(750 + 1500); // the third answer ends it: no pause waited out after it
  });

  it('retries 5xx with backoff, and hands other failures up after one try', async () => {
    const flaky = setup(5, graphAnswer(502, 'badGateway'), jsonAnswer(200, {}));
    await flaky.link.execute(contextFor(`${G}/me`));
    expect(flaky.seen).toHaveLength(2);
    expect(flaky.clock.elapsed()).toBe(750);
    const missing = setup(5, graphAnswer(404, 'itemNotFound'));
    const ctx = contextFor(`${G}/me`);
    await missing.link.execute(ctx);
    expect(ctx.response!.status).toBe(404);
    expect(missing.seen).toHaveLength(1);
  });

  it('retries a request that got no answer, then reports offline; other errors go up at once', async () => {
    const reset = new NetworkFailure(new Error('socket hang up'));
    const recovers = setup(5, reset, jsonAnswer(200, {}));
    await recovers.link.execute(contextFor(`${G}/me`));
    expect(recovers.seen).toHaveLength(2);
    const dead = setup(3, reset);
    expect(isAppError(await rejection(dead.link.execute(contextFor(`${G}/me`))), 'offline')).toBe(true);
    expect(dead.seen).toHaveLength(3);
    const reconnect = new AppError('reconnect_required');
    const token = setup(5, reconnect);
    expect(await rejection(token.link.execute(contextFor(`${G}/me`)))).toBe(reconnect);
    expect(token.seen).toHaveLength(1);
  });

  it('waits at a paused gate before sending, and stops there when aborted', async () => {
    const clock = createFakeClock(0);
    const gate = new ThrottleGate(clock);
    gate.pauseFor(60_000);
    const link = new PassGate(gate, 5, clock.now, silentLogger);
    const fake = fakeNext(jsonAnswer(200, {}));
    link.setNext(fake.next);
    const ac = new AbortController();
    const p = link.execute(contextFor(`${G}/me`, { signal: ac.signal }));
    ac.abort(new Error('cancelled by user'));
    expect(((await rejection(p)) as Error).message).toBe('cancelled by user');
    expect(fake.seen).toHaveLength(0);
  });
});

describe('Authorize', () => {
  function setup(...answers: Parameters<typeof fakeNext>) {
    const calls: boolean[] = [];
    let n = 0;
    const tokens = createTokenCache(
      async ({ forceRefresh }) => {
        calls.push(forceRefresh);
        return `token-${++n}`;
      },
      60_000,
      () => 0,
    );
    const link = new Authorize(tokens, silentLogger);
    const fake = fakeNext(...answers);
    link.setNext(fake.next);
    return { link, calls, seen: fake.seen };
  }

  it('sends the profile’s token, reused across requests', async () => {
    const { link, calls, seen } = setup(jsonAnswer(200, {}));
    await link.execute(contextFor(`${G}/me`));
    await link.execute(contextFor(`${G}/me/drive`));
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer token-1', 'Bearer token-1']);
    expect(calls).toEqual([false]);
  });

  it('refreshes once after a 401 and sends again; a request refreshes only once, even across retries', async () => {
    const { link, calls, seen } = setup(graphAnswer(401, 'InvalidAuthenticationToken'));
    const ctx = contextFor(`${G}/me`);
    await link.execute(ctx);
    expect(seen.map((s) => s.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(ctx.response!.status).toBe(401);
    await link.execute(ctx); // the throttle link's next try of the same request
    expect(calls).toEqual([false, true]);
    expect(seen).toHaveLength(3);
  });

  it('refreshes once when many requests get a 401 with the same token', async () => {
    const { link, calls } = setup(
      graphAnswer(401, 'InvalidAuthenticationToken'),
      graphAnswer(401, 'InvalidAuthenticationToken'),
      graphAnswer(401, 'InvalidAuthenticationToken'),
      jsonAnswer(200, {}),
    );
    await Promise.all([1, 2, 3].map(() => link.execute(contextFor(`${G}/me`))));
    expect(calls).toEqual([false, true]);
  });

  it('passes the token layer’s AppError through, and hides other token failures', async () => {
    const reconnect = new AppError('reconnect_required');
    const failing = new Authorize(
      createTokenCache(
        async () => {
          throw reconnect;
        },
        0,
        () => 0,
      ),
      silentLogger,
    );
    failing.setNext(fakeNext(jsonAnswer(200, {})).next);
    expect(await rejection(failing.execute(contextFor(`${G}/me`)))).toBe(reconnect);
    const leaky = new Authorize(
      createTokenCache(
        async () => {
          throw new Error('refresh failed: Bearer eyJabcdefgh.eyJabcdefgh.sig');
        },
        0,
        () => 0,
      ),
      silentLogger,
    );
    leaky.setNext(fakeNext(jsonAnswer(200, {})).next);
    const e = await rejection(leaky.execute(contextFor(`${G}/me`)));
    expect(isAppError(e, 'internal')).toBe(true);
    expect((e as Error).message).not.toContain('eyJabcdefgh');
  });
});

describe('CountRequests', () => {
  it('counts each attempt on every counter of the call', async () => {
    const link = new CountRequests();
    link.setNext(fakeNext(jsonAnswer(200, {})).next);
    const client = { n: 0 };
    const run = { n: 0 };
    await link.execute(contextFor(`${G}/me`, { counters: [client, run] }));
    await link.execute(contextFor(`${G}/me`, { counters: [client] }));
    expect([client.n, run.n]).toEqual([2, 1]);
  });
});

describe('SendRequest', () => {
  it('fetches with our fetch and hands on the whole answer, read inside the attempt', async () => {
    const sent: { url: string; auth: string | null }[] = [];
    const link = new SendRequest(async (input, init) => {
      sent.push({ url: String(input), auth: new Headers(init?.headers).get('authorization') });
      return jsonAnswer(200, { id: 'x' }, { 'request-id': 'r1' });
    }, 1000);
    const ctx = contextFor(`${G}/me`);
    (ctx.options!.headers as Record<string, string>).Authorization = 'Bearer t';
    await link.execute(ctx);
    expect(sent).toEqual([{ url: `${G}/me`, auth: 'Bearer t' }]);
    expect(ctx.response!.headers.get('request-id')).toBe('r1');
    expect(await ctx.response!.json()).toEqual({ id: 'x' });
  });

  it('reports a failure mid-body or a timeout as NetworkFailure, and an abort as its reason', async () => {
    const midBody = new SendRequest(async () => {
      const body = new ReadableStream({
        start(c) {
          c.enqueue(new TextEncoder().encode('{"value":['));
          c.error(new Error('socket reset'));
        },
      });
      return new Response(body, { status: 200 });
    }, 1000);
    expect(await rejection(midBody.execute(contextFor(`${G}/x`)))).toBeInstanceOf(NetworkFailure);
    const hangs = (_: unknown, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal!.reason)));
    const slow = new SendRequest(hangs as typeof fetch, 20);
    const timedOut = await rejection(slow.execute(contextFor(`${G}/x`)));
    expect(timedOut).toBeInstanceOf(NetworkFailure);
    expect(String((timedOut as NetworkFailure).message)).toContain('timed out');
    const ac = new AbortController();
    const cancelled = new SendRequest(hangs as typeof fetch, 10_000).execute(contextFor(`${G}/x`, { signal: ac.signal }));
    ac.abort(new Error('cancelled by user'));
    expect(((await rejection(cancelled)) as Error).message).toBe('cancelled by user');
  });
});
