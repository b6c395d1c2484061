/**
 * The Graph drive client: a handful of GET requests, each passing the account's throttle gate, with token refresh,
 * retries and error mapping (graph-errors.ts).
 *
 * Why plain fetch and not @microsoft/microsoft-graph-client 3.0.7: its middleware chain fights every rule we need.
 * Its RetryHandler retries 429/503 per request with its own sleeps (bypassing the per-account gate and our clock);
 * it attaches Authorization only for hosts it recognizes (a forgotten customHosts entry gives silent 401s);
 * nextLinks/deltaLinks are opaque absolute URLs we must call verbatim; and we need a request counter, a single-flight
 * "refresh once on 401", and AppErrors that never carry a token. That is ~150 lines of plain fetch, tested here.
 */
import { AppError, isAppError } from '../errors';
import { type Logger, silentLogger } from '../ports';
import { decide, networkError, readFailure, redact, toAppError } from './graph-errors';
import { linkedSignal } from './linked-signal';
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
}

export interface DriveClientOptions {
  /** e.g. https://graph.microsoft.com/v1.0 (national clouds and the fake cloud use other hosts). */
  graphUrl: string;
  /** Throws AppError (e.g. reconnect_required) itself when no token can be had. */
  getToken: (o: { forceRefresh: boolean }) => Promise<string>;
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
  const graphOrigin = new URL(base).origin;
  const doFetch = opts.fetch ?? globalThis.fetch;
  const log = opts.logger ?? silentLogger;
  const gate = opts.gate;
  const maxAttempts = opts.maxAttempts ?? 5;
  const timeoutMs = opts.requestTimeoutMs ?? 120_000;
  const now = opts.now ?? Date.now;
  const tokens = createTokenCache(opts.getToken, opts.tokenReuseMs ?? 60_000, now);
  type Counters = { n: number }[];

