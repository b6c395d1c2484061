/**
 * The last link: the HTTP request itself (the library's HTTPMessageHandler, with our fetch, a per-attempt timeout
 * and the body read inside it). The body is read here, not by the library afterwards, so a connection reset or a
 * stall mid-body is a failed attempt the throttle link retries, like a reset before the headers.
 */
import type { Context } from '@microsoft/microsoft-graph-client';
import { linkedSignal } from '../linked-signal';
import { callOf, Link, urlOf } from './link';

/** No HTTP answer at all (reset, refused, DNS, TLS, timeout): the one kind of thrown error worth retrying. */
export class NetworkFailure extends Error {
  constructor(readonly failure: unknown) {
    super(failure instanceof Error ? failure.message : String(failure), { cause: failure });
    this.name = 'NetworkFailure';
  }
}

/** Statuses a Response may not be constructed with a body for. */
const nullBodyStatus = new Set([204, 205, 304]);

export class SendRequest extends Link {
  constructor(
    private readonly doFetch: typeof fetch,
    private readonly timeoutMs: number,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const { signal } = callOf(context);
    const attempt = linkedSignal(signal, this.timeoutMs, 'the request timed out');
    try {
      const res = await this.doFetch(urlOf(context), { ...context.options, signal: attempt.signal });
      const body = await res.arrayBuffer();
      context.response = new Response(nullBodyStatus.has(res.status) ? null : body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    } catch (e) {
      if (signal?.aborted) throw signal.reason;
      throw new NetworkFailure(e);
    } finally {
      attempt.dispose();
    }
  }
}
