import { createHash, randomBytes } from 'node:crypto';
import { readForm } from './http-util';
import { sendHtml, sendJson, sendOAuthError, type Ctx } from './respond';
import type { Account, AuthorizeDecision, AuthorizeRequest, DeviceCodeRecord, FakeCloudState } from './state';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access']);
const DEVICE_CODE_URN = 'urn:ietf:params:oauth:grant-type:device_code';

const b64url = (v: string | Buffer): string => Buffer.from(v).toString('base64url');
const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function openidConfiguration(state: FakeCloudState, tenant: string): object {
  const base = `${state.origin}/${tenant}`;
  return {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${state.origin}/${tenant}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${state.origin}/oidc/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: [
      'sub',
      'iss',
      'aud',
      'exp',
      'iat',
      'auth_time',
      'nonce',
      'preferred_username',
      'name',
      'tid',
      'ver',
      'oid',
    ],
    tenant_region_scope: null,
    cloud_instance_name: '127.0.0.1',
    cloud_graph_host_name: '127.0.0.1',
    msgraph_host: '127.0.0.1',
  };
}

const bareScope = (s: string): string => s.toLowerCase().replace(/^.*\//, '');

/** The user consents to what an interactive or device-code sign-in asked for (incremental consent adds to it). */
function consent(state: FakeCloudState, accountId: string, scopes: string[]): void {
  const set = state.consents.get(accountId) ?? new Set<string>();
  for (const s of scopes) if (!OIDC_SCOPES.has(s.toLowerCase())) set.add(bareScope(s));
  state.consents.set(accountId, set);
}

/** A resource scope the user never consented to: a refresh cannot get it (AADSTS65001, consent_required). */
function missingConsent(state: FakeCloudState, accountId: string, scopes: string[]): string | undefined {
  const set = state.consents.get(accountId);
  if (!set) return undefined; // refresh tokens made before consent was tracked
  return scopes.find((s) => !OIDC_SCOPES.has(s.toLowerCase()) && !set.has(bareScope(s)));
}

function resourceScopes(scopes: string[]): string {
  const kept = scopes.filter((s) => !OIDC_SCOPES.has(s.toLowerCase()));
  return (kept.length ? kept : ['https://graph.microsoft.com/User.Read']).join(' ');
}

function idToken(state: FakeCloudState, account: Account, clientId: string, nonce?: string): string {
  const now = Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    ver: '2.0',
    iss: `${state.origin}/${account.tid}/v2.0`,
    aud: clientId,
    iat: now,
    nbf: now,
    exp: now + 3600,
    sub: randomToken(16),
    oid: account.oid,
    tid: account.tid,
    name: account.displayName,
    preferred_username: account.username,
  };
  if (nonce) payload.nonce = nonce;
  return `${b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }))}.${b64url(JSON.stringify(payload))}.`;
}

export function clientInfo(account: Account): string {
  return b64url(JSON.stringify({ uid: account.oid, utid: account.tid }));
}

function issueTokens(ctx: Ctx, account: Account, clientId: string, scopes: string[], nonce?: string): Promise<void> {
  const { state } = ctx;
  const accessToken = randomToken(48);
  const refreshToken = randomToken(64);
  const expiresIn = state.settings.expiresIn;
  state.accessTokens.set(accessToken, {
    accountId: account.accountId,
    expiresAt: Date.now() + expiresIn * 1000,
    scopes: resourceScopes(scopes).split(' '),
  });
  state.refreshTokens.set(refreshToken, { accountId: account.accountId, clientId, scopes });
  return sendJson(ctx, 200, {
    token_type: 'Bearer',
    scope: resourceScopes(scopes),
    expires_in: expiresIn,
    ext_expires_in: expiresIn,
    access_token: accessToken,
    refresh_token: refreshToken,
    id_token: idToken(state, account, clientId, nonce),
    client_info: clientInfo(account),
  });
}

function chooseAccount(state: FakeCloudState, req: AuthorizeRequest): AuthorizeDecision {
  const hooked = state.authorizeHook?.(req);
  if (hooked) return hooked;
  if (req.loginHint) {
    const hinted = [...state.accounts.values()].find((a) => a.username.toLowerCase() === req.loginHint!.toLowerCase());
    if (hinted) return { accountId: hinted.accountId };
  }
  if (state.defaultAccountId) return { accountId: state.defaultAccountId };
  return { error: 'access_denied', description: 'AADSTS50020: no account exists in the fake cloud.' };
}

function autoPostForm(action: string, fields: Record<string, string>): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return (
    `<!DOCTYPE html><html><head><title>Working...</title></head><body>` +
    `<form method="POST" name="hiddenform" action="${escapeHtml(action)}">${inputs}` +
    `<noscript><p>Script is disabled. Click Submit to continue.</p><input type="submit" value="Submit"></noscript></form>` +
    `<script>document.forms[0].submit();</script></body></html>`
  );
}