  async function getJson<T>(counters: Counters, url: string, signal?: AbortSignal): Promise<T> {
    checkOrigin(url);
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      await gate.wait(signal);
      const token = await tokens.get();
      let res: Response;
      const attemptSignal = linkedSignal(signal, timeoutMs, 'the request timed out');
      try {
        for (const c of counters) c.n++;
        res = await doFetch(url, {
          headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' },
          signal: attemptSignal.signal,
        });
        if (res.ok) {
          const body = (await res.json()) as T; // a reset mid-body lands in the catch below, like any network failure
          gate.passed();
          return body;
        }
      } catch (e) {
        if (signal?.aborted) throw signal.reason;
        log.debug('graph request failed', { path: pathOf(url), attempt, error: redact(String(e)) });
        if (attempt >= maxAttempts) throw networkError(e);
        await gate.sleep(gate.backoffMs(attempt - 1), signal);
        continue;
      } finally {
        attemptSignal.dispose();
      }

      const failure = await readFailure(res, now());
      log.debug('graph request refused', { path: pathOf(url), attempt, status: failure.status, code: failure.code });
      const decision = decide(failure.status);
      if (decision.kind === 'refresh_token' && !refreshed) {
        refreshed = true;
        await tokens.refresh(token);
        attempt--; // a token refresh is not a failed try
        continue;
      }
      if (decision.kind === 'throttle') {
        const pausedMs = gate.throttled(failure.retryAfterMs);
        log.warn('graph throttled: pausing the account', { status: failure.status, pausedMs });
        if (attempt >= maxAttempts) throw toAppError(failure);
        continue; // the gate holds this and every other request of the account
      }
      if (decision.kind === 'retry' && attempt < maxAttempts) {
        await gate.sleep(gate.backoffMs(attempt - 1), signal);
        continue;
      }
      throw toAppError(failure);
    }
  }

  /**
   * The bearer token goes to the configured Graph origin only. nextLinks and deltaLinks are opaque URLs from the
   * answer (or from a state file on disk): one on any other origin is refused before a token is even fetched.
   */
  function checkOrigin(url: string): void {
    const origin = URL.parse(url)?.origin;
    if (origin === graphOrigin) return;
    const host = URL.parse(url)?.host || '(not a URL)';
    const graphHost = new URL(base).host;
    log.warn('graph link to another origin refused', { host, graph: graphHost });
    throw new AppError(
      'internal',
      `OneDrive answered with a link to another host (${host}). It was not followed: the sign-in token goes only to ${graphHost}.`,
    );
  }

  const enc = encodeURIComponent;
  const childrenUrl = (driveId: string, itemId: string) => {
    const top = opts.childrenPageSize ? `?$top=${opts.childrenPageSize}` : '';
    return `${base}/drives/${enc(driveId)}/items/${enc(itemId)}/children${top}`;
  };

  const view = (counters: Counters): DriveClient => {
    const own = counters[counters.length - 1]!;
    const get = <T>(url: string, signal?: AbortSignal) => getJson<T>(counters, url, signal);
    return {
      get requests() {
        return own.n;
      },
      gate,
      fork: () => view([...counters, { n: 0 }]),
      getMe: () => get<User>(`${base}/me`),
      getDrive: (driveId) => get<Drive>(driveId ? `${base}/drives/${enc(driveId)}` : `${base}/me/drive`),
      getItem: (driveId, itemId) => get<DriveItem>(`${base}/drives/${enc(driveId)}/items/${enc(itemId)}`),
      getItemByPath(driveId, path) {
        const segments = path.split('/').filter((s) => s !== '');
        const url =
          segments.length === 0
            ? `${base}/drives/${enc(driveId)}/root`
            : `${base}/drives/${enc(driveId)}/root:/${segments.map(enc).join('/')}:`;
        return get<DriveItem>(url);
      },
      async *listChildren(driveId, itemId, signal) {
        let url: string | undefined = childrenUrl(driveId, itemId);
        while (url) {
          const page: DrivePage = await get<DrivePage>(url, signal);
          yield page.value ?? [];
          url = page['@odata.nextLink'];
        }
      },
      getPage: (url, signal) => get<DrivePage>(url, signal),
      async freshDownloadUrl(driveId, itemId) {
        const item = await get<DriveItem>(`${base}/drives/${enc(driveId)}/items/${enc(itemId)}`);
        const url = item['@microsoft.graph.downloadUrl'];
        if (!url) throw new AppError('remote_missing', 'OneDrive gave no download address for this file.');
        return url;
      },
      deltaUrl(driveId, itemId, options) {
        const scope = itemId ? `items/${enc(itemId)}` : 'root';
        return `${base}/drives/${enc(driveId)}/${scope}/delta${options?.latest ? '?token=latest' : ''}`;
      },
      childrenUrl,
    };
  };
  return view([{ n: 0 }]);
}

/**
 * Reuses a token for a while (asking MSAL per request would read and decrypt its cache thousands of times per run),
 * and refreshes at most once per rejected token even when many requests got a 401 at the same time.
 */
function createTokenCache(
  getToken: DriveClientOptions['getToken'],
  reuseMs: number,
  now: () => number,
) {
  let current: { token: string; at: number } | null = null;
  let pending: Promise<string> | null = null;

  const acquire = (forceRefresh: boolean): Promise<string> => {
    if (!pending) {
      pending = getToken({ forceRefresh })
        .then((token) => {
          current = { token, at: now() };
          return token;
        })
        .catch((e: unknown) => {
          // AppErrors (reconnect_required, offline...) pass through untouched; others must not leak details.
          throw isAppError(e) ? e : new AppError('internal', `Could not get a sign-in token: ${redact(String(e))}`);
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  };

  return {
    get(): Promise<string> {
      if (current && now() - current.at < reuseMs) return Promise.resolve(current.token);
      return acquire(false);
    },
    /** `rejected` is the token that got the 401; if someone already replaced it, just use the new one. */
    async refresh(rejected: string): Promise<void> {
      if (pending) await pending.catch(() => undefined);
      if (current && current.token !== rejected) return;
      await acquire(true);
    },
  };
}

/** The URL path only: queries hold skip tokens and, on download hosts, credentials. */
function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return '(bad url)';
  }
}
