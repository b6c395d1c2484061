import { randomBytes, randomUUID } from 'node:crypto';
import { createDrive, type Drive } from './drive-model';
import { FaultBook } from './faults';
import { LiveHub } from './live';

export const CONSUMER_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

export interface Account {
  accountId: string; // = homeAccountId, so MSAL's account maps straight to it
  kind: 'personal' | 'business';
  username: string;
  displayName: string;
  oid: string;
  tid: string;
  homeAccountId: string;
  userId: string; // Graph /me id: the cid on personal, the oid on business
  drive: Drive;
}

/** Public description of an account, as control.createAccount returns it. */
export interface AccountInfo {
  accountId: string;
  kind: 'personal' | 'business';
  username: string;
  displayName: string;
  oid: string;
  tid: string;
  homeAccountId: string;
  driveId: string;
  rootId: string;
}

export interface AuthorizeRequest {
  clientId: string;
  scopes: string[];
  loginHint?: string;
  prompt?: string;
  redirectUri: string;
}
export type AuthorizeDecision = { accountId: string } | { error: 'access_denied' | string; description?: string };

export interface DeviceCodeBehaviour {
  /** How many polls answer authorization_pending before the outcome. */
  pendingPolls: number;
  /** approve: sign in `accountId` (default account if unset); decline: authorization_declined; expire: expired_token;
   * manual: stay pending until control.approveDeviceCode or the /devicelogin page. */
  outcome: 'approve' | 'decline' | 'expire' | 'manual';
  accountId?: string;
  /** Seconds MSAL waits between polls (real service: 5). */
  interval: number;
}

export interface DeltaOptions {
  pageSize: number;
  /** List children before their parents (real delta gives no ordering guarantee). */
  childBeforeParent: boolean;
  /** Repeat the last item of each full page at the start of the next one. */
  repeatItems: boolean;
  /** Start each enumeration with an empty page that has a nextLink. */
  emptyFirstPage: boolean;
  /** Deleted items: 'sparse' = id, deleted, parentReference (no path) and name; 'idOnly' = id and deleted only. */
  deletedShape: 'sparse' | 'idOnly';
}

export interface Settings {
  expiresIn: number;
  deviceCode: DeviceCodeBehaviour;
  delta: DeltaOptions;
  childrenPageSize: number;
  downloadUrlTtlSeconds: number;
  ignoreRange: boolean;
  /** Hand out nextLinks and deltaLinks on this origin instead of the Graph origin (a hostile or broken service). */
  linkOrigin: string | null;
}

export interface RefreshRecord {
  accountId: string;
  clientId: string;
  scopes: string[];
  /** Set when revoked: the invalid_grant shape to answer. */
  revoked?: { suberror: string | null };
}

export interface CodeRecord {
  accountId: string;
  clientId: string;
  redirectUri: string;
  challenge?: string;
  challengeMethod?: string;
  scopes: string[];
  nonce?: string;
  expiresAt: number;
}

export interface DeviceCodeRecord {
  deviceCode: string;
  userCode: string;
  clientId: string;
  scopes: string[];
  pendingLeft: number;
  behaviour: DeviceCodeBehaviour;
  approvedAccountId?: string;
  expiresAt: number;
  redeemed: boolean;
}

/** A drive and who may read what in it (see sources.ts). */
export interface DriveRecord {
  drive: Drive;
  /** The account whose own drive this is; null for a site's document library. */
  owner: Account | null;
  /** Library name ('Documents'); the owner's "OneDrive" for own drives. */
  name: string;
  siteId: string | null;
  /** A deleted library answers 404 to everything. */
  deleted: boolean;
  /** Items shared with other accounts (direct shares and redeemed links): account id -> item ids. */
  grants: Map<string, Set<string>>;
}

/** A SharePoint site: its libraries, members (who may read them) and followers. */
export interface Site {
  id: string; // 'contoso.sharepoint.com,{site guid},{web guid}'
  name: string;
  displayName: string;
  webUrl: string;
  tenantId: string;
  driveIds: string[];
  members: Set<string>;
  followers: Set<string>;
}

/** A sharing link: the URL a user pastes, and the item it opens. */
export interface SharingLink {
  url: string;
  driveId: string;
  itemId: string;
  /** Accounts that resolved (redeemed) it: removing the link removes their access. */
  redeemedBy: Set<string>;
}