/** GET /{tenant}/oauth2/v2.0/authorize: answers with a form that POSTs code, state and client_info back. */
export function authorize(ctx: Ctx): Promise<void> {
  const q = ctx.url.searchParams;
  const redirectUri = q.get('redirect_uri') ?? '';
  const clientId = q.get('client_id') ?? '';
  if (!redirectUri || !clientId) return sendHtml(ctx, 400, '<p>AADSTS900144: redirect_uri and client_id are required.</p>');
  const scopes = (q.get('scope') ?? '').split(' ').filter(Boolean);
  const state = q.get('state') ?? undefined;
  const decision = chooseAccount(ctx.state, {
    clientId,
    scopes,
    loginHint: q.get('login_hint') ?? undefined,
    prompt: q.get('prompt') ?? undefined,
    redirectUri,
  });
  const stateField: Record<string, string> = state !== undefined ? { state } : {};
  if ('error' in decision) {
    return sendHtml(
      ctx,
      200,
      autoPostForm(redirectUri, {
        error: decision.error,
        error_description: decision.description ?? 'The user denied access.',
        ...stateField,
      }),
    );
  }
  const account = ctx.state.accounts.get(decision.accountId);
  if (!account) throw new Error(`fake-cloud: authorize chose unknown account ${decision.accountId}`);
  const code = randomToken(40);
  ctx.state.codes.set(code, {
    accountId: account.accountId,
    clientId,
    redirectUri,
    challenge: q.get('code_challenge') ?? undefined,
    challengeMethod: q.get('code_challenge_method') ?? undefined,
    scopes,
    nonce: q.get('nonce') ?? undefined,
    expiresAt: Date.now() + 10 * 60 * 1000,
  });
  return sendHtml(ctx, 200, autoPostForm(redirectUri, { code, client_info: clientInfo(account), ...stateField }));
}

/** POST /{tenant}/oauth2/v2.0/devicecode */
export async function deviceCode(ctx: Ctx): Promise<void> {
  const form = await readForm(ctx.req);
  const clientId = form.get('client_id');
  if (!clientId) return sendOAuthError(ctx, 400, 'invalid_request', 'AADSTS900144: client_id is required.');
  const userCode = randomBytes(5).toString('hex').toUpperCase().slice(0, 9);
  const behaviour = { ...ctx.state.settings.deviceCode };
  const record: DeviceCodeRecord = {
    deviceCode: randomToken(48),
    userCode,
    clientId,
    scopes: (form.get('scope') ?? '').split(' ').filter(Boolean),
    pendingLeft: behaviour.pendingPolls,
    behaviour,
    expiresAt: Date.now() + 900 * 1000,
    redeemed: false,
  };
  ctx.state.deviceCodes.set(record.deviceCode, record);
  const verificationUri = `${ctx.state.origin}/devicelogin`;
  return sendJson(ctx, 200, {
    user_code: userCode,
    device_code: record.deviceCode,
    verification_uri: verificationUri,
    expires_in: 900,
    interval: behaviour.interval,
    message: `To sign in, use a web browser to open the page ${verificationUri} and enter the code ${userCode} to authenticate.`,
  });
}

/** Approves a pending device code (control API and the /devicelogin page). */
export function approveDeviceCode(state: FakeCloudState, userCode: string | undefined, accountId?: string): void {
  const pending = [...state.deviceCodes.values()].filter((d) => !d.redeemed && !d.approvedAccountId);
  const record = userCode ? pending.find((d) => d.userCode === userCode.toUpperCase()) : pending.at(-1);
  if (!record) throw new Error(`fake-cloud: no pending device code ${userCode ?? ''}`);
  const chosen = accountId ?? record.behaviour.accountId ?? state.defaultAccountId;
  if (!chosen || !state.accounts.has(chosen)) throw new Error('fake-cloud: no account to approve the device code with');
  record.approvedAccountId = chosen;
}

function pkceOk(verifier: string | null, challenge?: string, method?: string): boolean {
  if (!challenge) return true;
  if (!verifier) return false;
  if (method === 'S256') return createHash('sha256').update(verifier).digest('base64url') === challenge;
  return verifier === challenge;
}

