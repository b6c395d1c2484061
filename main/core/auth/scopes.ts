/** Graph scopes, in a module without MSAL (the service and CLI import it without loading the auth manager). */

/** What every sign-in asks for. */
export const graphScopes: readonly string[] = ['Files.Read.All', 'User.Read', 'offline_access'];

/**
 * Asked for only when a user first browses SharePoint sites (incremental consent): listing sites (/sites?search=,
 * /me/followedSites, /sites/{id}/drives) needs it; shared folders, links and library files need only Files.Read.All.
 */
export const sitesScopes: readonly string[] = ['Sites.Read.All'];
