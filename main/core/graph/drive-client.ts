/**
 * The Graph drive client: a handful of GET requests through @microsoft/microsoft-graph-client with our own
 * middleware chain (middleware/chain.ts: error mapping, origin check, the account's throttle gate and retry policy,
 * bearer token with one refresh after a 401, request counting; none of the library's stock handlers).
 *
 * Requests we build are paths under the configured Graph URL, joined by the library from its host settings
 * (baseUrl + defaultVersion: national clouds and the fake cloud are just other hosts). nextLinks and deltaLinks are
 * opaque absolute URLs sent byte for byte (GraphCall.exactUrl). Downloads do not come through here: they are plain
 * streaming requests to pre-authenticated URLs (sync/download.ts).
 */
import { Client, ResponseType } from '@microsoft/microsoft-graph-client';
import { AppError } from '../errors';
import { type Logger, silentLogger } from '../ports';
import { createTokenCache, type GetToken } from './middleware/auth';
import { createGraphChain } from './middleware/chain';
import { GraphCall, type RequestCounter } from './middleware/link';
import { unwrap } from './middleware/map-errors';
import type { ThrottleGate } from './throttle-gate';
import type { Drive, DriveItem, DrivePage, User } from './types';

export interface DriveClient {
  /** Graph HTTP requests made so far, retries included (for tests, run summaries and benchmarks). */
  readonly requests: number;
  /** The account's throttle gate this client passes (downloads use it too). */
  readonly gate?: ThrottleGate;
  /**
   * A view sharing the token cache and gate, with its own request counter (also counted here): one per sync run,
   * so a run's request count is exact even while other syncs of the account use the same client.
   */
  fork?(): DriveClient;
  getMe(): Promise<User>;
  /** Any GET under the Graph URL ('/sites?search=x'), through the same chain and gate (graph/browse.ts uses it). */
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
  getDrive(driveId?: string): Promise<Drive>;
  getItem(driveId: string, itemId: string): Promise<DriveItem>;
  /** `path` is '/'-separated, relative to the drive root ('' or '/' is the root). */
  getItemByPath(driveId: string, path: string): Promise<DriveItem>;
  /** One array per page of children. */
  listChildren(driveId: string, itemId: string, signal?: AbortSignal): AsyncIterable<DriveItem[]>;
  /** A delta/children page by absolute opaque URL (nextLink, deltaLink, or one built by the URL helpers below). */
  getPage(url: string, signal?: AbortSignal): Promise<DrivePage>;
  /** A fresh pre-authenticated download URL (the listing's one expired). */
  freshDownloadUrl(driveId: string, itemId: string): Promise<string>;
  /** First delta page URL: folder-scoped when itemId is given (personal only), else the drive root. */
  deltaUrl(driveId: string, itemId: string | null, options?: { latest?: boolean }): string;
  /** First children page URL. */
  childrenUrl(driveId: string, itemId: string): string;
  /**
   * Graph's push endpoint for the drive (GET /drives/{id}/root/subscriptions/socketIo): a pre-authenticated
   * socket.io URL and when it expires (epoch ms, null if not said). Drives without push answer 400 notSupported.
   */
  socketIoEndpoint(driveId: string): Promise<{ notificationUrl: string; expiresAt: number | null }>;
}

export interface DriveClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (national clouds and the fake cloud use other hosts). */
  graphUrl: string;
  /** Throws AppError (e.g. reconnect_required) itself when no token can be had. */
  getToken: GetToken;
  gate: ThrottleGate;
  logger?: Logger;
  fetch?: typeof fetch;
  /** Tries per request, throttled or failed ones included (default 5). */
  maxAttempts?: number;
  /** Per-attempt timeout, body included (default 120 s). */
  requestTimeoutMs?: number;
  /** How long a token is reused before asking getToken again (MSAL then renews it ahead of expiry). */
  tokenReuseMs?: number;
  /** `$top` for children pages (Graph default: 200). */
  childrenPageSize?: number;
  /** Time source for token reuse and Retry-After dates; defaults to Date.now. */
  now?: () => number;
}

