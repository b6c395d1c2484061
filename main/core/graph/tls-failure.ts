/**
 * A TLS failure is not "offline": the network works, but the certificate presented for a Microsoft host is not
 * trusted (an HTTPS-inspecting proxy or antivirus with its own root, a self-signed endpoint, a wrong clock).
 * Retrying does not help and "could not be reached" sends people looking at their cable, so it gets its own code.
 */
import { AppError } from '../errors';

/** Node/OpenSSL codes of a certificate that failed verification. */
const certificateCodes: ReadonlySet<string> = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REJECTED',
  'CERT_UNTRUSTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'HOSTNAME_MISMATCH',
]);

/** The certificate error code somewhere in `e`'s cause chain (fetch wraps it: TypeError -> cause), or null. */
export function certificateFailureCode(e: unknown): string | null {
  for (let cur: unknown = e, depth = 0; cur && typeof cur === 'object' && depth < 5; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string' && certificateCodes.has(code)) return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return null;
}

export function untrustedCertificateMessage(what: string, code: string): string {
  return (
    `The secure connection to ${what} was refused: its certificate is not trusted (${code}). ` +
    'Is a proxy or antivirus inspecting HTTPS, or is the clock wrong? Nothing was changed.'
  );
}

export function untrustedCertificate(what: string, code: string, cause?: unknown): AppError {
  return new AppError('untrusted_certificate', untrustedCertificateMessage(what, code), undefined, { cause });
}
