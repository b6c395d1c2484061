import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact-secrets';

describe('redactSecrets', () => {
  it.each([
    ['a JWT', 'token eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0. end', 'eyJ'],
    ['a refresh token in a form body', 'grant_type=refresh_token&refresh_token=0.AAA-secret-rt&x=1', 'secret-rt'],
    ['a JSON refresh token', '{"refresh_token":"RT-abc"}', 'RT-abc'],
    ['an auth code in a query', 'https://x/?code=AUTHCODE123&state=s', 'AUTHCODE123'],
    ['a device code in a form body', 'grant_type=device_code&device_code=DC-short-1234&x=1', 'DC-short-1234'],
    ['a short tempauth in a download URL', 'https://x/download.aspx?UniqueId=1&tempauth=v1.ab.cd&ApiVersion=2.0', 'v1.ab.cd'],
    ['a short token in a URL', 'https://x/dl?token=tok123', 'tok123'],
    [
      'a short personal download URL path token',
      'https://public.bn.files.1drv.com/y4mAbC12_dEf-tok/a.txt?download',
      'y4mAbC12_dEf-tok',
    ],
    ['a long opaque blob', `blob ${'A'.repeat(120)} end`, 'A'.repeat(80)],
  ])('masks %s', (_name, input, secret) => {
    expect(redactSecrets(input)).not.toContain(secret);
  });

  it('leaves ordinary messages alone', () => {
    const msg = 'Token request failed: network_error, correlation 3f2a6c1e-9b1d-4c55-8e1f-1a2b3c4d5e6f';
    expect(redactSecrets(msg)).toBe(msg);
  });
});
