import type { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { FakeCloudCerts } from './certs';
import { handleDownload } from './download-host';
import type { RouteName } from './faults';
import { handleGraph, parseGraphPath, routeOfGraphTarget } from './graph';
import { isClosed, sleep } from './http-util';
import { authorize, deviceCode, deviceLogin, openidConfiguration, token } from './identity';
import { sendGraphError, sendJson, sendStatusFault, type Ctx } from './respond';
import type { FakeCloudState } from './state';

type Handler = (ctx: Ctx) => Promise<void>;

/** Routes the identity + Graph origin. */
function routeMain(url: URL): { route: RouteName; handler: Handler } {
  const p = url.pathname;
  if (p.startsWith('/v1.0/')) {
    const target = parseGraphPath(p);
    return { route: routeOfGraphTarget(target), handler: (ctx) => handleGraph(ctx, target) };
  }
  if (p === '/devicelogin') return { route: 'devicelogin', handler: deviceLogin };
  const m = /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/(authorize|token|devicecode))$/.exec(p);
  if (m) {
    const tenant = m[1]!;
    if (m[3] === 'authorize') return { route: 'authorize', handler: authorize };
    if (m[3] === 'token') return { route: 'token', handler: token };
    if (m[3] === 'devicecode') return { route: 'devicecode', handler: deviceCode };
    return { route: 'openid', handler: (ctx) => sendJson(ctx, 200, openidConfiguration(ctx.state, tenant)) };
  }
  if (/^\/[^/]+\/discovery\/v2\.0\/keys$/.test(p)) return { route: 'openid', handler: (ctx) => sendJson(ctx, 200, { keys: [] }) };
  return { route: 'unknown', handler: (ctx) => sendGraphError(ctx, 404, 'itemNotFound', `No route for ${p}`) };
}

function requestHandler(state: FakeCloudState, which: 'main' | 'download') {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = which === 'main' ? state.origin : state.downloadOrigin;
    const url = new URL(req.url ?? '/', origin);
    const { route, handler } = which === 'main' ? routeMain(url) : { route: 'download' as const, handler: handleDownload };
    const { fault, entry } = state.faults.take({ route, method: req.method ?? 'GET', url, headers: req.headers });
    res.on('finish', () => (entry.status = res.statusCode));
    const ctx: Ctx = { req, res, url, route, fault, state };
    try {
      const delay = state.faults.delayFor(route);
      if (delay > 0) await sleep(delay);
      if (fault?.kind === 'status') await sendStatusFault(ctx, fault);
      else await handler(ctx);
    } catch (error) {
      if (!res.headersSent) await sendGraphError(ctx, 500, 'generalException', (error as Error).message).catch(() => undefined);
      else if (!isClosed(res)) res.destroy();
      console.error('fake-cloud:', error);
    }
  };
}

export interface RunningServers {
  port: number;
  downloadPort: number;
  close(): Promise<void>;
}

async function listen(server: https.Server, port: number): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

/** Starts the identity+Graph server and the download host; fills state.origin, graphUrl and downloadOrigin. */
export async function startServers(
  state: FakeCloudState,
  certs: FakeCloudCerts,
  port = 0,
  downloadPort = 0,
): Promise<RunningServers> {
  const tls = { key: certs.keyPem, cert: certs.certPem };
  const main = https.createServer(tls, requestHandler(state, 'main'));
  const download = https.createServer(tls, requestHandler(state, 'download'));
  const mainPort = await listen(main, port);
  const dlPort = await listen(download, downloadPort);
  state.origin = `https://127.0.0.1:${mainPort}`;
  state.graphUrl = `${state.origin}/v1.0`;
  state.downloadOrigin = `https://127.0.0.1:${dlPort}`;
  const closeOne = (s: https.Server): Promise<void> =>
    new Promise((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    });
  return {
    port: mainPort,
    downloadPort: dlPort,
    close: async () => {
      await Promise.all([closeOne(main), closeOne(download)]);
    },
  };
}
