/**
 * MSAL's network module over the global fetch, with one difference from MSAL's own: a 429 or 5xx answer is
 * thrown as a TokenEndpointHttpError carrying the status and Retry-After, because MSAL's ServerError keeps
 * neither and "offline" vs "throttled" vs "sign in again" must be told apart. Bodies are never logged.
 */
import { certificateFailureCode } from '../graph/tls-failure';
import { AuthError, type INetworkModule, type NetworkRequestOptions, type NetworkResponse } from '@azure/msal-node';

/** A 429/5xx (or unreadable) answer from the identity endpoints. */
export class TokenEndpointHttpError extends AuthError {
  constructor(
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super('http_status', '', `The identity service answered HTTP ${status}.`);
    Object.setPrototypeOf(this, TokenEndpointHttpError.prototype);
    this.name = 'TokenEndpointHttpError';
  }
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unparsable. */
export function parseRetryAfterMs(value: string | null | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

function headerDict(headers: Headers): Record<string, string> {
  const out: Record<string, string> = {};
  headers.forEach((value, key) => {
    out[key] = value;
  });
  return out;
}

export interface FetchNetworkClientOptions {
  /** Defaults to the global fetch, looked up per call (tests swap the global dispatcher to trust a CA). */
  fetch?: typeof fetch;
  now?: () => number;
  /**
   * Told the certificate error code of a request that failed TLS verification, and null after any answer.
   * MSAL turns a failed endpoint discovery into its own endpoints_resolution_error and drops our error, so the
   * auth manager learns about a certificate failure here.
   */
  onCertificate?: (code: string | null) => void;
  /** Per request; MSAL's own GET timeout wins when it gives one. */
  timeoutMs?: number;
}

/** The MSAL error code our network client gives a TLS certificate failure (its subError is the OpenSSL code). */
export const UNTRUSTED_CERTIFICATE = 'untrusted_certificate';

export function createFetchNetworkClient(options: FetchNetworkClientOptions = {}): INetworkModule {
  const now = options.now ?? Date.now;

  async function send<T>(method: 'GET' | 'POST', url: string, opts?: NetworkRequestOptions, timeout?: number) {
    const doFetch = options.fetch ?? globalThis.fetch;
    const signal = AbortSignal.timeout(timeout ?? options.timeoutMs ?? 30_000);
    let response: Response;
    try {
      response = await doFetch(url, {
        method,
        headers: opts?.headers ?? {},
        body: method === 'POST' ? (opts?.body ?? '') : undefined,
        signal,
      });
    } catch (e) {
      // MSAL rethrows AuthErrors as they are; the cause names the system error (ECONNREFUSED, cert...).
      const detail = e instanceof Error && e.cause instanceof Error ? e.cause.message : String(e);
      // An untrusted certificate is not "offline": keep its own code so it is reported (and logged) as what it is.
      const cert = certificateFailureCode(e);
      options.onCertificate?.(cert);
      if (cert) throw new AuthError(UNTRUSTED_CERTIFICATE, cert, `Certificate not trusted: ${detail}`);
      throw new AuthError('network_error', '', `Network request failed: ${detail}`);
    }
    options.onCertificate?.(null);
    const text = await response.text();
    if (response.status === 429 || response.status >= 500) {
      throw new TokenEndpointHttpError(response.status, parseRetryAfterMs(response.headers.get('retry-after'), now()));
    }
    let body: T;
    try {
      body = (text ? JSON.parse(text) : {}) as T;
    } catch {
      throw new TokenEndpointHttpError(response.status, undefined);
    }
    const result: NetworkResponse<T> = { headers: headerDict(response.headers), body, status: response.status };
    return result;
  }

  return {
    sendGetRequestAsync: <T>(url: string, opts?: NetworkRequestOptions, timeout?: number) => send<T>('GET', url, opts, timeout),
    sendPostRequestAsync: <T>(url: string, opts?: NetworkRequestOptions) => send<T>('POST', url, opts),
  };
}
