import { randomBytes } from 'node:crypto';
import { contentBytes } from './content';
import {
  deleteItem,
  ensureFolder,
  hashesOf,
  itemByPath,
  liveItem,
  modifyFile,
  moveItem,
  pathOf,
  putFile,
  sizeOf,
  type Drive,
  type Item,
} from './drive-model';
import { invalidateDeltaTokens } from './delta';
import type { Fault, Latency, LoggedRequest, RouteMatcher, RouteName } from './faults';
import { approveDeviceCode } from './identity';
import { buildTree, fileInit, type FileSpec, type TreeSpec } from './tree-spec';
import {
  accountInfo,
  addAccount,
  type Account,
  type AccountInfo,
  type AuthorizeDecision,
  type AuthorizeRequest,
  type DeltaOptions,
  type DeviceCodeBehaviour,
  type DriveRecord,
  type FakeCloudState,
  type Site,
} from './state';

export interface LibraryInfo {
  driveId: string;
  name: string;
  rootId: string;
}

export interface SiteInfo {
  siteId: string;
  webUrl: string;
  displayName: string;
  libraries: LibraryInfo[];
}
import { addLibrary, createLink, createSite, removeLink, share, unshare } from './sources';

/** An item: a path from the drive root ('Docs/a.txt' or '/Docs/a.txt'), or its id. */
export type ItemRef = string | { id: string };

export interface ItemInfo {
  id: string;
  name: string;
  path: string; // '/Docs/a.txt'; '' for the root
  parentId: string | null;
  isFolder: boolean;
  size: number;
  quickXorHash?: string;
  sha1Hash?: string;
  sha256Hash?: string;
}

export interface CreateAccountOptions {
  kind?: 'personal' | 'business';
  username?: string;
  displayName?: string;
  /** Business only: share a tenant between accounts. */
  tenantId?: string;
  /** Personal only: a fixed drive id (16 hex digits), so the account, drive and item ids are the same every start. */
  driveId?: string;
  tree?: TreeSpec;
}

