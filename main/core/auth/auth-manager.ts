/**
 * Microsoft sign-in for every profile: one MSAL PublicClientApplication per profile (created lazily) over that
 * profile's own persisted token cache. Interactive and device-code sign-in with cancel and time-out, silent tokens
 * with single-flight refresh per profile, and errors classified into AppErrors the service can act on.
 * Tokens never leave this module except as token()'s return value: not in logs, not in error messages.
 */
import { accountMismatchMessage } from './account-mismatch';
import {
  LogLevel,
  PublicClientApplication,
  type AccountInfo,
  type AuthenticationResult,
  type DeviceCodeRequest,
} from '@azure/msal-node';
import type { SignedInAccount } from '../../../shared/model';
import { AppError, isAppError } from '../errors';
import { systemClock, type BrowserOpener, type Clock, type Logger, type SecretBox } from '../ports';
import { signInErrorPage, signInSuccessPage } from './auth-pages';
import { classifyAuthError } from './classify-auth-error';
import type { ResolvedCloud } from './cloud-config';
import { keepAuthorityMetadata, readAuthorityMetadata } from './authority-metadata';
import { createFetchNetworkClient } from './network-client';
import { redactSecrets } from './redact-secrets';
import { releaseLoopback, runStoppable } from './sign-in-control';
import { createTokenCachePlugin, deleteTokenCache, secretStorageUnavailableMessage } from './token-cache';

/** Delegated permissions the app asks for: read all files the user can reach, the user's profile, a refresh token. */
import { graphScopes } from './scopes';
export { graphScopes, sitesScopes } from './scopes';

/** How long an interactive sign-in waits for the browser by default. */
export const defaultSignInTimeoutMs = 5 * 60_000;

export type { SignedInAccount };

export interface SignInOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Reconnect: the account this profile must get back. Another account is refused, not switched to. */
  expectHomeAccountId?: string;
  /** The expected account's name for the refusal message, when the cache no longer knows it. */
  expectUsername?: string;
  /** Incremental consent: scopes to add to this sign-in (the user is asked for them now). */
  extraScopes?: readonly string[];
}

export interface AuthManager {
  signInInteractive(profileId: string, o?: SignInOptions): Promise<SignedInAccount>;
  signInDeviceCode(profileId: string, o: SignInOptions & { onMessage: (message: string) => void }): Promise<SignedInAccount>;
  /** A valid access token for the profile's account; refreshes at most once at a time per profile. */
  /** `scopes`: a token for other scopes than the default (sitesScopes); consent_required if never granted. */
  token(profileId: string, homeAccountId: string, o?: { forceRefresh?: boolean; scopes?: readonly string[] }): Promise<string>;
  /** Removes the account from the profile's cache (memory and file); the profile keeps no tokens. */
  signOut(profileId: string, homeAccountId: string | null): Promise<void>;
  dispose(): void;
}

export interface AuthManagerOptions {
  cloud: ResolvedCloud;
  tokensDir: string;
  secretBox: SecretBox;
  browserOpener: BrowserOpener;
  logger: Logger;
  clock?: Clock;
  /** Where the authority's OpenID configuration is kept between processes (authority-metadata.ts); none: not kept. */
  authorityMetadataFile?: string;
  /** For tests and the e2e bridge; defaults to the global fetch. */
  fetch?: typeof fetch;
}

interface ProfileClient {
  pca: PublicClientApplication;
  inflight: Map<string, Promise<string>>;
  /** The identity service asked us not to come back before this time (429, or 503 with Retry-After). */
  waitUntil: number;
  waitCode: 'throttled' | 'offline';
  /** The certificate error of the last request that failed TLS verification (null after any answer). */
  certificate: { code: string | null };
}

