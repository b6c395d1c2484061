/**
 * Last line of defence for text that goes to logs: masks anything shaped like a token. Callers must still never
 * pass tokens; this only catches what a library might echo (JWTs, refresh tokens, codes in URLs or bodies).
 */

// JWTs (access and id tokens): three base64url parts, the first starting with eyJ ({").
const jwt = /eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.?[A-Za-z0-9_-]*/g;
// key=value or "key":"value" pairs whose value is a secret.
const secretPair =
  /\b(access_token|refresh_token|id_token|token|code|device_code|client_info|code_verifier|client_secret|assertion|secret|tempauth|sig)(["']?\s*[:=]\s*["']?)([^"'&\s,}]+)/gi;
// Pre-authenticated download URLs of personal OneDrive: the credential is the first path segment (y4m...).
const downloadPathToken = /(https?:\/\/[^\s/]+\/)y4[a-z][A-Za-z0-9_-]+/gi;
// Long opaque runs (Microsoft refresh tokens are hundreds of characters, often starting with "0.").
const opaque = /[A-Za-z0-9._~+/=*!-]{80,}/g;

export function redactSecrets(text: string): string {
  return text
    .replace(jwt, '[redacted]')
    .replace(downloadPathToken, '$1[redacted]')
    .replace(secretPair, '$1$2[redacted]')
    .replace(opaque, '[redacted]');
}