export interface FakeCloudState {
  origin: string;
  downloadOrigin: string;
  graphUrl: string;
  accounts: Map<string, Account>;
  drives: Map<string, DriveRecord>; // by drive id (lower-cased)
  sites: Map<string, Site>;
  links: Map<string, SharingLink>;
  defaultAccountId?: string;
  authorizeHook?: (req: AuthorizeRequest) => AuthorizeDecision | undefined;
  /** `scopes` as granted (absent: every scope, for tokens a test issued without saying). */
  accessTokens: Map<string, { accountId: string; expiresAt: number; scopes?: string[] }>;
  refreshTokens: Map<string, RefreshRecord>;
  /** Scopes each account consented to (bare, lower-cased: 'sites.read.all'). */
  consents: Map<string, Set<string>>;
  codes: Map<string, CodeRecord>;
  deviceCodes: Map<string, DeviceCodeRecord>;
  /** Drive id -> delta epoch; tokens from an older epoch answer 410. */
  deltaTokens: Map<string, { driveId: string; scopeId: string; sinceSeq: number; resync?: string }>;
  deltaPages: Map<string, { pages: object[][]; deltaToken: string; driveId: string; scopeId: string }>;
  downloadGeneration: number;
  downloadSecret: Buffer;
  faults: FaultBook;
  settings: Settings;
  /** socketIo subscriptions and the notification server. */
  live: LiveHub;
}

export function createState(): FakeCloudState {
  return {
    origin: '',
    downloadOrigin: '',
    graphUrl: '',
    accounts: new Map(),
    drives: new Map(),
    sites: new Map(),
    links: new Map(),
    accessTokens: new Map(),
    refreshTokens: new Map(),
    consents: new Map(),
    codes: new Map(),
    deviceCodes: new Map(),
    deltaTokens: new Map(),
    deltaPages: new Map(),
    downloadGeneration: 1,
    downloadSecret: randomBytes(32),
    faults: new FaultBook(),
    live: new LiveHub(),
    settings: {
      expiresIn: 3600,
      deviceCode: { pendingPolls: 1, outcome: 'approve', interval: 0 },
      delta: { pageSize: 200, childBeforeParent: false, repeatItems: false, emptyFirstPage: false, deletedShape: 'sparse' },
      childrenPageSize: 200,
      downloadUrlTtlSeconds: 3600,
      ignoreRange: false,
      linkOrigin: null,
    },
  };
}

export function addAccount(
  state: FakeCloudState,
  init: { kind?: 'personal' | 'business'; username?: string; displayName?: string; tenantId?: string; driveId?: string },
): Account {
  const kind = init.kind ?? 'personal';
  if (init.driveId !== undefined && (kind !== 'personal' || !/^[0-9a-f]{16}$/.test(init.driveId)))
    throw new Error('fake-cloud: a fixed driveId is 16 lower-case hex digits, personal accounts only');
  const drive = createDrive(kind, init.driveId);
  const n = state.accounts.size + 1;
  const oid = kind === 'personal' ? `00000000-0000-0000-${drive.id.slice(0, 4)}-${drive.id.slice(4)}` : randomUUID();
  const tid = kind === 'personal' ? CONSUMER_TENANT_ID : (init.tenantId ?? randomUUID());
  const username = init.username ?? (kind === 'personal' ? `user${n}@outlook.com` : `user${n}@contoso.onmicrosoft.com`);
  const account: Account = {
    accountId: `${oid}.${tid}`,
    kind,
    username,
    displayName: init.displayName ?? `Test User ${n}`,
    oid,
    tid,
    homeAccountId: `${oid}.${tid}`,
    userId: kind === 'personal' ? drive.id : oid,
    drive,
  };
  state.accounts.set(account.accountId, account);
  state.drives.set(drive.id.toLowerCase(), {
    drive,
    owner: account,
    name: 'OneDrive',
    siteId: null,
    deleted: false,
    grants: new Map(),
  });
  state.defaultAccountId ??= account.accountId;
  return account;
}

export function accountInfo(a: Account): AccountInfo {
  return {
    accountId: a.accountId,
    kind: a.kind,
    username: a.username,
    displayName: a.displayName,
    oid: a.oid,
    tid: a.tid,
    homeAccountId: a.homeAccountId,
    driveId: a.drive.id,
    rootId: a.drive.rootId,
  };
}

/** A paging link as the fake hands it out: on the Graph origin, or on `settings.linkOrigin` when a test set one. */
export function pagingLink(state: FakeCloudState, url: string): string {
  const other = state.settings.linkOrigin;
  if (!other) return url;
  const u = new URL(url);
  return `${other}${u.pathname}${u.search}`;
}
