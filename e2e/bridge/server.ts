/**
 * The e2e bridge: serves the BUILT renderer on 127.0.0.1 and gives the page a `window.api` over HTTP + SSE,
 * derived from the same contract and answered by the same dispatcher as the Electron IPC router. Playwright
 * drives the real renderer against the real core in a plain Chromium.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppState } from '../../shared/model';
import { type CommandHandlers, type EventName, eventNames } from '../../shared/ipc';
import { dispatchCommand } from '../../main/core/service/dispatch';
import type { Logger } from '../../main/core/ports';
import { mimeTypeFor, resolveStaticPath, securityHeaders } from '../../main/app/static-files';
import { bridgeApiScript } from './bridge-api-script';

export interface SyncServiceLike {
  handlers: CommandHandlers;
  getState(): AppState;
  on(event: EventName, listener: (payload: unknown) => void): () => void;
}

export interface BridgeOptions {
  service: SyncServiceLike;
  /** 0 (default) picks a free port. */
  port?: number;
  /** The built renderer; default out/renderer of this checkout. */
  rendererDir?: string;
  /** Replaces some handlers (e.g. dialog:chooseDirectory, which has no browser equivalent). */
  overrides?: Partial<CommandHandlers>;
  /** Replies are checked against the contract's output schemas (default on: the bridge only runs in tests). */
  checkReplies?: boolean;
  /** Where a contract breach is reported; default stderr. */
  logger?: Logger;
}

export interface Bridge {
  url: string;
  close(): Promise<void>;
}

const stderrLogger: Logger = {
  debug: () => {},
  info: () => {},
  warn: (msg, fields) => console.warn(`bridge: ${msg}`, fields ?? ''),
  error: (msg, fields) => console.error(`bridge: ${msg}`, fields ?? ''),
  child: () => stderrLogger,
};

const defaultRendererDir = path.resolve(import.meta.dirname, '../../out/renderer');
const maxBody = 1024 * 1024;

/** Puts the bridge script before the app bundle, so window.api exists when the app starts. */
export function injectBridgeScript(html: string): string {
  const tag = '<script src="/bridge-api.js"></script>';
  const at = html.search(/<script\b/i);
  if (at >= 0) return html.slice(0, at) + tag + '\n    ' + html.slice(at);
  return html.replace(/<\/head>/i, `  ${tag}\n  </head>`);
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer) {
  res.writeHead(status, { ...securityHeaders, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

function sendJson(res: ServerResponse, status: number, value: unknown) {
  send(res, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

async function readBody(req: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBody) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const { service, checkReplies = true, logger = stderrLogger } = options;
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  const handlers = { ...service.handlers, ...options.overrides } as CommandHandlers;
  const script = bridgeApiScript();
  const streams = new Set<ServerResponse>();

  const broadcast = (name: string, payload: unknown) => {
    const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  const offs = eventNames.map((name) => service.on(name, (payload: unknown) => broadcast(name, payload)));

  async function handleCommand(req: IncomingMessage, res: ServerResponse, name: string) {
    // Only same-origin JSON posts: a foreign page cannot drive the core through the user's browser.
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== `http://${req.headers.host}`) {
      return sendJson(res, 403, { ok: false, error: { code: 'access_denied', message: 'Foreign origin.' } });
    }
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { ok: false, error: { code: 'bad_input', message: 'Send JSON.' } });
    }
    const body = await readBody(req);
    let input: unknown;
    try {
      if (body === null) throw new Error('too large');
      input = JSON.parse(body);
    } catch {
      return sendJson(res, 200, { ok: false, error: { code: 'bad_input', message: 'The request was not valid JSON.' } });
    }
    sendJson(res, 200, await dispatchCommand(handlers, name, input, logger, { checkReply: checkReplies }));
  }

  function handleEvents(res: ServerResponse) {
    res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
    streams.add(res);
    res.on('close', () => streams.delete(res));
    // The current snapshot first, so a page never misses a change made between getState and subscribing.
    res.write(`event: state\ndata: ${JSON.stringify(service.getState())}\n\n`);
  }

  async function handleStatic(res: ServerResponse, pathname: string) {
    const file = resolveStaticPath(rendererDir, pathname);
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    try {
      const body = await readFile(file);
      if (path.basename(file) === 'index.html') {
        return send(res, 200, mimeTypeFor(file), injectBridgeScript(body.toString('utf8')));
      }
      send(res, 200, mimeTypeFor(file), body);
    } catch {
      send(res, 404, 'text/plain; charset=utf-8', 'Not found');
    }
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://bridge');
    const run = async () => {
      if (url.pathname === '/bridge-api.js') return send(res, 200, 'text/javascript; charset=utf-8', script);
      if (url.pathname === '/api/events' && req.method === 'GET') return handleEvents(res);
      if (url.pathname.startsWith('/api/')) {
        if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'bad_input', message: 'POST only.' } });
        return handleCommand(req, res, decodeURIComponent(url.pathname.slice('/api/'.length)));
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'GET only');
      return handleStatic(res, url.pathname);
    };
    run().catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'internal', message: String(e) } });
      else res.end();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('The bridge has no TCP address');

  return {
    url: `http://127.0.0.1:${address.port}/`,
    close: async () => {
      offs.forEach((off) => off());
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
