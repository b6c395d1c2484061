/**
 * The app registration's client id rule, and the build-time default registration. No imports (no zod): the
 * renderer uses the rule at run time (see limits.ts for why no zod), vite.config.ts the build-time function.
 */

/** An Application (client) ID is a GUID. */
export const CLIENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const CLIENT_ID_FORMAT_MESSAGE =
  'The client id must be the Application (client) ID of an app registration: a GUID like 12345678-90ab-cdef-1234-567890abcdef.';

/** The cloud settings a build carries as its default (the shape of CloudSettings, which this file cannot import). */
export interface BuiltInCloud {
  clientId: string;
  preset: 'global' | 'usgov' | 'china' | 'custom';
  tenant: string;
  authorityHost: string | null;
  graphUrl: string | null;
}

const presetAuthorityHosts = {
  'login.microsoftonline.com': 'global',
  'login.microsoftonline.us': 'usgov',
  'login.chinacloudapi.cn': 'china',
} as const;

/**
 * Build time (vite.config.ts): the default app registration baked into the main process and the CLI, from
 * ODM_DEFAULT_CLIENT_ID (a GUID; a public client id is no secret) and ODM_DEFAULT_AUTHORITY (default
 * https://login.microsoftonline.com/common). A non-Microsoft authority also needs ODM_DEFAULT_GRAPH_URL.
 * Null when no client id is set. Throws (failing the build) for a malformed value or a secret in the env.
 */
export function builtInCloudFromEnv(env: Readonly<Record<string, string | undefined>>): BuiltInCloud | null {
  if (env.ODM_DEFAULT_CLIENT_SECRET !== undefined) {
    throw new Error('ODM_DEFAULT_CLIENT_SECRET is set: a desktop app is a public client and ships no secret. Unset it.');
  }
  const clientId = env.ODM_DEFAULT_CLIENT_ID?.trim();
  if (!clientId) return null;
  if (!CLIENT_ID_PATTERN.test(clientId)) throw new Error(`ODM_DEFAULT_CLIENT_ID "${clientId}": ${CLIENT_ID_FORMAT_MESSAGE}`);
  const authority = env.ODM_DEFAULT_AUTHORITY?.trim() || 'https://login.microsoftonline.com/common';
  let url: URL;
  try {
    url = new URL(authority);
  } catch {
    throw new Error(`ODM_DEFAULT_AUTHORITY "${authority}" is not a URL (e.g. https://login.microsoftonline.com/common).`);
  }
  const tenant = url.pathname.replace(/^\/+|\/+$/g, '');
  if (url.protocol !== 'https:' || !tenant || tenant.includes('/') || url.search || url.hash) {
    throw new Error(
      `ODM_DEFAULT_AUTHORITY "${authority}" must be https://host/tenant (e.g. https://login.microsoftonline.com/common).`,
    );
  }
  const preset = presetAuthorityHosts[url.host as keyof typeof presetAuthorityHosts];
  if (preset) return { clientId, preset, tenant, authorityHost: null, graphUrl: null };
  const graphUrl = env.ODM_DEFAULT_GRAPH_URL?.trim();
  if (!graphUrl || !graphUrl.startsWith('https://')) {
    throw new Error(
      `ODM_DEFAULT_AUTHORITY names a custom host (${url.host}): set ODM_DEFAULT_GRAPH_URL to its https Graph URL too.`,
    );
  }
  return { clientId, preset: 'custom', tenant, authorityHost: url.origin, graphUrl };
}
