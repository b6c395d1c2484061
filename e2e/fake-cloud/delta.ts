import { randomBytes } from 'node:crypto';
import { depthOf, inScopeAt, isUnder, type Drive, type Item } from './drive-model';
import { applySelect, deletedJson, itemJson } from './item-json';
import { sendGraphError, sendJson, type Ctx } from './respond';
import { type FakeCloudState, pagingLink } from './state';

const RESYNC_MESSAGE =
  "Resync required. Replace any local items with the server's version (including deletes) if you're sure that the service was up to date with your local changes when you last sync'd. Upload any local changes that the server doesn't know about.";

/**
 * The items a delta call reports: every live item in scope on a first enumeration; otherwise the latest state of each
 * item changed after `sinceSeq` (descendants of a moved folder are not repeated), items that left the scope or were
 * deleted as `deleted`, and the ancestors of changed items.
 */
export function deltaItems(drive: Drive, scopeId: string, sinceSeq: number | undefined): Array<{ item: Item; gone: boolean }> {
  const chosen = new Map<string, { item: Item; gone: boolean }>();
  for (const item of drive.items.values()) {
    if (sinceSeq === undefined) {
      if (!item.deleted && isUnder(drive, item, scopeId)) chosen.set(item.id, { item, gone: false });
      continue;
    }
    if (item.seq <= sinceSeq) continue;
    const inNow = isUnder(drive, item, scopeId);
    if (!item.deleted && inNow) chosen.set(item.id, { item, gone: false });
    else if (inNow || inScopeAt(drive, item, scopeId, sinceSeq)) chosen.set(item.id, { item, gone: true });
  }
  if (sinceSeq !== undefined) {
    // Folder sizes and cTags change with their contents: ancestors up to the scope come along.
    for (const { item, gone } of [...chosen.values()]) {
      if (gone) continue;
      for (let c = item; c.id !== scopeId && c.parentId;) {
        const parent = drive.items.get(c.parentId)!;
        if (chosen.has(parent.id) || parent.deleted || !isUnder(drive, parent, scopeId)) break;
        chosen.set(parent.id, { item: parent, gone: false });
        c = parent;
      }
    }
  }
  const depth = new Map([...chosen.keys()].map((id) => [id, depthOf(drive, drive.items.get(id)!)]));
  return [...chosen.values()].sort((a, b) => depth.get(a.item.id)! - depth.get(b.item.id)! || a.item.seq - b.item.seq);
}

function pagesOf<T>(items: T[], size: number, repeat: boolean, emptyFirst: boolean): T[][] {
  const pages: T[][] = emptyFirst ? [[]] : [];
  for (let at = 0; at < items.length; at += size) {
    const page = items.slice(at, at + size);
    if (repeat && at > 0) page.unshift(items[at - 1]!);
    pages.push(page);
  }
  if (pages.length === 0) pages.push([]);
  return pages;
}

function linkBase(state: FakeCloudState, drive: Drive, scopeId: string): string {
  const scope = scopeId === drive.rootId ? 'root' : `items/${encodeURIComponent(scopeId)}`;
  return `${state.graphUrl}/drives/${drive.id}/${scope}/delta`;
}

function newDeltaToken(state: FakeCloudState, drive: Drive, scopeId: string): string {
  const token = randomBytes(24).toString('base64url');
  state.deltaTokens.set(token, { driveId: drive.id, scopeId, sinceSeq: drive.seq });
  return token;
}

function servePage(ctx: Ctx, drive: Drive, scopeId: string, pageToken: string): Promise<void> {
  const { state } = ctx;
  const cursor = state.deltaPages.get(pageToken)!;
  const page = cursor.pages.shift() ?? [];
  const select = ctx.url.searchParams.get('$select');
  const value = page.map((j) => applySelect(j as Record<string, unknown>, select));
  const base = linkBase(state, drive, scopeId);
  const context = `${state.graphUrl}/$metadata#Collection(driveItem)`;
  if (cursor.pages.length > 0) {
    const next = randomBytes(24).toString('base64url');
    state.deltaPages.delete(pageToken);
    state.deltaPages.set(next, cursor);
    return sendJson(ctx, 200, {
      '@odata.context': context,
      '@odata.nextLink': pagingLink(state, `${base}?token=${next}`),
      value,
    });
  }
  state.deltaPages.delete(pageToken);
  return sendJson(ctx, 200, {
    '@odata.context': context,
    '@odata.deltaLink': pagingLink(state, `${base}?token=${cursor.deltaToken}`),
    value,
  });
}

/** GET …/root/delta and …/items/{id}/delta. */
export function handleDelta(ctx: Ctx, drive: Drive, scope: Item): Promise<void> {
  const { state } = ctx;
  if (drive.kind !== 'personal' && scope.id !== drive.rootId)
    return sendGraphError(ctx, 501, 'notSupported', 'view.delta can only be called on the root.');
  const token = ctx.url.searchParams.get('token');
  if (token === 'latest') {
    const fresh = newDeltaToken(state, drive, scope.id);
    return sendJson(ctx, 200, {
      value: [],
      '@odata.deltaLink': pagingLink(state, `${linkBase(state, drive, scope.id)}?token=${fresh}`),
    });
  }
  if (token && state.deltaPages.has(token)) return servePage(ctx, drive, scope.id, token);
  let sinceSeq: number | undefined;
  if (token) {
    const known = state.deltaTokens.get(token);
    if (!known || known.driveId !== drive.id || known.scopeId !== scope.id || known.resync)
      return sendGraphError(ctx, 410, known?.resync ?? 'resyncRequired', RESYNC_MESSAGE);
    sinceSeq = known.sinceSeq;
  }
  const { pageSize, repeatItems, emptyFirstPage, childBeforeParent } = state.settings.delta;
  const top = Number(ctx.url.searchParams.get('$top')) || pageSize;
  const found = deltaItems(drive, scope.id, sinceSeq);
  if (childBeforeParent) found.reverse();
  const json = found.map(({ item, gone }) => (gone ? deletedJson(state, drive, item) : itemJson(state, drive, item, false)));
  const pageToken = randomBytes(24).toString('base64url');
  state.deltaPages.set(pageToken, {
    pages: pagesOf(json, top, repeatItems, emptyFirstPage),
    deltaToken: newDeltaToken(state, drive, scope.id),
    driveId: drive.id,
    scopeId: scope.id,
  });
  return servePage(ctx, drive, scope.id, pageToken);
}

/** Makes every delta token of the drive answer 410 with `code`. */
export function invalidateDeltaTokens(state: FakeCloudState, driveId: string | undefined, code = 'resyncRequired'): void {
  for (const t of state.deltaTokens.values()) if (!driveId || t.driveId === driveId) t.resync = code;
  for (const [k, p] of state.deltaPages) if (!driveId || p.driveId === driveId) state.deltaPages.delete(k);
}