export function createAuthManager(opts: AuthManagerOptions): AuthManager {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger.child({ component: 'auth' });
  const clients = new Map<string, ProfileClient>();
  const pendingSignIns = new Set<AbortController>();
  const scopes = [...graphScopes];
  // The certificate error of the last request that failed TLS verification, shared by the profiles' MSAL clients
  // as the network module is.
  const certificate: { code: string | null } = { code: null };
  const network = createFetchNetworkClient({
    fetch: opts.fetch,
    now: () => clock.now(),
    onCertificate: (code) => (certificate.code = code),
  });
  const metadataFile = opts.authorityMetadataFile;
  const metadata = metadataFile
    ? keepAuthorityMetadata(network, { file: metadataFile, authority: opts.cloud.authority, now: () => clock.now(), logger })
    : { network, saved: async () => {} };

  function client(profileId: string): ProfileClient {
    let c = clients.get(profileId);
    if (c) return c;
    const profileLogger = logger.child({ profileId });
    // What an earlier process fetched: MSAL then makes no metadata request before reading its token cache.
    const authorityMetadata = metadataFile && readAuthorityMetadata(metadataFile, opts.cloud.authority, clock.now());
    const pca = new PublicClientApplication({
      auth: {
        clientId: opts.cloud.clientId,
        authority: opts.cloud.authority,
        knownAuthorities: opts.cloud.knownAuthorities,
        ...(authorityMetadata ? { authorityMetadata } : {}),
      },
      cache: {
        cachePlugin: createTokenCachePlugin({
          tokensDir: opts.tokensDir,
          profileId,
          secretBox: opts.secretBox,
          logger: profileLogger,
        }),
      },
      system: {
        networkClient: metadata.network,
        loggerOptions: {
          piiLoggingEnabled: false,
          logLevel: LogLevel.Warning,
          loggerCallback: (level, message, containsPii) => {
            if (containsPii) return;
            const line = `msal: ${redactSecrets(message)}`;
            if (level === LogLevel.Error) profileLogger.error(line);
            else if (level === LogLevel.Warning) profileLogger.warn(line);
          },
        },
      },
    });
    c = { pca, inflight: new Map(), waitUntil: 0, waitCode: 'throttled', certificate };
    clients.set(profileId, c);
    return c;
  }

  function assertCanStoreTokens(): void {
    if (opts.secretBox.protection === 'unavailable') throw new AppError('not_configured', secretStorageUnavailableMessage);
  }

  /** After a sign-in: enforce the expected account and keep one account per profile. */
  async function settleAccount(profileId: string, result: AuthenticationResult | null, o: SignInOptions) {
    const account = result?.account;
    if (!account) throw new AppError('internal', 'Sign-in finished without an account. Try again.');
    const cache = client(profileId).pca.getTokenCache();
    const others = (await cache.getAllAccounts()).filter((a) => a.homeAccountId !== account.homeAccountId);
    if (o.expectHomeAccountId && account.homeAccountId !== o.expectHomeAccountId) {
      const expected = others.find((a) => a.homeAccountId === o.expectHomeAccountId);
      await cache.removeAccount(account);
      throw new AppError(
        'bad_input',
        accountMismatchMessage(account, {
          username: o.expectUsername ?? expected?.username,
          homeAccountId: o.expectHomeAccountId,
        }),
      );
    }
    for (const other of others) await cache.removeAccount(other);
    client(profileId).waitUntil = 0;
    await metadata.saved();
    return toSignedIn(account);
  }

  function signInFailure(profileId: string, e: unknown): AppError {
    if (isAppError(e)) return e;
    const code = (e as { errorCode?: unknown } | null)?.errorCode;
    if (code === 'access_denied' || code === 'user_canceled' || code === 'device_code_polling_cancelled') {
      return new AppError('cancelled', 'Sign-in was cancelled.');
    }
    if (code === 'device_code_expired' || code === 'user_timeout_reached') {
      return new AppError('timeout', 'The sign-in code expired before it was used. Try again.');
    }
    const classified = classifyAuthError(e, client(profileId).certificate.code);
    if (classified.code === 'reconnect_required') return new AppError('internal', 'Sign-in did not complete. Try again.');
    return classified;
  }

  return {
    async signInInteractive(profileId, o = {}) {
      assertCanStoreTokens();
      const { pca } = client(profileId);
      const timeoutMs = o.timeoutMs ?? defaultSignInTimeoutMs;
      // Reconnect: the sign-in page proposes the expected account. New sign-in: let the user pick, so a second
      // profile is not silently given the account the browser is already signed in with.
      const loginHint = o.expectHomeAccountId ? await expectedUsername(pca, o) : undefined;
      const hint = loginHint ? { loginHint } : { prompt: o.expectHomeAccountId ? undefined : 'select_account' };
      try {
        const result = await runStoppable({ ...o, timeoutMs }, clock, pendingSignIns, async (stop) => {
          let authUrl: string | null = null;
          stop.addEventListener('abort', () => {
            if (authUrl) void releaseLoopback(authUrl, opts.fetch);
          });
          return pca.acquireTokenInteractive({
            scopes: [...scopes, ...(o.extraScopes ?? [])],
            ...hint,
            successTemplate: signInSuccessPage,
            errorTemplate: signInErrorPage,
            openBrowser: async (url) => {
              authUrl = url;
              if (stop.aborted) return void (await releaseLoopback(url, opts.fetch));
              await opts.browserOpener.open(url);
            },
          });
        });
        return await settleAccount(profileId, result, o);
      } catch (e) {
        throw signInFailure(profileId, e);
      }
    },

    async signInDeviceCode(profileId, o) {
      assertCanStoreTokens();
      const { pca } = client(profileId);
      try {
        const result = await runStoppable(o, clock, pendingSignIns, async (stop) => {
          const request: DeviceCodeRequest = {
            scopes: [...scopes, ...(o.extraScopes ?? [])],
            deviceCodeCallback: (response) => o.onMessage(response.message),
          };
          // MSAL checks `cancel` on the same request object before each poll.
          stop.addEventListener('abort', () => {
            request.cancel = true;
          });
          return pca.acquireTokenByDeviceCode(request);
        });
        return await settleAccount(profileId, result, o);
      } catch (e) {
        throw signInFailure(profileId, e);
      }
    },

    token(profileId, homeAccountId, o = {}) {
      let c: ProfileClient;
      try {
        c = client(profileId);
      } catch (e) {
        return Promise.reject(e); // a bad profile id: callers always get a promise
      }
      const key = `${homeAccountId}\0${o.forceRefresh ? 'force' : ''}\0${(o.scopes ?? []).join(' ')}`;
      const existing = c.inflight.get(key);
      if (existing) return existing;
      const p = acquireSilent(profileId, c, homeAccountId, o.forceRefresh ?? false, o.scopes).finally(() =>
        c.inflight.delete(key),
      );
      c.inflight.set(key, p);
      return p;
    },

    async signOut(profileId, _homeAccountId) {
      // A profile holds one account: dropping its client (the in-memory cache) and deleting the file removes the
      // account everywhere, without first writing a cache that is about to be deleted.
      const c = clients.get(profileId);
      // A refresh still running would write the cache file again after we delete it.
      if (c) await Promise.allSettled(c.inflight.values());
      clients.delete(profileId);
      await deleteTokenCache(opts.tokensDir, profileId);
    },

    dispose() {
      for (const controller of pendingSignIns) controller.abort();
      pendingSignIns.clear();
      clients.clear();
    },
  };

  async function acquireSilent(
    profileId: string,
    c: ProfileClient,
    homeAccountId: string,
    forceRefresh: boolean,
    extra?: readonly string[],
  ): Promise<string> {
    const waitMs = c.waitUntil - clock.now();
    if (waitMs > 0) {
      const message =
        c.waitCode === 'throttled'
          ? 'Microsoft sign-in asked us to slow down. Syncing will retry automatically.'
          : 'Microsoft sign-in is unavailable for now. Syncing will retry automatically.';
      throw new AppError(c.waitCode, message, waitMs);
    }
    try {
      const account = await c.pca.getTokenCache().getAccountByHomeId(homeAccountId);
      if (!account)
        throw new AppError('reconnect_required', 'This account is no longer signed in. Reconnect it to resume syncing.');
      const result = await c.pca.acquireTokenSilent({ account, scopes: extra ? [...extra] : scopes, forceRefresh });
      if (!result.accessToken) throw new AppError('internal', 'Microsoft sign-in returned no access token.');
      await metadata.saved();
      return result.accessToken;
    } catch (e) {
      const classified = classifyAuthError(e, c.certificate.code);
      // Other scopes than the sign-in's (sites): "interaction required" means the user has not granted them yet;
      // the profile itself is fine.
      const error =
        extra && classified.code === 'reconnect_required' && !isAppError(e, 'reconnect_required')
          ? new AppError('consent_required')
          : classified;
      if (error.retryAfterMs && (error.code === 'throttled' || error.code === 'offline')) {
        c.waitUntil = clock.now() + error.retryAfterMs;
        c.waitCode = error.code;
      }
      logger.warn('Token request failed', { profileId, code: error.code, msalCode: msalCode(e) });
      throw error;
    }
  }
}

async function expectedUsername(pca: PublicClientApplication, o: SignInOptions): Promise<string | undefined> {
  if (o.expectUsername) return o.expectUsername;
  try {
    return (await pca.getTokenCache().getAccountByHomeId(o.expectHomeAccountId ?? ''))?.username;
  } catch {
    return undefined;
  }
}

function toSignedIn(account: AccountInfo): SignedInAccount {
  return { homeAccountId: account.homeAccountId, username: account.username, tenantId: account.tenantId };
}

function msalCode(e: unknown): string | undefined {
  const code = (e as { errorCode?: unknown } | null)?.errorCode;
  return typeof code === 'string' && /^[a-z0-9_]{1,64}$/.test(code) ? code : undefined;
}
