import { itemByPath, liveItem, sortedChildrenOf, type Drive, type Item } from './drive-model';
import { handleDelta } from './delta';
import type { RouteName } from './faults';
import { applySelect, downloadUrl, itemJson } from './item-json';
import { sendGraphError, sendJson, type Ctx } from './respond';
import { driveJson, handleSources, isSourcesTarget, parseSourcesPath, type SourcesTarget } from './graph-sources';
import { denial, isMember } from './sources';
import { type Account, pagingLink } from './state';

/** A parsed Graph path under /v1.0. */
export type GraphTarget =
  | { kind: 'me' }
  | SourcesTarget
  | { kind: 'drive'; driveId: string | null } // null = /me/drive
  | { kind: 'item'; driveId: string | null; ref: { id: string } | { path: string }; view: '' | 'children' | 'delta' | 'content' }
  | { kind: 'socketIo'; driveId: string | null }
  | { kind: 'unknown' };

/** Parses /v1.0/... paths (both /me/drive/... and /drives/{id}/...). */
export function parseGraphPath(pathname: string): GraphTarget {
  const rest = pathname.replace(/^\/v1\.0/, '');
  if (rest === '/me' || rest === '/me/') return { kind: 'me' };
  const sources = parseSourcesPath(rest);
  if (sources) return sources;
  const m = /^\/(?:me\/drive|drives\/([^/]+))(.*)$/.exec(rest);
  if (!m) return { kind: 'unknown' };
  const driveId = m[1] ? decodeURIComponent(m[1]) : null;
  const tail = m[2] ?? '';
  if (tail === '' || tail === '/') return { kind: 'drive', driveId };
  if (tail === '/root/subscriptions/socketIo') return { kind: 'socketIo', driveId };
  const byPath = /^\/root:(.*?):?(\/(children|delta|content))?$/.exec(tail);
  if (tail.startsWith('/root:') && byPath) {
    const path = byPath[1]!.replace(/:$/, '');
    return { kind: 'item', driveId, ref: { path }, view: (byPath[3] ?? '') as '' };
  }
  const byId = /^\/(?:root|items\/([^/]+))(?:\/(children|delta|content))?\/?$/.exec(tail);
  if (!byId) return { kind: 'unknown' };
  const ref = byId[1] ? { id: decodeURIComponent(byId[1]) } : { id: '' };
  return { kind: 'item', driveId, ref, view: (byId[2] ?? '') as '' };
}

export function routeOfGraphTarget(t: GraphTarget): RouteName {
  if (t.kind === 'me') return 'me';
  if (t.kind === 'drive') return 'drive';
  if (t.kind === 'socketIo') return 'socketIo';
  if (t.kind === 'item') return t.view === '' ? 'item' : t.view;
  if (t.kind === 'share') return 'shares';
  if (t.kind === 'sites' || t.kind === 'site' || t.kind === 'siteDrives' || t.kind === 'followedSites') return 'sites';
  return 'unknown';
}

function bearer(ctx: Ctx): { account: Account; scopes?: string[] } | undefined {
  const header = ctx.req.headers.authorization ?? '';
  const m = /^Bearer\s+(.+)$/i.exec(header);
  const record = m ? ctx.state.accessTokens.get(m[1]!) : undefined;
  if (!record || record.expiresAt <= Date.now()) return undefined;
  const account = ctx.state.accounts.get(record.accountId);
  return account ? { account, scopes: record.scopes } : undefined;
}

function meJson(account: Account): object {
  return {
    '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users/$entity',
    id: account.userId,
    displayName: account.displayName,
    userPrincipalName: account.username,
    mail: account.kind !== 'personal' ? account.username : null,
  };
}

/** Like Graph's "Get websocket endpoint": an opaque id, its expiry and a pre-authenticated socket.io URL. */
function subscriptionJson(ctx: Ctx, driveId: string): object {
  const sub = ctx.state.live.subscribe(driveId);
  return {
    '@odata.context': `${ctx.state.graphUrl}/$metadata#subscriptions/$entity`,
    id: sub.id,
    expirationDateTime: new Date(sub.expiresAt).toISOString(),
    notificationUrl: ctx.state.live.notificationUrl(sub),
  };
}

