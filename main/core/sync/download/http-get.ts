/**
 * One GET of a pre-authenticated download URL with `node:https` (or `node:http` for a local test host) directly:
 * `fetch` spends more CPU per request than a small file costs to write (issue 14: 5,000 files of 1-8 KiB).
 * The caller's signal aborts the request (download.ts links it with its idle timeout). The body flows into a
 * queue of up to 1 MiB, paused above that: a pulled stream (16 KiB high-water mark) let the TCP window close between
 * reads and large files came in at 0.85x of fetch's speed. The caller's pace and disk backpressure still hold the
 * reads back, through that bound.
 *
 * Node's global agents (keep-alive since Node 19, pooled per origin; free sockets do not hold the process open):
 * whatever trust the process sets up for node:https (the tests' fake CA) applies to downloads too.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';

/** Bytes read ahead of the consumer before the socket is paused (fetch's streams read ahead as much). */
const READ_AHEAD = 1 << 20;

export interface HttpResponse {
  status: number;
  header(name: string): string | null;
  /** The body's chunks; throws when the connection breaks or the request is aborted. */
  body: AsyncIterable<Uint8Array>;
  /** Drops the rest of the body (and its connection). */
  cancel(): void;
}

export type HttpGet = (url: string, o: { headers: Record<string, string>; signal: AbortSignal }) => Promise<HttpResponse>;

/** Redirects followed (fetch's default is 20; a download host uses one at most). */
const MAX_REDIRECTS = 5;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** Follows redirects like fetch did (the same headers, never any credential: the URL carries its own). */
export const httpGet: HttpGet = async (url, o) => {
  for (let hops = 0; ; hops++) {
    const res = await getOnce(url, o);
    const location = REDIRECTS.has(res.status) ? res.header('location') : null;
    if (!location || hops >= MAX_REDIRECTS) return res;
    res.cancel();
    url = new URL(location, url).toString();
  }
};

const getOnce: HttpGet = (url, o) =>
  new Promise((resolve, reject) => {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:')
      return reject(new Error(`unsupported download URL scheme ${u.protocol}`));
    const get = u.protocol === 'https:' ? https.get : http.get;
    const req = get(u, { headers: o.headers, signal: o.signal }, (res) => {
      resolve({
        status: res.statusCode ?? 0,
        header: (name) => {
          const v = res.headers[name.toLowerCase()];
          return v === undefined ? null : Array.isArray(v) ? v.join(', ') : v;
        },
        body: readAhead(res),
        cancel: () => res.destroy(),
      });
    });
    req.on('error', reject); // before the response; after it, the body's iterator throws
  });

/** The same port over a `fetch` (tests inject one to watch or shape requests). */
export function fetchGet(f: typeof fetch): HttpGet {
  return async (url, o) => {
    const res = await f(url, { headers: o.headers, signal: o.signal });
    const reader = res.body?.getReader();
    return {
      status: res.status,
      header: (name) => res.headers.get(name),
      body: {
        async *[Symbol.asyncIterator]() {
          if (!reader) return;
          for (;;) {
            const { done, value } = await reader.read();
            if (done) return;
            yield value;
          }
        },
      },
      cancel: () => void reader?.cancel().catch(() => undefined),
    };
  };
}

/** The response's chunks as they arrive, the socket paused while more than READ_AHEAD bytes wait. */
function readAhead(res: IncomingMessage): AsyncIterable<Uint8Array> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let failure: { error: unknown } | null = null;
  let wake: (() => void) | null = null;
  const notify = (): void => {
    const w = wake;
    wake = null;
    w?.();
  };
  res.on('data', (chunk: Buffer) => {
    queue.push(chunk);
    queued += chunk.length;
    if (queued > READ_AHEAD) res.pause();
    notify();
  });
  res.on('end', () => {
    ended = true;
    notify();
  });
  const fail = (error: unknown): void => {
    failure ??= { error };
    notify();
  };
  res.on('error', fail);
  // A destroyed response (cancel, abort) that never ended must not leave the reader waiting.
  res.on('close', () => {
    if (!ended) fail(res.errored ?? new Error('the connection closed before the body ended'));
  });
  return {
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const chunk = queue.shift();
        if (chunk) {
          queued -= chunk.length;
          if (queued <= READ_AHEAD && res.isPaused()) res.resume();
          yield chunk;
          continue;
        }
        if (failure) throw failure.error;
        if (ended) return;
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
  };
}
