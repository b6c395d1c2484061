import type { IncomingMessage } from 'node:http';

/** Route names used by counters and faults. */
export type RouteName =
  | 'openid'
  | 'authorize'
  | 'token'
  | 'devicecode'
  | 'devicelogin'
  | 'me'
  | 'drive'
  | 'item'
  | 'children'
  | 'delta'
  | 'content'
  | 'download'
  | 'socketIo'
  | 'sites'
  | 'shares'
  | 'unknown';

export interface RequestInfo {
  route: RouteName;
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
}

export type Fault =
  /** Answer with this status (429, 503, 500, 504, ...) and optional Retry-After seconds. */
  | { kind: 'status'; status: number; retryAfter?: number; code?: string }
  /** Send headers and part of the body, then reset the TCP connection. */
  | { kind: 'reset' }
  /** Send headers (full Content-Length) and half the body, then end the connection cleanly. */
  | { kind: 'truncate' }
  /** Download host: serve bytes that do not match the advertised hash. */
  | { kind: 'corrupt' }
  /**
   * Send headers and the first `afterBytes` bytes (default: half the body), then hold the response open (the client
   * sees a download in progress) until `releaseStalls()` or the connection closes; after a release the rest of the
   * body follows. A body no longer than `afterBytes` is sent whole. `whenStalled()` resolves once the head is on the
   * wire: a test can then kill the client mid-download without racing a timer.
   */
  | { kind: 'stall'; afterBytes?: number };

export type RouteMatcher = RouteName | ((req: RequestInfo) => boolean);

interface Rule {
  match: RouteMatcher;
  fault: Fault;
  remaining: number;
}

export interface Latency {
  graphMs: number;
  identityMs: number;
  downloadMs: number;
  /** Download bandwidth cap in bytes per second (0 = unlimited). */
  downloadBytesPerSecond: number;
}

export interface LoggedRequest {
  route: RouteName;
  method: string;
  path: string;
  hadAuthorization: boolean;
  status?: number;
}

/** Per-request fault decisions, counters and a short request log. */
export class FaultBook {
  private rules: Rule[] = [];
  private counts = new Map<RouteName, number>();
  readonly log: LoggedRequest[] = [];
  latency: Latency = { graphMs: 0, identityMs: 0, downloadMs: 0, downloadBytesPerSecond: 0 };
  private held = new Set<() => void>();
  private stallWatchers: Array<() => void> = [];

  add(match: RouteMatcher, fault: Fault, times: number): void {
    this.rules.push({ match, fault, remaining: times });
  }

  clear(): void {
    this.rules = [];
  }

  /** Counts the request and takes the first matching fault, if any. */
  take(info: RequestInfo): { fault?: Fault; entry: LoggedRequest } {
    this.counts.set(info.route, (this.counts.get(info.route) ?? 0) + 1);
    const entry: LoggedRequest = {
      route: info.route,
      method: info.method,
      path: info.url.pathname + info.url.search,
      hadAuthorization: info.headers.authorization !== undefined,
    };
    this.log.push(entry);
    if (this.log.length > 2000) this.log.splice(0, this.log.length - 2000);
    const rule = this.rules.find(
      (r) => r.remaining > 0 && (typeof r.match === 'string' ? r.match === info.route : r.match(info)),
    );
    if (!rule) return { entry };
    rule.remaining--;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { fault: rule.fault, entry };
  }

  count(route?: RouteName): number {
    if (route) return this.counts.get(route) ?? 0;
    return [...this.counts.values()].reduce((a, b) => a + b, 0);
  }

  allCounts(): Partial<Record<RouteName, number>> {
    return Object.fromEntries(this.counts);
  }

  resetCounts(): void {
    this.counts.clear();
    this.log.length = 0;
  }

  /** A stalled response holds here until released (or its connection closes: the caller passes that as `gone`). */
  hold(gone: Promise<void>): Promise<void> {
    return new Promise<void>((resolve) => {
      const release = () => {
        this.held.delete(release);
        resolve();
      };
      this.held.add(release);
      void gone.then(release);
      const watchers = this.stallWatchers;
      this.stallWatchers = [];
      for (const w of watchers) w();
    });
  }

  /** Resolves when a stalled response is being held (at once if one is held now). */
  whenStalled(): Promise<void> {
    if (this.held.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.stallWatchers.push(resolve));
  }

  releaseStalls(): void {
    for (const release of [...this.held]) release();
  }

  delayFor(route: RouteName): number {
    if (route === 'download') return this.latency.downloadMs;
    if (['openid', 'authorize', 'token', 'devicecode', 'devicelogin'].includes(route)) return this.latency.identityMs;
    return this.latency.graphMs;
  }
}
