/**
 * What a failed Graph answer means, as a pure decision, and the AppError it becomes when retrying is over.
 *
 * Mapping (status -> what the client does):
 *   401            get a fresh token once (forceRefresh) and retry; a second 401 -> access_denied (the token
 *                  layer, not us, decides reconnect_required: getToken throws that AppError itself)
 *   403            access_denied
 *   404            remote_missing (itemNotFound)
 *   410            ResyncRequiredError (delta token dead; the enumerator starts over)
 *   429, 503, 509  pause the whole account (Retry-After, else backoff) and retry; at the end -> throttled
 *   500, 502, 504, 408 and network failures  retry with backoff; at the end -> offline
 *   507            access_denied with its own message: the drive owner is over quota (OneDrive freezes such drives);
 *                  nothing we retry fixes it and it is not "missing", so the user gets a non-retrying error
 *   anything else  internal, with Graph's code and message (never a URL query or a token)
 */
import { certificateFailureCode, untrustedCertificate } from './tls-failure';
import { AppError } from '../errors';
import type { GraphErrorBody } from './types';

/** Delta token expired (410 resyncRequired and its variants): enumerate again from scratch. */
export class ResyncRequiredError extends Error {
  constructor(readonly graphCode: string) {
    super(`Graph asked for a full resync (${graphCode})`);
    this.name = 'ResyncRequiredError';
  }
}

export interface GraphFailure {
  status: number;
  code: string | null;
  message: string | null;
  requestId: string | null;
  retryAfterMs: number | null;
}

export type FailureDecision =
  { kind: 'refresh_token' } | { kind: 'throttle' } | { kind: 'retry' } | { kind: 'resync' } | { kind: 'fail' };

export function decide(status: number): FailureDecision {
  if (status === 401) return { kind: 'refresh_token' };
  if (status === 410) return { kind: 'resync' };
  if (status === 429 || status === 503 || status === 509) return { kind: 'throttle' };
  if (status === 408 || status === 500 || status === 502 || status === 504) return { kind: 'retry' };
  return { kind: 'fail' };
}

/** Retry-After is seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value == null || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, Math.round(seconds * 1000));
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - nowMs);
}

/** Reads Graph's error envelope (innerError casing varies); tolerant of empty or non-JSON bodies. */
export async function readFailure(res: Response, nowMs: number): Promise<GraphFailure> {
  let body: Partial<GraphErrorBody> | null = null;
  try {
    const text = await res.text();
    body = text ? (JSON.parse(text) as Partial<GraphErrorBody>) : null;
  } catch {
    body = null;
  }
  const error = body?.error;
  const inner = error?.innerError ?? error?.innererror;
  return {
    status: res.status,
    code: typeof error?.code === 'string' ? error.code : null,
    message: typeof error?.message === 'string' ? redact(error.message) : null,
    requestId: inner?.['request-id'] ?? res.headers.get('request-id'),
    retryAfterMs: parseRetryAfter(res.headers.get('retry-after'), nowMs),
  };
}

/** Removes anything that looks like a bearer token or a JWT, the last line of defence for messages and logs. */
export function redact(text: string): string {
  return text
    .replace(/Bearer\s+[^\s"',]+/gi, 'Bearer [redacted]')
    .replace(/eyJ[\w-]{5,}\.[\w-]{5,}\.[\w-]*/g, '[redacted-jwt]')
    .replace(/([?&](?:tempauth|access_token|token|sig|code)=)[^&\s"']+/gi, '$1[redacted]');
}

function describe(f: GraphFailure): string {
  const parts = [`HTTP ${f.status}`];
  if (f.code) parts.push(f.code);
  if (f.message) parts.push(f.message);
  if (f.requestId) parts.push(`request-id ${f.requestId}`);
  return parts.join(': ');
}

/** The AppError for a failure we will not (or no longer) retry. */
export function toAppError(f: GraphFailure): AppError | ResyncRequiredError {
  const detail = describe(f);
  switch (f.status) {
    case 401:
      return new AppError('access_denied', `OneDrive refused a freshly issued sign-in token (${detail}).`);
    case 403:
      return new AppError('access_denied', `Access to this OneDrive item was denied (${detail}).`);
    case 404:
      return new AppError('remote_missing', `The OneDrive item no longer exists or was moved (${detail}).`);
    case 410:
      return new ResyncRequiredError(f.code ?? 'resyncRequired');
    case 429:
    case 503:
    case 509:
      return new AppError(
        'throttled',
        `OneDrive asked us to slow down (${detail}). Syncing will retry automatically.`,
        f.retryAfterMs ?? undefined,
      );
    case 408:
    case 500:
    case 502:
    case 504:
      return new AppError('offline', `OneDrive is not answering properly (${detail}). Syncing will retry.`);
    case 507:
      return new AppError(
        'access_denied',
        `The OneDrive account is over its storage quota, so OneDrive blocks it (${detail}). Free some space online.`,
      );
    default:
      return new AppError('internal', `Unexpected answer from OneDrive (${detail}).`);
  }
}

/** A fetch that failed before any HTTP answer (reset, refused, DNS, TLS, timeout) after all retries. */
export function networkError(cause: unknown): AppError {
  const cert = certificateFailureCode(cause);
  if (cert) return untrustedCertificate('OneDrive', cert, cause);
  const reason = cause instanceof Error ? describeNetworkCause(cause) : String(cause);
  return new AppError(
    'offline',
    `OneDrive could not be reached (${redact(reason)}). Syncing will retry automatically.`,
    undefined,
    {
      cause,
    },
  );
}

function describeNetworkCause(e: Error): string {
  const inner = (e as { cause?: unknown }).cause;
  const code = inner && typeof inner === 'object' && 'code' in inner ? String((inner as { code: unknown }).code) : null;
  if (code) return `${e.message}: ${code}`;
  if (inner instanceof Error) return `${e.message}: ${inner.message}`;
  return e.message;
}