async function tokenForDeviceCode(ctx: Ctx, form: URLSearchParams): Promise<void> {
  const record = ctx.state.deviceCodes.get(form.get('device_code') ?? '');
  if (!record || record.redeemed)
    return sendOAuthError(ctx, 400, 'invalid_grant', 'AADSTS70000: invalid device code.', { error_codes: [70000] });
  if (record.clientId !== form.get('client_id'))
    return sendOAuthError(ctx, 400, 'invalid_client', 'AADSTS700016: client mismatch.');
  const { behaviour } = record;
  if (record.pendingLeft > 0 || (behaviour.outcome === 'manual' && !record.approvedAccountId)) {
    record.pendingLeft = Math.max(0, record.pendingLeft - 1);
    return sendOAuthError(
      ctx,
      400,
      'authorization_pending',
      'AADSTS70016: OAuth 2.0 device flow error. Authorization is pending.',
      {
        error_codes: [70016],
      },
    );
  }
  if (behaviour.outcome === 'decline') {
    record.redeemed = true;
    return sendOAuthError(ctx, 400, 'authorization_declined', 'AADSTS70000: the user declined.', { error_codes: [70000] });
  }
  if (behaviour.outcome === 'expire' || record.expiresAt < Date.now()) {
    record.redeemed = true;
    return sendOAuthError(ctx, 400, 'expired_token', 'AADSTS70019: verification code expired.', { error_codes: [70019] });
  }
  const accountId = record.approvedAccountId ?? behaviour.accountId ?? ctx.state.defaultAccountId;
  const account = accountId ? ctx.state.accounts.get(accountId) : undefined;
  if (!account)
    return sendOAuthError(ctx, 400, 'authorization_declined', 'AADSTS70000: no account to sign in.', { error_codes: [70000] });
  record.redeemed = true;
  const granted = record.scopes.length ? record.scopes : (form.get('scope') ?? '').split(' ');
  consent(ctx.state, account.accountId, granted);
  return issueTokens(ctx, account, record.clientId, granted);
}

/** POST /{tenant}/oauth2/v2.0/token */
export async function token(ctx: Ctx): Promise<void> {
  const form = await readForm(ctx.req);
  const grant = form.get('grant_type');
  const clientId = form.get('client_id') ?? '';
  const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
  const { state } = ctx;
  if (grant === 'authorization_code') {
    const code = form.get('code') ?? '';
    const record = state.codes.get(code);
    state.codes.delete(code); // single use
    if (!record || record.expiresAt < Date.now())
      return sendOAuthError(ctx, 400, 'invalid_grant', 'AADSTS70008: the authorization code is invalid or has expired.', {
        error_codes: [70008],
      });
    if (record.clientId !== clientId) return sendOAuthError(ctx, 400, 'invalid_client', 'AADSTS700016: client mismatch.');
    if (record.redirectUri !== form.get('redirect_uri'))
      return sendOAuthError(ctx, 400, 'invalid_grant', 'AADSTS50011: redirect_uri does not match.', { error_codes: [50011] });
    if (!pkceOk(form.get('code_verifier'), record.challenge, record.challengeMethod))
      return sendOAuthError(ctx, 400, 'invalid_grant', 'AADSTS501481: the code_verifier does not match the code_challenge.', {
        error_codes: [501481],
      });
    consent(state, record.accountId, scopes.length ? scopes : record.scopes);
    return issueTokens(
      ctx,
      state.accounts.get(record.accountId)!,
      clientId,
      scopes.length ? scopes : record.scopes,
      record.nonce,
    );
  }
  if (grant === 'refresh_token') {
    const record = state.refreshTokens.get(form.get('refresh_token') ?? '');
    if (!record)
      return sendOAuthError(ctx, 400, 'invalid_grant', 'AADSTS9002313: invalid refresh token.', { error_codes: [9002313] });
    if (record.revoked) {
      const extra: Record<string, unknown> = { error_codes: [700082] };
      if (record.revoked.suberror) extra.suberror = record.revoked.suberror;
      return sendOAuthError(ctx, 400, 'invalid_grant', 'AADSTS700082: the refresh token has expired or was revoked.', extra);
    }
    const missing = missingConsent(state, record.accountId, scopes);
    if (missing)
      return sendOAuthError(
        ctx,
        400,
        'invalid_grant',
        `AADSTS65001: The user or administrator has not consented to use the application with scope ${missing}.`,
        {
          error_codes: [65001],
          suberror: 'consent_required',
        },
      );
    return issueTokens(ctx, state.accounts.get(record.accountId)!, clientId, scopes.length ? scopes : record.scopes);
  }
  if (grant === 'device_code' || grant === DEVICE_CODE_URN) return tokenForDeviceCode(ctx, form);
  return sendOAuthError(ctx, 400, 'unsupported_grant_type', `AADSTS70003: grant type ${grant ?? ''} is not supported.`);
}

/** GET/POST /devicelogin: a tiny page listing pending codes, approving one on POST (for manual device-code runs). */
export async function deviceLogin(ctx: Ctx): Promise<void> {
  const { state } = ctx;
  if (ctx.req.method === 'POST') {
    const form = await readForm(ctx.req);
    try {
      approveDeviceCode(state, form.get('user_code') ?? undefined, form.get('account') || undefined);
      return sendHtml(ctx, 200, '<p>Approved. You can close this page.</p>');
    } catch (e) {
      return sendHtml(ctx, 400, `<p>${escapeHtml((e as Error).message)}</p>`);
    }
  }
  const accounts = [...state.accounts.values()]
    .map((a) => `<option value="${escapeHtml(a.accountId)}">${escapeHtml(a.username)}</option>`)
    .join('');
  return sendHtml(
    ctx,
    200,
    `<!DOCTYPE html><html><body><h1>Fake cloud device sign-in</h1><form method="POST">` +
      `<label>Code <input name="user_code"></label> <label>Account <select name="account">${accounts}</select></label>` +
      ` <button type="submit">Approve</button></form></body></html>`,
  );
}
