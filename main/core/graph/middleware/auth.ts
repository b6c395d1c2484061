/**
 * Bearer tokens: the profile's token on each attempt, and one forced refresh per request after a 401.
 * The token cache reuses a token for a while (asking MSAL per request would read and decrypt its cache thousands
 * of times per run) and refreshes at most once per rejected token, even when many requests got a 401 at once.
 */
import type { Context } from '@microsoft/microsoft-graph-client';
import { AppError, isAppError } from '../../errors';
import type { Logger } from '../../ports';
import { redact } from '../graph-errors';
import { Link } from './link';

/** Throws AppError (e.g. reconnect_required) itself when no token can be had. */
export type GetToken = (o: { forceRefresh: boolean }) => Promise<string>;

export interface TokenCache {
  get(): Promise<string>;
  /** `rejected` is the token that got the 401; if someone already replaced it, the new one is used as is. */
  refresh(rejected: string): Promise<void>;
}

export function createTokenCache(getToken: GetToken, reuseMs: number, now: () => number): TokenCache {
  let current: { token: string; at: number } | null = null;
  let pending: Promise<string> | null = null;

  const acquire = (forceRefresh: boolean): Promise<string> => {
    if (!pending) {
      pending = getToken({ forceRefresh })
        .then((token) => {
          current = { token, at: now() };
          return token;
        })
        .catch((e: unknown) => {
          // AppErrors (reconnect_required, offline...) pass through untouched; others must not leak details.
          throw isAppError(e) ? e : new AppError('internal', `Could not get a sign-in token: ${redact(String(e))}`);
        })
        .finally(() => {
          pending = null;
        });
    }
    return pending;
  };

  return {
    get(): Promise<string> {
      if (current && now() - current.at < reuseMs) return Promise.resolve(current.token);
      return acquire(false);
    },
    async refresh(rejected: string): Promise<void> {
      if (pending) await pending.catch(() => undefined);
      if (current && current.token !== rejected) return;
      await acquire(true);
    },
  };
}

/**
 * Sets Authorization and, on a 401, refreshes the token once per request and sends it again at once (a token
 * refresh is not a failed try). It sits inside the throttle link, so each throttled retry takes the current token;
 * the request remembers across those retries that it already refreshed, and a second 401 goes up as the answer.
 */
export class Authorize extends Link {
  private readonly refreshed = new WeakSet<Context>();

  constructor(
    private readonly tokens: TokenCache,
    private readonly log: Logger,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const token = await this.tokens.get();
    await this.send(context, token);
    if (context.response?.status !== 401 || this.refreshed.has(context)) return;
    this.refreshed.add(context);
    this.log.debug('graph token refused: refreshing it once');
    await this.tokens.refresh(token);
    await this.send(context, await this.tokens.get());
  }

  private send(context: Context, token: string): Promise<void> {
    context.options = {
      ...context.options,
      headers: {
        ...(context.options?.headers as Record<string, string> | undefined),
        Authorization: `Bearer ${token}`,
      },
    };
    return this.forward(context);
  }
}
