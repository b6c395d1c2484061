import { AuthError, ClientAuthError, InteractionRequiredAuthError, ServerError } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { classifyAuthError, defaultThrottleMs } from './classify-auth-error';
import { TokenEndpointHttpError } from './network-client';

const econnrefused = Object.assign(new TypeError('fetch failed'), {
  cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }),
});

describe('classifyAuthError', () => {
  const table: Array<[string, unknown, string, number?]> = [
    [
      'InteractionRequiredAuthError (invalid_grant with suberror bad_token)',
      new InteractionRequiredAuthError('invalid_grant', '', 'AADSTS700082', 'bad_token'),
      'reconnect_required',
    ],
    ['ServerError invalid_grant without suberror', new ServerError('invalid_grant', '', 'AADSTS700082'), 'reconnect_required'],
    ['ServerError interaction_required', new ServerError('interaction_required', ''), 'reconnect_required'],
    ['ServerError consent_required', new ServerError('consent_required', ''), 'reconnect_required'],
    ['ServerError login_required', new ServerError('login_required', ''), 'reconnect_required'],
    ['MSAL no_tokens_found', new InteractionRequiredAuthError('no_tokens_found', ''), 'reconnect_required'],
    ['MSAL no_account_in_silent_request', new ClientAuthError('no_account_in_silent_request', ''), 'reconnect_required'],
    ['MSAL network_error', new AuthError('network_error', '', 'Network request failed'), 'offline'],
    ['MSAL endpoints_resolution_error (discovery unreachable)', new ClientAuthError('endpoints_resolution_error', ''), 'offline'],
    ['HTTP 500 from the token endpoint', new TokenEndpointHttpError(500, undefined), 'offline'],
    ['HTTP 503 with Retry-After is offline, keeping the Retry-After', new TokenEndpointHttpError(503, 5000), 'offline', 5000],
    ['ServerError carrying status 502', new ServerError('server_error', '', undefined, undefined, undefined, 502), 'offline'],
    ['a raw ECONNREFUSED from fetch', econnrefused, 'offline'],
    ['HTTP 429 with Retry-After', new TokenEndpointHttpError(429, 7000), 'throttled', 7000],
    ['HTTP 429 without Retry-After', new TokenEndpointHttpError(429, undefined), 'throttled', defaultThrottleMs],
    ['ServerError invalid_client is not reconnect', new ServerError('invalid_client', ''), 'internal'],
    ['a plain Error', new Error('boom'), 'internal'],
    ['a thrown string', 'boom', 'internal'],
  ];

  it.each(table)('%s -> %s', (_name, error, code, retryAfterMs) => {
    const result = classifyAuthError(error);
    expect(result).toBeInstanceOf(AppError);
    expect(result.code).toBe(code);
    if (retryAfterMs !== undefined) expect(result.retryAfterMs).toBe(retryAfterMs);
  });

  it('passes an AppError through unchanged', () => {
    const e = new AppError('cancelled');
    expect(classifyAuthError(e)).toBe(e);
  });

  it('never copies the server description into the message', () => {
    const secret = 'eyJhbGciOiJub25lIn0.secret-looking-token';
    for (const e of [
      new ServerError('invalid_grant', '', secret),
      new ServerError('weird', '', secret),
      new AuthError('network_error', '', secret),
    ]) {
      expect(classifyAuthError(e).message).not.toContain(secret);
    }
  });
});
