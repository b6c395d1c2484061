/**
 * What every link of our Graph middleware chain shares: the library's Middleware shape (execute + setNext) and the
 * per-request data our links read (the exact URL to send, the request counters, the caller's abort signal).
 */
import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';

/** One counter per view of the drive client (the client and each fork); every HTTP attempt bumps all of a call's. */
export interface RequestCounter {
  n: number;
}

/** Per-request data, attached with `.middlewareOptions([new GraphCall(...)])` and read back by class. */
export class GraphCall implements MiddlewareOptions {
  constructor(
    /**
     * An opaque absolute URL (nextLink, deltaLink) to send byte for byte. The library parses such a URL into
     * host, version, path and query and joins them again: it reorders query parameters ($-names first), merges
     * repeated ones and does not recognise http:// at all. Null: the URL the library built from baseUrl.
     */
    readonly exactUrl: string | null,
    readonly counters: readonly RequestCounter[],
    readonly signal?: AbortSignal,
  ) {}
}

const noCall = new GraphCall(null, []);

export function callOf(context: Context): GraphCall {
  return (context.middlewareControl?.getMiddlewareOptions(GraphCall) as GraphCall | undefined) ?? noCall;
}

export function urlOf(context: Context): string {
  return typeof context.request === 'string' ? context.request : context.request.url;
}

/** A link that passes the request on to the next one (the library calls setNext while building the chain). */
export abstract class Link implements Middleware {
  private next: Middleware | null = null;

  setNext(next: Middleware): void {
    this.next = next;
  }

  abstract execute(context: Context): Promise<void>;

  protected forward(context: Context): Promise<void> {
    if (!this.next) throw new Error(`${this.constructor.name} is not the last link and has no next one`);
    return this.next.execute(context);
  }
}