/** The test-facing handle that scripts the fake cloud. See README.md. */
export function createControl(state: FakeCloudState) {
  const account = (accountId: string): Account => {
    const found = state.accounts.get(accountId);
    if (!found) throw new Error(`fake-cloud: unknown account ${accountId}`);
    return found;
  };
  /** An account's own drive, or any drive (a site's library) by its id: every drive call takes either. */
  const drive = (accountOrDriveId: string): Drive => {
    const own = state.accounts.get(accountOrDriveId);
    if (own) return own.drive;
    const record = state.drives.get(accountOrDriveId.toLowerCase());
    if (!record) throw new Error(`fake-cloud: unknown account or drive ${accountOrDriveId}`);
    return record.drive;
  };
  const driveRecord = (accountOrDriveId: string): DriveRecord => state.drives.get(drive(accountOrDriveId).id.toLowerCase())!;
  const site = (siteId: string): Site => {
    const found = state.sites.get(siteId);
    if (!found) throw new Error(`fake-cloud: unknown site ${siteId}`);
    return found;
  };
  const resolve = (accountOrDriveId: string, ref: ItemRef): Item => {
    const d = drive(accountOrDriveId);
    const item = typeof ref === 'string' ? itemByPath(d, ref) : liveItem(d, ref.id);
    if (!item) throw new Error(`fake-cloud: no item ${typeof ref === 'string' ? ref : ref.id}`);
    return item;
  };
  const info = (d: Drive, item: Item): ItemInfo => {
    const hashes = hashesOf(item);
    return {
      id: item.id,
      name: item.name,
      path: pathOf(d, item),
      parentId: item.parentId,
      isFolder: item.isFolder,
      size: sizeOf(d, item),
      ...(hashes && d.kind !== 'personal' ? { quickXorHash: hashes.quickXorHash } : hashes),
    };
  };

  // Every change through this API notifies the drive's socketIo subscribers (one notification per call).
  function changed(accountId: string): void;
  function changed<T>(accountId: string, result: T): T;
  function changed<T>(accountId: string, result?: T): T | undefined {
    state.live.notify(drive(accountId).id);
    return result;
  }

  return {
    // --- accounts and drives ---
    createAccount(options: CreateAccountOptions = {}): AccountInfo {
      const created = addAccount(state, options);
      if (options.tree) buildTree(created.drive, options.tree);
      return accountInfo(created);
    },
    accounts: (): AccountInfo[] => [...state.accounts.values()].map(accountInfo),
    /** The account that signs in when nothing else decides (first created by default). */
    setDefaultAccount(accountId: string): void {
      account(accountId);
      state.defaultAccountId = accountId;
    },
    buildTree(accountId: string, tree: TreeSpec, under = ''): void {
      buildTree(drive(accountId), tree, under);
      changed(accountId);
    },
    addFile(accountId: string, path: string, content: FileSpec): ItemInfo {
      const d = drive(accountId);
      return changed(accountId, info(d, putFile(d, path, fileInit(content, path))));
    },
    addFolder(accountId: string, path: string): ItemInfo {
      const d = drive(accountId);
      return changed(accountId, info(d, ensureFolder(d, path)));
    },
    modify(accountId: string, ref: ItemRef, content: FileSpec): ItemInfo {
      const d = drive(accountId);
      const item = resolve(accountId, ref);
      return changed(accountId, info(d, modifyFile(d, item, fileInit(content, pathOf(d, item) + `#${item.contentVersion + 1}`))));
    },
    rename(accountId: string, ref: ItemRef, newName: string): ItemInfo {
      const d = drive(accountId);
      const item = resolve(accountId, ref);
      return changed(accountId, info(d, moveItem(d, item, item.parentId!, newName)));
    },
    /** Moves into another folder (made if missing when given as a path), optionally renaming. */
    move(accountId: string, ref: ItemRef, newParent: ItemRef, newName?: string): ItemInfo {
      const d = drive(accountId);
      const item = resolve(accountId, ref);
      const parent = typeof newParent === 'string' ? ensureFolder(d, newParent) : resolve(accountId, newParent);
      return changed(accountId, info(d, moveItem(d, item, parent.id, newName ?? item.name)));
    },
    delete(accountId: string, ref: ItemRef): void {
      deleteItem(drive(accountId), resolve(accountId, ref));
      changed(accountId);
    },
    item(accountId: string, ref: ItemRef): ItemInfo | undefined {
      const d = drive(accountId);
      const item = typeof ref === 'string' ? itemByPath(d, ref) : liveItem(d, ref.id);
      return item ? info(d, item) : undefined;
    },
    itemId(accountId: string, path: string): string {
      return resolve(accountId, path).id;
    },
    content(accountId: string, ref: ItemRef): Buffer {
      const item = resolve(accountId, ref);
      if (!item.content) throw new Error('fake-cloud: folders have no content');
      return contentBytes(item.content);
    },
    /** Every live item (root included), parents first. */
    list(accountId: string): ItemInfo[] {
      const d = drive(accountId);
      return [...d.items.values()]
        .filter((i) => !i.deleted)
        .map((i) => info(d, i))
        .sort((a, b) => a.path.localeCompare(b.path));
    },

    // --- sites, libraries, shares, links (sources.ts) ---
    /** A SharePoint site in `tenantOf`'s tenant, with document libraries (name -> tree); members may read them all. */
    createSite(options: {
      tenantOf: string;
      name: string;
      displayName?: string;
      members?: string[];
      followers?: string[];
      libraries?: Record<string, TreeSpec>;
    }): SiteInfo {
      const created = createSite(state, {
        tenantId: account(options.tenantOf).tid,
        name: options.name,
        displayName: options.displayName,
        members: options.members ?? [options.tenantOf],
        followers: options.followers,
      });
      const libraries = Object.entries(options.libraries ?? { Documents: {} }).map(([name, tree]) => {
        const record = addLibrary(state, created, name);
        buildTree(record.drive, tree);
        return { driveId: record.drive.id, name, rootId: record.drive.rootId };
      });
      return { siteId: created.id, webUrl: created.webUrl, displayName: created.displayName, libraries };
    },
    addLibrary(siteId: string, name: string, tree: TreeSpec = {}): LibraryInfo {
      const record = addLibrary(state, site(siteId), name);
      buildTree(record.drive, tree);
      return { driveId: record.drive.id, name, rootId: record.drive.rootId };
    },
    /** The library answers 404 itemNotFound from now on. */
    deleteLibrary(driveId: string): void {
      driveRecord(driveId).deleted = true;
    },
    setSiteMember(siteId: string, accountId: string, member: boolean): void {
      if (member) site(siteId).members.add(accountId);
      else site(siteId).members.delete(accountId);
    },
    followSite(siteId: string, accountId: string): void {
      site(siteId).followers.add(accountId);
    },
    /** Shares an item of `owner` (account or drive id) with `withAccount`; by default it also appears in their My
     * files as a remoteItem shortcut (returned: the shortcut's id in their drive). */
    share(
      owner: string,
      ref: ItemRef,
      withAccount: string,
      options: { addToMyFiles?: boolean } = {},
    ): { driveId: string; itemId: string; shortcutId?: string } {
      const record = driveRecord(owner);
      const item = resolve(owner, ref);
      const shortcut = share(state, record, item, account(withAccount), options.addToMyFiles ?? true);
      return { driveId: record.drive.id, itemId: item.id, shortcutId: shortcut?.id };
    },
    /** Ends the share: 403 accessDenied for `withAccount` from now on; the shortcut leaves their My files. */
    unshare(owner: string, ref: ItemRef, withAccount: string): void {
      unshare(driveRecord(owner), resolve(owner, ref), account(withAccount));
    },
    /** A sharing link to the item (personal: 1drv.ms; business: sharepoint.com), resolvable via /shares/u!.../driveItem. */
    createLink(owner: string, ref: ItemRef): string {
      return createLink(state, driveRecord(owner), resolve(owner, ref));
    },
    removeLink(url: string): void {
      removeLink(state, url);
    },

    // --- identity ---
    /** expires_in of new access tokens (MSAL refreshes silently below 300 s). */
    setTokenLifetime(seconds: number): void {
      state.settings.expiresIn = seconds;
    },
    /** A valid access token for the account without any sign-in (for tests that only exercise Graph). */
    issueAccessToken(accountId: string, lifetimeSeconds = state.settings.expiresIn, scopes?: string[]): string {
      account(accountId);
      const token = randomBytes(48).toString('base64url');
      state.accessTokens.set(token, { accountId, expiresAt: Date.now() + lifetimeSeconds * 1000, scopes });
      return token;
    },
    expireAccessTokens(accountId?: string): void {
      for (const t of state.accessTokens.values()) if (!accountId || t.accountId === accountId) t.expiresAt = 0;
    },
    /** Existing refresh tokens of the account answer invalid_grant (with `suberror`, default 'bad_token'; null for none). */
    revokeRefreshTokens(accountId: string, options: { suberror?: string | null } = {}): void {
      const suberror = options.suberror === undefined ? 'bad_token' : options.suberror;
      for (const r of state.refreshTokens.values()) if (r.accountId === accountId) r.revoked = { suberror };
    },
    /** Decides who signs in at /authorize (return undefined to fall back to login_hint, then the default account). */
    onAuthorize(hook: ((req: AuthorizeRequest) => AuthorizeDecision | undefined) | undefined): void {
      state.authorizeHook = hook;
    },
    /** How new device codes behave (default: 1 authorization_pending, then approve as the default account). */
    setDeviceCode(behaviour: Partial<DeviceCodeBehaviour>): void {
      state.settings.deviceCode = { ...state.settings.deviceCode, ...behaviour };
    },
    approveDeviceCode(userCode?: string, accountId?: string): void {
      approveDeviceCode(state, userCode, accountId);
    },

    // --- graph, delta, download ---
    setDeltaOptions(options: Partial<DeltaOptions>): void {
      state.settings.delta = { ...state.settings.delta, ...options };
    },
    /** Every delta token (of the account, or all) answers 410 with `code` from now on. */
    invalidateDeltaTokens(accountId?: string, code = 'resyncRequired'): void {
      invalidateDeltaTokens(state, accountId ? drive(accountId).id : undefined, code);
    },
    /** nextLinks and deltaLinks on this origin from now on (null: the Graph origin again). */
    setLinkOrigin(origin: string | null): void {
      state.settings.linkOrigin = origin;
    },
    setChildrenPageSize(size: number): void {
      state.settings.childrenPageSize = size;
    },
    expireDownloadUrls(): void {
      state.downloadGeneration++;
    },
    setDownloadUrlTtl(seconds: number): void {
      state.settings.downloadUrlTtlSeconds = seconds;
    },
    /** Download host answers 200 with the whole body even when asked for a Range. */
    setIgnoreRange(ignore: boolean): void {
      state.settings.ignoreRange = ignore;
    },

    // --- live changes (socketIo subscriptions) ---
    /** The next `times` subscription requests answer 400 notSupported (as Graph does for drives without push). */
    refuseSubscriptions(times = 1): void {
      state.faults.add('socketIo', { kind: 'status', status: 400, code: 'notSupported' }, times);
    },
    /** Lifetime of new subscriptions (expirationDateTime), default a day. */
    setSubscriptionLifetime(seconds: number): void {
      state.live.settings.lifetimeSeconds = seconds;
    },
    /** Subscriptions (of the account's drive, or all) expire now: sockets closed, their URLs refused. */
    expireSubscriptions(accountId?: string): void {
      state.live.expire(accountId ? drive(accountId).id : undefined);
    },
    /** Cuts notification sockets (of the account's drive, or all) like a network loss; subscriptions stay valid. */
    dropSockets(accountId?: string): void {
      state.live.drop(accountId ? drive(accountId).id : undefined);
    },
    /** Notifications are sent `delayMs` late and `copies` times each. */
    setNotifications(options: { delayMs?: number; copies?: number }): void {
      Object.assign(state.live.settings, options);
    },
    /** Sends a notification to the drive's sockets without changing anything. */
    notify(accountId: string): void {
      state.live.notify(drive(accountId).id);
    },
    /** Notification sockets connected now (of the account's drive, or all). */
    liveSockets: (accountId?: string): number => state.live.connected(accountId ? drive(accountId).id : undefined),
    /** Notifications sent so far (each copy counts) to the account's drive. */
    notificationsSent: (accountId: string): number => state.live.sent.get(drive(accountId).id.toLowerCase()) ?? 0,

    // --- faults, latency, counters ---
    /** The next `times` requests matching `match` get `fault`. */
    fail(match: RouteMatcher, fault: Fault, times = 1): void {
      state.faults.add(match, fault, times);
    },
    /** The next `times` requests matching `match` answer 429 (or `status`) with Retry-After. */
    throttle(match: RouteMatcher, options: { times?: number; retryAfter?: number; status?: number } = {}): void {
      state.faults.add(
        match,
        { kind: 'status', status: options.status ?? 429, retryAfter: options.retryAfter ?? 1 },
        options.times ?? 1,
      );
    },
    clearFaults(): void {
      state.faults.clear();
    },
    /** Resolves when a `stall` fault is holding a response half sent (at once if one is held now). */
    whenStalled: (): Promise<void> => state.faults.whenStalled(),
    /** Lets every held `stall` response send the rest of its body. */
    releaseStalls: (): void => state.faults.releaseStalls(),
    setLatency(latency: Partial<Latency>): void {
      state.faults.latency = { ...state.faults.latency, ...latency };
    },
    count: (route?: RouteName): number => state.faults.count(route),
    counts: (): Partial<Record<RouteName, number>> => state.faults.allCounts(),
    resetCounts: (): void => state.faults.resetCounts(),
    requests: (): LoggedRequest[] => [...state.faults.log],
  };
}

export type FakeCloudControl = ReturnType<typeof createControl>;
