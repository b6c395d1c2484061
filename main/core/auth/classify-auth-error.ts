/**
 * MSAL failure -> the AppError the user and the scheduler act on. Pure. The rule that matters most: only the
 * identity service saying "sign in again" is reconnect_required; network trouble and 5xx are offline, never that.
 * Messages are ours, never MSAL's or the server's text (which is not ours to show and must never carry secrets).
 */
import { AppError } from '../errors';
import { certificateFailureCode, untrustedCertificate } from '../graph/tls-failure';

/** Server and MSAL codes that mean the refresh token is dead or the user must interact. */
export const reconnectCodes: ReadonlySet<string> = new Set([
  'invalid_grant',
  'interaction_required',
  'consent_required',
  'login_required',
  'no_tokens_found',
  'bad_token',
  'refresh_token_expired',
  'no_account_in_silent_request',
  'no_account_found',
  'interrupted_user',
]);

/** Failures to reach the identity service (endpoints_resolution_error is also what an untrusted TLS cert gives). */
const offlineCodes: ReadonlySet<string> = new Set(['network_error', 'endpoints_resolution_error', 'openid_config_error']);

const systemNetworkCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

/** Without a Retry-After we still wait a minute before asking the identity service again. */
export const defaultThrottleMs = 60_000;

interface ErrorShape {
  name?: unknown;
  errorCode?: unknown;
  subError?: unknown;
  status?: unknown;
  retryAfterMs?: unknown;
  code?: unknown;
  cause?: unknown;
}

function shape(e: unknown): ErrorShape {
  return typeof e === 'object' && e !== null ? (e as ErrorShape) : {};
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

export const reconnectMessage = 'Microsoft asked to sign in again. Reconnect the account to resume syncing.';

/** `certificate`: the TLS error our network client saw for this failure (MSAL may have wrapped it away). */
export function classifyAuthError(e: unknown, certificate: string | null = null): AppError {
  if (e instanceof AppError) return e;
  const s = shape(e);
  const errorCode = str(s.errorCode);
  const subError = str(s.subError);
  const status = typeof s.status === 'number' ? s.status : undefined;

  if (s.name === 'InteractionRequiredAuthError' || reconnectCodes.has(errorCode) || reconnectCodes.has(subError)) {
    return new AppError('reconnect_required', reconnectMessage, undefined, { cause: e });
  }
  const cert =
    errorCode === 'untrusted_certificate'
      ? subError || 'certificate'
      : (certificateFailureCode(e) ?? (isOfflineShape(errorCode) ? certificate : null));
  if (cert) return untrustedCertificate('Microsoft sign-in', /^[A-Z0-9_]{1,64}$/.test(cert) ? cert : 'certificate', e);
  if (status === 429) {
    const retryAfterMs = typeof s.retryAfterMs === 'number' ? s.retryAfterMs : defaultThrottleMs;
    return new AppError('throttled', 'Microsoft sign-in asked us to slow down. Syncing will retry automatically.', retryAfterMs, {
      cause: e,
    });
  }
  if ((status !== undefined && status >= 500) || offlineCodes.has(errorCode) || isSystemNetworkError(e)) {
    // A 503 may say when to come back; the scheduler honours it like a throttle.
    const retryAfterMs = typeof s.retryAfterMs === 'number' ? s.retryAfterMs : undefined;
    return new AppError('offline', 'Microsoft sign-in could not be reached. Syncing will retry automatically.', retryAfterMs, {
      cause: e,
    });
  }
  const detail = /^[a-z0-9_]{1,64}$/.test(errorCode) ? ` (${errorCode})` : '';
  return new AppError('internal', `Sign-in failed${detail}.`, undefined, { cause: e });
}

function isOfflineShape(errorCode: string): boolean {
  return offlineCodes.has(errorCode);
}

function isSystemNetworkError(e: unknown): boolean {
  for (let cur: unknown = e, depth = 0; cur && depth < 4; cur = shape(cur).cause, depth++) {
    if (systemNetworkCodes.has(str(shape(cur).code))) return true;
  }
  return false;
}