function childrenPage(ctx: Ctx, drive: Drive, folder: Item): Promise<void> {
  const { state } = ctx;
  const q = ctx.url.searchParams;
  const top = Math.min(Number(q.get('$top')) || state.settings.childrenPageSize, 1000);
  const skipToken = q.get('$skiptoken');
  const offset = skipToken ? Number(Buffer.from(skipToken, 'base64url').toString('utf8').split(':')[1]) || 0 : 0;
  const all = sortedChildrenOf(drive, folder.id);
  const page = all.slice(offset, offset + top);
  const body: Record<string, unknown> = {
    '@odata.context': `${state.graphUrl}/$metadata#Collection(driveItem)`,
    value: page.map((i) => applySelect(itemJson(state, drive, i, true), q.get('$select'))),
  };
  if (offset + top < all.length) {
    const next = new URL(`${state.graphUrl}/drives/${drive.id}/items/${encodeURIComponent(folder.id)}/children`);
    next.searchParams.set('$top', String(top));
    if (q.get('$select')) next.searchParams.set('$select', q.get('$select')!);
    next.searchParams.set('$skiptoken', Buffer.from(`skip:${offset + top}:${folder.id}`).toString('base64url'));
    body['@odata.nextLink'] = pagingLink(state, next.toString());
  }
  return sendJson(ctx, 200, body);
}

/** Handles every /v1.0 request; the bearer token decides the account, sources.ts what it may read. */
export function handleGraph(ctx: Ctx, target: GraphTarget): Promise<void> {
  const who = bearer(ctx);
  if (!who) {
    const hasHeader = ctx.req.headers.authorization !== undefined;
    return sendGraphError(
      ctx,
      401,
      'InvalidAuthenticationToken',
      hasHeader ? 'Access token has expired or is not yet valid.' : 'Access token is empty.',
      { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize"' },
    );
  }
  if (ctx.req.method !== 'GET') return sendGraphError(ctx, 405, 'invalidRequest', 'This fake cloud is read-only over Graph.');
  const { account } = who;
  if (target.kind === 'me') return sendJson(ctx, 200, meJson(account));
  if (target.kind === 'unknown') return sendGraphError(ctx, 400, 'invalidRequest', `Invalid request: ${ctx.url.pathname}`);
  if (isSourcesTarget(target)) return handleSources(ctx, target, account, who.scopes);
  const record = ctx.state.drives.get((target.driveId ?? account.drive.id).toLowerCase());
  const driveDenied = denial(ctx.state, account, record);
  if (driveDenied) return sendGraphError(ctx, driveDenied.status, driveDenied.code, driveDenied.message);
  if (target.kind === 'drive') return sendJson(ctx, 200, driveJson(ctx.state, record!));
  if (target.kind === 'socketIo') return sendJson(ctx, 200, subscriptionJson(ctx, record!.drive.id));
  const drive = record!.drive;
  const item =
    'path' in target.ref
      ? itemByPath(drive, target.ref.path)
      : (liveItem(drive, target.ref.id === '' ? drive.rootId : target.ref.id) ??
        // Personal ids are case-insensitive in practice.
        [...drive.items.values()].find(
          (i) => !i.deleted && i.id.toLowerCase() === (target.ref as { id: string }).id.toLowerCase(),
        ));
  if (!item) return sendGraphError(ctx, 404, 'itemNotFound', 'Item not found');
  const itemDenied = denial(ctx.state, account, record, item);
  if (itemDenied) return sendGraphError(ctx, itemDenied.status, itemDenied.code, itemDenied.message);
  switch (target.view) {
    case '':
      return sendJson(ctx, 200, applySelect(itemJson(ctx.state, drive, item, true), ctx.url.searchParams.get('$select')));
    case 'children':
      if (!item.isFolder) return sendJson(ctx, 200, { value: [] });
      return childrenPage(ctx, drive, item);
    case 'delta':
      if (!item.isFolder) return sendGraphError(ctx, 400, 'invalidRequest', 'Delta is only supported on folders.');
      // Folder delta is personal-only (501 elsewhere, in handleDelta); the root delta needs the whole drive.
      if (item.id === drive.rootId && !isMember(ctx.state, account, record!))
        return sendGraphError(ctx, 403, 'accessDenied', 'Access denied');
      return handleDelta(ctx, drive, item);
    case 'content':
      if (item.isFolder) return sendGraphError(ctx, 404, 'itemNotFound', 'Folders have no content.');
      ctx.res.writeHead(302, { Location: downloadUrl(ctx.state, drive, item), 'Content-Length': 0 });
      ctx.res.end();
      return Promise.resolve();
  }
}
