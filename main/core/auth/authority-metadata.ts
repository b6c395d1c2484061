/**
 * The authority's OpenID configuration, kept between processes. Without it MSAL fetches
 * `{authority}/v2.0/.well-known/openid-configuration` in every new process before it even reads its token cache:
 * one request per CLI command (Microsoft's own hosts excepted: MSAL has their metadata built in). After MSAL fetched
 * it, the document goes to `<data dir>/authority-metadata.json`; the next process hands it to MSAL as
 * `auth.authorityMetadata`, for a day (MSAL's own in-memory copy lives as long). A file that is missing, unreadable,
 * for another authority, older than that, or whose endpoints are not the authority's is ignored: MSAL fetches again.
 */
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { INetworkModule, NetworkRequestOptions } from '@azure/msal-node';
import type { Logger } from '../ports';
import { writeFileAtomic } from '../store/atomic-file';

export const AUTHORITY_METADATA_FILE = 'authority-metadata.json';
export const AUTHORITY_METADATA_MAX_AGE_MS = 24 * 3600_000;

interface Stored {
  authority: string;
  fetchedAt: number;
  openIdConfiguration: Record<string, unknown>;
}

/** Is this MSAL's request for the authority's OpenID configuration? */
export function isOpenIdConfigUrl(url: string, authority: string): boolean {
  return url.startsWith(`${authority}/`) && url.endsWith('/.well-known/openid-configuration');
}

/** What MSAL needs from the document, with every endpoint on the authority's own https origin. */
function usable(doc: unknown, authority: string): doc is Record<string, unknown> {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return false;
  const d = doc as Record<string, unknown>;
  const origin = new URL(authority).origin;
  const sameOrigin = (v: unknown): boolean => {
    if (typeof v !== 'string') return false;
    try {
      return new URL(v).origin === origin;
    } catch {
      return false;
    }
  };
  return (
    sameOrigin(d.authorization_endpoint) &&
    sameOrigin(d.token_endpoint) &&
    typeof d.issuer === 'string' &&
    typeof d.jwks_uri === 'string' &&
    (d.device_authorization_endpoint === undefined || sameOrigin(d.device_authorization_endpoint))
  );
}

/**
 * The stored document as MSAL's `authorityMetadata` string, or undefined. Synchronous: MSAL's client is built
 * synchronously, once per profile and process, and the file is a few hundred bytes.
 */
export function readAuthorityMetadata(file: string, authority: string, now: number): string | undefined {
  let stored: Partial<Stored>;
  try {
    stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Stored>;
  } catch {
    return undefined;
  }
  if (typeof stored !== 'object' || stored === null || stored.authority !== authority) return undefined;
  const age = now - (typeof stored.fetchedAt === 'number' ? stored.fetchedAt : -Infinity);
  if (!(age >= 0 && age < AUTHORITY_METADATA_MAX_AGE_MS)) return undefined;
  return usable(stored.openIdConfiguration, authority) ? JSON.stringify(stored.openIdConfiguration) : undefined;
}

export interface MetadataKeeper {
  /** MSAL's network module, noting the OpenID configuration it fetches. */
  network: INetworkModule;
  /** Resolves once a noted document is on disk (a failed write is logged, never thrown). */
  saved(): Promise<void>;
}

/** Wraps MSAL's network module: a usable OpenID configuration it fetches is written for the next process. */
export function keepAuthorityMetadata(
  net: INetworkModule,
  o: { file: string; authority: string; now: () => number; logger: Logger },
): MetadataKeeper {
  let writing: Promise<void> = Promise.resolve();
  const save = (doc: Record<string, unknown>): void => {
    const stored: Stored = { authority: o.authority, fetchedAt: o.now(), openIdConfiguration: doc };
    writing = writing
      .then(async () => {
        await mkdir(path.dirname(o.file), { recursive: true, mode: 0o700 });
        await writeFileAtomic(o.file, `${JSON.stringify(stored)}\n`);
      })
      .catch((e: unknown) => o.logger.warn('could not keep the authority metadata', { error: (e as Error).message }));
  };
  return {
    network: {
      async sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number) {
        const response = await net.sendGetRequestAsync<T>(url, options, timeout);
        if (response.status === 200 && isOpenIdConfigUrl(url, o.authority) && usable(response.body, o.authority)) {
          save(response.body);
        }
        return response;
      },
      sendPostRequestAsync: <T>(url: string, options?: NetworkRequestOptions) => net.sendPostRequestAsync<T>(url, options),
    },
    saved: () => writing,
  };
}
