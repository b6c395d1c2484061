/**
 * Cloud settings + environment -> the values MSAL and the Graph client need. Pure: the caller passes `env`.
 * Env wins over stored settings so tests, national clouds and scripts can point the app anywhere.
 */
import type { CloudPreset, CloudSettings } from '../../../shared/model';
import { AppError } from '../errors';

export interface ResolvedCloud {
  clientId: string;
  /** Full authority URL including the tenant, e.g. https://login.microsoftonline.com/common */
  authority: string;
  /** `host:port` entries that skip MSAL's instance discovery (custom authority hosts only). */
  knownAuthorities: string[];
  /** Graph base URL without a trailing slash, e.g. https://graph.microsoft.com/v1.0 */
  graphUrl: string;
  /** Graph host name without port: the Graph client's `customHosts` entry. */
  graphHost: string;
}

export type CloudEnv = Readonly<Record<string, string | undefined>>;

interface PresetEndpoints {
  authorityHost: string;
  graphUrl: string;
}

export const cloudPresets: Readonly<Record<Exclude<CloudPreset, 'custom'>, PresetEndpoints>> = {
  global: { authorityHost: 'https://login.microsoftonline.com', graphUrl: 'https://graph.microsoft.com/v1.0' },
  usgov: { authorityHost: 'https://login.microsoftonline.us', graphUrl: 'https://graph.microsoft.us/v1.0' },
  china: { authorityHost: 'https://login.chinacloudapi.cn', graphUrl: 'https://microsoftgraph.chinacloudapi.cn/v1.0' },
};

// MSAL discovers these itself; anything else must be listed in knownAuthorities.
const microsoftAuthorityHosts = new Set(Object.values(cloudPresets).map((p) => new URL(p.authorityHost).host));

const tenantPattern = /^[A-Za-z0-9][A-Za-z0-9.-]*$/;

function trimSlashes(url: string): string {
  return url.replace(/\/+$/, '');
}

function parseHttpsUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('bad_input', `The ${what} "${value}" is not a valid URL.`);
  }
  if (url.protocol !== 'https:') throw new AppError('bad_input', `The ${what} must use https (got "${value}").`);
  return url;
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** Resolves the effective cloud endpoints. Throws AppError not_configured / bad_input. */
export function resolveCloud(settings: CloudSettings, env: CloudEnv = {}): ResolvedCloud {
  const clientId = nonEmpty(env.ONEDRIVE_MIRROR_CLIENT_ID) ?? nonEmpty(settings.clientId);
  if (!clientId) {
    throw new AppError(
      'not_configured',
      'No app registration (client id) is configured. Set it in Settings or in ONEDRIVE_MIRROR_CLIENT_ID.',
    );
  }

  const preset = settings.preset === 'custom' ? null : cloudPresets[settings.preset];

  let authority = nonEmpty(env.ONEDRIVE_MIRROR_AUTHORITY);
  if (!authority) {
    const tenant = nonEmpty(settings.tenant) ?? 'common';
    if (!tenantPattern.test(tenant)) {
      throw new AppError(
        'bad_input',
        `The tenant "${tenant}" is not valid: use common, organizations, consumers or a tenant id.`,
      );
    }
    const host = preset?.authorityHost ?? nonEmpty(settings.authorityHost ?? undefined);
    if (!host) throw new AppError('not_configured', 'The custom cloud needs an authority URL.');
    authority = `${trimSlashes(host)}/${tenant}`;
  }
  const authorityUrl = parseHttpsUrl(trimSlashes(authority), 'authority');
  if (authorityUrl.pathname === '/' || authorityUrl.pathname === '') {
    throw new AppError('bad_input', `The authority "${authority}" must include a tenant, e.g. https://host/common.`);
  }

  const graph = nonEmpty(env.ONEDRIVE_MIRROR_GRAPH_URL) ?? preset?.graphUrl ?? nonEmpty(settings.graphUrl ?? undefined);
  if (!graph) throw new AppError('not_configured', 'The custom cloud needs a Microsoft Graph URL.');
  const graphUrl = parseHttpsUrl(trimSlashes(graph), 'Graph URL');

  return {
    clientId,
    authority: trimSlashes(authorityUrl.href),
    knownAuthorities: microsoftAuthorityHosts.has(authorityUrl.host) ? [] : [authorityUrl.host],
    graphUrl: trimSlashes(graphUrl.href),
    graphHost: graphUrl.hostname,
  };
}

/** Where tokens go under some settings: the client id, the authority and the Graph URL in effect. */
export interface CloudEndpoints {
  clientId: string;
  authority: string;
  graphUrl: string;
}

/** The endpoints in effect, or null when the settings are not complete or not valid (no token can go anywhere). */
export function endpointsOf(settings: CloudSettings, env: CloudEnv = {}): CloudEndpoints | null {
  try {
    const r = resolveCloud(settings, env);
    return { clientId: r.clientId, authority: r.authority, graphUrl: r.graphUrl };
  } catch {
    return null;
  }
}

export interface CloudChange {
  /** The client id, the authority (host or tenant) or the Graph URL in effect changes: sign-ins stop being valid. */
  endpointsChanged: boolean;
  /** The Graph origin changes: delta links stored for the old one must not be used (nor refused forever). */
  graphOriginChanged: boolean;
  /**
   * Non-Microsoft hosts the stored settings newly name (env overrides aside: only the stored settings can be changed
   * from the UI): sign-in pages would open there and tokens go there.
   */
  customHosts: string[];
}

const microsoftHosts = new Set(
  Object.values(cloudPresets).flatMap((p) => [new URL(p.authorityHost).host, new URL(p.graphUrl).host]),
);

/** What changing the cloud settings from `before` to `after` means for sign-ins. Pure. */
export function describeCloudChange(before: CloudSettings, after: CloudSettings, env: CloudEnv = {}): CloudChange {
  const a = endpointsOf(before, env);
  const b = endpointsOf(after, env);
  const origin = (e: CloudEndpoints | null) => (e ? new URL(e.graphUrl).origin : null);
  const endpointsChanged = a?.clientId !== b?.clientId || a?.authority !== b?.authority || a?.graphUrl !== b?.graphUrl;
  const storedHosts = (c: CloudSettings) => {
    const e = endpointsOf({ ...c, clientId: 'any' });
    return e ? [new URL(e.authority).host, new URL(e.graphUrl).host].filter((h) => !microsoftHosts.has(h)) : [];
  };
  const had = new Set(storedHosts(before));
  const customHosts = [...new Set(storedHosts(after))].filter((h) => !had.has(h));
  return { endpointsChanged, graphOriginChanged: origin(a) !== origin(b), customHosts };
}
