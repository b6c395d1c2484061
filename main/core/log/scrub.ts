/**
 * Token scrubbing for logs: the last line of defence when a token reaches a log call anyway. Keys that name
 * secrets lose their values at any depth; strings lose bearer tokens, JWTs, secret query/form/JSON values
 * and long opaque token-like runs. Pure functions over plain data.
 */

export const REDACTED = '[redacted]';

/** Keys whose values are secrets wherever they appear (accessToken, refresh_token, Authorization, ...). */
const SECRET_KEY = /(token|secret|password|passwd|authorization|cookie|verifier|assertion|tempauth|device_?code)$/i;
/** Query, form and JSON parameters whose values are secrets. */
const SECRET_PARAMS =
  'access_token|refresh_token|id_token|token|client_secret|code_verifier|code|device_code|client_assertion|assertion|password|tempauth|sig';

const TEXT_RULES: [RegExp, string | ((m: string) => string)][] = [
  // Authorization header values
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/!*$]+=*/gi, `$1 ${REDACTED}`],
  // JWTs (access and id tokens of work accounts, tempauth in download URLs)
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}(?:\.[A-Za-z0-9_-]*)?/g, REDACTED],
  // refresh_token=... in URLs and form bodies
  [new RegExp(`\\b(${SECRET_PARAMS})=([^&\\s"'<>]+)`, 'gi'), `$1=${REDACTED}`],
  // "refresh_token": "..." in JSON text
  [
    /("(?:access_?token|refresh_?token|id_?token|token|client_?secret|code_?verifier|device_?code|tempauth|password|authorization|secret)"\s*:\s*")(?:[^"\\]|\\.)*"/gi,
    `$1${REDACTED}"`,
  ],
  // Personal OneDrive download URLs carry their credential as the first path segment (y4m...), of any length
  [/(https?:\/\/[^\s/]+\/)y4[a-z][A-Za-z0-9_-]+/gi, `$1${REDACTED}`],
  // Long opaque runs (consumer-account tokens are not JWTs): mixed case and digits, a long unbroken segment
  [/[A-Za-z0-9+/=_\-.!*$~]{100,}/g, (m) => (looksLikeToken(m) ? REDACTED : m)],
];

function looksLikeToken(s: string): boolean {
  if (!/[a-z]/.test(s) || !/[A-Z]/.test(s) || !/[0-9]/.test(s)) return false;
  return s.split('/').some((segment) => segment.length >= 60);
}

export function scrubText(s: string): string {
  let out = s;
  for (const [pattern, replacement] of TEXT_RULES) {
    out = typeof replacement === 'string' ? out.replace(pattern, replacement) : out.replace(pattern, replacement);
  }
  return out;
}

export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const MAX_DEPTH = 8;

/**
 * A log-safe copy of any value: secrets removed, errors turned into plain objects (message, stack, code,
 * cause and their own fields), buffers summarised, cycles cut.
 */
export function scrubValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return `[binary ${value.byteLength} bytes]`;
  seen.add(value);
  try {
    if (Array.isArray(value)) return value.map((v) => scrubValue(v, depth + 1, seen));
    if (value instanceof Map) return scrubObject(Object.fromEntries(value), depth, seen);
    if (value instanceof Set) return [...value].map((v) => scrubValue(v, depth + 1, seen));
    if (value instanceof Error) return scrubError(value, depth, seen);
    return scrubObject(value as Record<string, unknown>, depth, seen);
  } finally {
    seen.delete(value);
  }
}

function scrubObject(obj: Record<string, unknown>, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(obj)) {
    out[key] = isSecretKey(key) && v != null && v !== '' ? REDACTED : scrubValue(v, depth + 1, seen);
  }
  return out;
}

function scrubError(e: Error, depth: number, seen: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = {
    type: e.name,
    message: scrubText(e.message),
    ...scrubObject({ ...e } as Record<string, unknown>, depth, seen),
  };
  if (e.stack) out.stack = scrubText(e.stack);
  if (e.cause !== undefined) out.cause = scrubValue(e.cause, depth + 1, seen);
  return out;
}