export function createDriveClient(opts: DriveClientOptions): DriveClient {
  const base = opts.graphUrl.replace(/\/+$/, '');
  const now = opts.now ?? Date.now;
  const gate = opts.gate;
  const logger = opts.logger ?? silentLogger;
  const client = Client.initWithMiddleware({
    ...hostSettings(base),
    middleware: createGraphChain({
      graphUrl: base,
      tokens: createTokenCache(opts.getToken, opts.tokenReuseMs ?? 60_000, now),
      gate,
      fetch: opts.fetch ?? globalThis.fetch,
      maxAttempts: opts.maxAttempts ?? 5,
      requestTimeoutMs: opts.requestTimeoutMs ?? 120_000,
      now,
      logger,
    }),
  });
  type Counters = readonly RequestCounter[];

  /** `path` is under the Graph URL ('/me'); `{ exact }` is an opaque absolute link, sent as is. */
  async function getJson<T>(counters: Counters, target: string | { exact: string }, signal?: AbortSignal): Promise<T> {
    const exact = typeof target === 'string' ? null : target.exact;
    try {
      return (await client
        .api(exact ?? (target as string))
        .header('Accept', 'application/json')
        .responseType(ResponseType.JSON)
        .middlewareOptions([new GraphCall(exact, counters, signal)])
        .get()) as T;
    } catch (e) {
      throw unwrap(e);
    }
  }

  const enc = encodeURIComponent;
  const childrenUrl = (driveId: string, itemId: string) => {
    const top = opts.childrenPageSize ? `?$top=${opts.childrenPageSize}` : '';
    return `${base}/drives/${enc(driveId)}/items/${enc(itemId)}/children${top}`;
  };

  const view = (counters: Counters): DriveClient => {
    const own = counters[counters.length - 1]!;
    const get = <T>(path: string) => getJson<T>(counters, path);
    const follow = <T>(url: string, signal?: AbortSignal) => getJson<T>(counters, { exact: url }, signal);
    return {
      get requests() {
        return own.n;
      },
      gate,
      fork: () => view([...counters, { n: 0 }]),
      getMe: () => get<User>('/me'),
      getJson: <T>(path: string, signal?: AbortSignal) => getJson<T>(counters, path, signal),
      getDrive: (driveId) => get<Drive>(driveId ? `/drives/${enc(driveId)}` : '/me/drive'),
      getItem: (driveId, itemId) => get<DriveItem>(`/drives/${enc(driveId)}/items/${enc(itemId)}`),
      getItemByPath(driveId, path) {
        const segments = path.split('/').filter((s) => s !== '');
        const url =
          segments.length === 0
            ? `/drives/${enc(driveId)}/root`
            : `/drives/${enc(driveId)}/root:/${segments.map(enc).join('/')}:`;
        return get<DriveItem>(url);
      },
      async *listChildren(driveId, itemId, signal) {
        let url: string | undefined = childrenUrl(driveId, itemId);
        while (url) {
          const page: DrivePage = await follow<DrivePage>(url, signal);
          yield page.value ?? [];
          url = page['@odata.nextLink'];
        }
      },
      getPage: (url, signal) => follow<DrivePage>(url, signal),
      async freshDownloadUrl(driveId, itemId) {
        const item = await get<DriveItem>(`/drives/${enc(driveId)}/items/${enc(itemId)}`);
        const url = item['@microsoft.graph.downloadUrl'];
        if (!url) throw new AppError('remote_missing', 'OneDrive gave no download address for this file.');
        return url;
      },
      deltaUrl(driveId, itemId, options) {
        const scope = itemId ? `items/${enc(itemId)}` : 'root';
        return `${base}/drives/${enc(driveId)}/${scope}/delta${options?.latest ? '?token=latest' : ''}`;
      },
      childrenUrl,
      async socketIoEndpoint(driveId) {
        const body = await get<{ notificationUrl?: unknown; expirationDateTime?: unknown }>(
          `/drives/${enc(driveId)}/root/subscriptions/socketIo`,
        );
        if (typeof body.notificationUrl !== 'string' || !/^https:\/\//.test(body.notificationUrl)) {
          throw new AppError('internal', 'OneDrive gave no usable notification address for live changes.');
        }
        const expires = typeof body.expirationDateTime === 'string' ? Date.parse(body.expirationDateTime) : NaN;
        return { notificationUrl: body.notificationUrl, expiresAt: Number.isFinite(expires) ? expires : null };
      },
    };
  };
  return view([{ n: 0 }]);
}

/**
 * The library's host settings for a Graph URL such as https://graph.microsoft.us/v1.0: baseUrl (origin and any
 * path before the version) and defaultVersion (the last path segment), which it joins with each request path.
 * customHosts names the host for the library's own host checks (only its stock AuthenticationHandler reads them,
 * and that handler is not in our chain: CheckOrigin is stricter, scheme and port included).
 */
export function hostSettings(graphUrl: string): {
  baseUrl: string;
  defaultVersion: string;
  customHosts: Set<string>;
} {
  const url = new URL(graphUrl);
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const defaultVersion = segments.pop() ?? '';
  const baseUrl = [url.origin, ...segments].join('/');
  return { baseUrl, defaultVersion, customHosts: new Set([url.hostname]) };
}
