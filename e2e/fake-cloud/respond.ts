import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, RouteName } from './faults';
import { graphErrorBody, isClosed, jsonBytes, sleep } from './http-util';
import type { FakeCloudState } from './state';

/** One request in flight, with the fault (if any) the fault book chose for it. */
export interface Ctx {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  route: RouteName;
  fault?: Fault;
  state: FakeCloudState;
}

export type Headers = Record<string, string | number>;

/** Sends a body, applying reset/truncate/stall faults and the download bandwidth cap. */
export async function sendBody(
  ctx: Ctx,
  status: number,
  headers: Headers,
  body: Buffer | Iterable<Buffer>,
  length: number,
): Promise<void> {
  const { res, fault } = ctx;
  res.writeHead(status, { ...headers, 'Content-Length': length });
  const chunks = Buffer.isBuffer(body) ? [body] : body;
  const cutAt = fault?.kind === 'reset' || fault?.kind === 'truncate' ? Math.floor(length / 2) : Infinity;
  let stallAt = fault?.kind === 'stall' ? (fault.afterBytes ?? Math.floor(length / 2)) : Infinity;
  const bps = ctx.route === 'download' ? ctx.state.faults.latency.downloadBytesPerSecond : 0;
  let sent = 0;
  for (const chunk of chunks) {
    if (isClosed(res)) return;
    let piece = chunk;
    if (sent + piece.length > stallAt) {
      // The head of the body reaches the socket, then the response waits for releaseStalls() or the client to go away.
      const head = piece.subarray(0, stallAt - sent);
      piece = piece.subarray(stallAt - sent);
      sent += head.length;
      stallAt = Infinity;
      await new Promise<void>((r) => res.write(head, () => r()));
      await ctx.state.faults.hold(new Promise<void>((r) => (isClosed(res) ? r() : res.once('close', () => r()))));
      if (isClosed(res)) return;
    }
    if (sent + piece.length > cutAt) piece = piece.subarray(0, Math.max(0, cutAt - sent));
    if (piece.length > 0) {
      sent += piece.length;
      if (sent >= cutAt) {
        // Let the partial body reach the socket before cutting the connection.
        await new Promise<void>((r) => res.write(piece, () => r()));
      } else if (!res.write(piece)) await drainOrClose(res);
      if (bps > 0) await sleep((piece.length / bps) * 1000);
    }
    if (sent >= cutAt) break;
  }
  if (sent >= cutAt && cutAt < length) {
    const socket = res.socket;
    if (!socket) return;
    // reset: drop the connection abruptly; truncate: close it cleanly (TLS close_notify + FIN).
    if (fault?.kind === 'reset') socket.destroy();
    else {
      socket.end();
      setTimeout(() => socket.destroy(), 200).unref();
    }
    return;
  }
  res.end();
}

export function sendJson(ctx: Ctx, status: number, body: unknown, headers: Headers = {}): Promise<void> {
  const bytes = jsonBytes(body);
  return sendBody(ctx, status, { 'Content-Type': 'application/json; charset=utf-8', ...headers }, bytes, bytes.length);
}

export function sendGraphError(ctx: Ctx, status: number, code: string, message: string, headers: Headers = {}): Promise<void> {
  return sendJson(ctx, status, graphErrorBody(code, message, ctx.req), headers);
}

/** OAuth-style error from the identity endpoints. */
export function sendOAuthError(
  ctx: Ctx,
  status: number,
  error: string,
  description: string,
  extra: Record<string, unknown> = {},
  headers: Headers = {},
): Promise<void> {
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return sendJson(
    ctx,
    status,
    { error, error_description: `${description}\r\nTimestamp: ${timestamp}`, timestamp, trace_id: randomUUID(), ...extra },
    headers,
  );
}

export function sendHtml(ctx: Ctx, status: number, html: string): Promise<void> {
  const bytes = Buffer.from(html, 'utf8');
  return sendBody(ctx, status, { 'Content-Type': 'text/html; charset=utf-8' }, bytes, bytes.length);
}

const identityRoutes: RouteName[] = ['openid', 'authorize', 'token', 'devicecode', 'devicelogin'];

/** Answers a 'status' fault in the shape of the route that got it. */
export function sendStatusFault(ctx: Ctx, fault: Extract<Fault, { kind: 'status' }>): Promise<void> {
  const headers: Headers = fault.retryAfter !== undefined ? { 'Retry-After': fault.retryAfter } : {};
  const code =
    fault.code ??
    (fault.status === 429 ? 'activityLimitReached' : fault.status === 503 ? 'serviceNotAvailable' : 'generalException');
  if (identityRoutes.includes(ctx.route)) {
    const error = fault.status === 429 || fault.status === 503 ? 'temporarily_unavailable' : 'server_error';
    return sendOAuthError(ctx, fault.status, error, `AADSTS90000: injected ${fault.status}.`, {}, headers);
  }
  if (ctx.route === 'download') {
    ctx.res.writeHead(fault.status, { ...headers, 'Content-Length': 0 });
    ctx.res.end();
    return Promise.resolve();
  }
  return sendGraphError(ctx, fault.status, code, `Injected ${fault.status} (${code}).`, headers);
}

/** Waits for the socket to take more, or to go away; removes both listeners either way (no leak per chunk). */
function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.once('drain', done).once('close', done);
  });
}
