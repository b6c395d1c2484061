import { describe, expect, it } from 'vitest';
import { classifyAuthError } from '../auth/classify-auth-error';
import { networkError } from './graph-errors';
import { certificateFailureCode } from './tls-failure';

const fetchFailed = (code: string) =>
  Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('x'), { code }) });

describe('certificate failures', () => {
  it("finds the certificate code in a fetch error's cause chain, and nothing in a plain network error", () => {
    expect(certificateFailureCode(fetchFailed('SELF_SIGNED_CERT_IN_CHAIN'))).toBe('SELF_SIGNED_CERT_IN_CHAIN');
    expect(certificateFailureCode(fetchFailed('ECONNREFUSED'))).toBeNull();
  });

  it('a Graph request that fails TLS is untrusted_certificate, not offline, and names the code', () => {
    const e = networkError(fetchFailed('UNABLE_TO_VERIFY_LEAF_SIGNATURE'));
    expect(e.code).toBe('untrusted_certificate');
    expect(e.message).toMatch(/certificate is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)/);
    expect(e.message).not.toMatch(/retry/);
    expect(networkError(fetchFailed('ECONNRESET')).code).toBe('offline');
  });

  it('an MSAL endpoint failure after a certificate failure seen by our network client is untrusted_certificate', () => {
    const wrapped = { name: 'ClientAuthError', errorCode: 'endpoints_resolution_error' };
    expect(classifyAuthError(wrapped, 'DEPTH_ZERO_SELF_SIGNED_CERT').code).toBe('untrusted_certificate');
    expect(classifyAuthError(wrapped, null).code).toBe('offline');
    expect(classifyAuthError({ errorCode: 'invalid_grant' }, 'DEPTH_ZERO_SELF_SIGNED_CERT').code).toBe('reconnect_required');
  });
});
