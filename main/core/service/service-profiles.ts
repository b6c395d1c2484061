/**
 * Profile commands: add, rename, remove, connect (also reconnect), cancel, sign out; and OneDrive browsing.
 * A profile keeps at most one Microsoft account; its drive is read from /me and /me/drive after sign-in.
 */
import type { DriveItemView } from '../../../shared/model';
import { AppError } from '../errors';
import { sitesScopes } from '../auth/scopes';
import { applyStatus } from '../status/sync-status';
import { accountMismatchMessage } from '../auth/account-mismatch';
import type { SignedInAccount } from './service-deps';
import type { ServiceContext } from './service-context';
import type { ProfileRecord } from '../store/schema';
import { addProfile, removeProfile, renameProfile } from '../store/repos';
import type { DriveItem } from '../graph/types';

const QUOTA_MAX_AGE_MS = 30 * 60_000;

export class ProfileCommands {
  constructor(private readonly ctx: ServiceContext) {}

  add(name: string): ProfileRecord {
    const now = new Date(this.ctx.deps.clock.now()).toISOString();
    return this.ctx.deps.store.update((db) => addProfile(db, { name, now }));
  }

  rename(id: string, name: string): ProfileRecord {
    return this.ctx.deps.store.update((db) => renameProfile(db, id, name));
  }

  /** Refused while syncs use the profile; its tokens go with it. */
  async remove(id: string): Promise<void> {
    const profile = this.ctx.deps.store.update((db) => removeProfile(db, id));
    this.ctx.dropClient(profile.id);
    if (profile.account && this.ctx.cloud.clientId) {
      await this.ctx
        .auth()
        .signOut(profile.id, profile.account.homeAccountId)
        .catch((e: unknown) => this.ctx.deps.logger.warn("could not delete a removed profile's tokens", { error: String(e) }));
    }
  }

  /** Interactive sign-in in the system browser; reconnect when the profile already has an account. */
  async connect(id: string): Promise<ProfileRecord> {
    return this.signIn(id, (signal, expectHomeAccountId, expectUsername) =>
      this.ctx.auth().signInInteractive(id, { signal, expectHomeAccountId, expectUsername }),
    );
  }

  /** Device-code sign-in (CLI). */
  async connectWithDeviceCode(id: string, onMessage: (message: string) => void): Promise<ProfileRecord> {
    return this.signIn(id, (signal, expectHomeAccountId, expectUsername) =>
      this.ctx.auth().signInDeviceCode(id, { signal, onMessage, expectHomeAccountId, expectUsername }),
    );
  }

  /**
   * Incremental consent for SharePoint: the same account signs in again and is asked for Sites.Read.All (the
   * system browser in the app, a device code in the CLI). Only needed the first time a user browses sites.
   */
  async grantSites(id: string, onDeviceCode?: (message: string) => void): Promise<ProfileRecord> {
    const extraScopes = sitesScopes;
    const record = await this.signIn(id, (signal, expectHomeAccountId, expectUsername) =>
      onDeviceCode
        ? this.ctx
            .auth()
            .signInDeviceCode(id, { signal, onMessage: onDeviceCode, expectHomeAccountId, expectUsername, extraScopes })
        : this.ctx.auth().signInInteractive(id, { signal, expectHomeAccountId, expectUsername, extraScopes }),
    );
    this.ctx.dropClient(id);
    return record;
  }

  cancelConnect(id: string): void {
    this.ctx.signingIn.get(id)?.abort();
  }

  async signOut(id: string): Promise<ProfileRecord> {
    const profile = this.ctx.profile(id);
    if (this.ctx.cloud.clientId) await this.ctx.auth().signOut(id, profile.account?.homeAccountId ?? null);
    this.ctx.dropClient(id);
    this.ctx.deps.store.update((db) => {
      const p = db.profiles.find((x) => x.id === id);
      if (p) p.authState = 'signed_out';
      for (const c of db.syncConfigs) {
        if (c.profileId === id) applyStatus(c, { kind: 'signed_out' });
      }
    });
    return this.ctx.profile(id);
  }

  private async signIn(
    id: string,
    flow: (
      signal: AbortSignal,
      expectHomeAccountId: string | undefined,
      expectUsername: string | undefined,
    ) => Promise<SignedInAccount>,
  ): Promise<ProfileRecord> {
    const profile = this.ctx.profile(id);
    if (this.ctx.signingIn.has(id)) throw new AppError('bad_input', 'A sign-in for this profile is already waiting.');
    // A profile that runs syncs must come back with the same account: no silent switch of whose files they are.
    const hasSyncs = this.ctx.db.syncConfigs.some((c) => c.profileId === id);
    const expect = hasSyncs ? profile.account?.homeAccountId : undefined;
    const controller = new AbortController();
    this.ctx.signingIn.set(id, controller);
    this.ctx.emitChanged();
    try {
      const account = await flow(controller.signal, expect, expect ? profile.account?.username : undefined);
      if (expect && account.homeAccountId !== expect) {
        throw new AppError(
          'bad_input',
          accountMismatchMessage(account, { username: profile.account?.username, homeAccountId: expect }),
        );
      }
      this.ctx.dropClient(id);
      // The token works now; mark connected before reading /me and /me/drive with it.
      this.ctx.deps.store.update((db) => {
        const p = db.profiles.find((x) => x.id === id);
        if (p) {
          p.account = { ...account };
          p.authState = 'connected';
        }
      });
      const client = this.ctx.clientFor(id);
      const drive = await client.getDrive();
      if (drive.quota) this.setQuota(id, drive.quota);
      const restored: string[] = [];
      this.ctx.deps.store.update((db) => {
        const p = db.profiles.find((x) => x.id === id);
        if (p) p.drive = { id: drive.id, driveType: drive.driveType };
        for (const c of db.syncConfigs) {
          if (c.profileId === id && applyStatus(c, { kind: 'reconnected' })) restored.push(c.id);
        }
      });
      this.ctx.deps.logger.info('profile connected', { profileId: id, restored: restored.length });
      for (const syncId of restored) this.ctx.scheduler.runNow(syncId);
      return this.ctx.profile(id);
    } finally {
      this.ctx.signingIn.delete(id);
      this.ctx.emitChanged();
    }
  }

  /** Refresh the quota shown for a profile, at most every half hour (one cheap request). */
  async refreshQuota(id: string): Promise<void> {
    const last = this.ctx.quotaFetchedAt.get(id) ?? 0;
    if (this.ctx.deps.clock.now() - last < QUOTA_MAX_AGE_MS) return;
    const drive = await this.ctx.clientFor(id).getDrive();
    if (drive.quota) this.setQuota(id, drive.quota);
  }

  private setQuota(id: string, q: { total: number; used: number; remaining: number; state?: string }) {
    this.ctx.quotas.set(id, { total: q.total, used: q.used, remaining: q.remaining, state: q.state });
    this.ctx.quotaFetchedAt.set(id, this.ctx.deps.clock.now());
    this.ctx.emitChanged();
  }

  /** A folder's children with breadcrumbs, for the add-sync browser. */
  async browse(profileId: string, itemId: string | null) {
    const profile = this.ctx.profile(profileId);
    const client = this.ctx.clientFor(profileId);
    const driveId = profile.drive?.id;
    if (!driveId) throw new AppError('reconnect_required', 'Connect this profile first.');
    const folderItem = itemId ? await client.getItem(driveId, itemId) : await client.getItemByPath(driveId, '/');
    const folder = toView(folderItem, driveId);
    if (folder.kind !== 'folder') throw new AppError('bad_input', `${folder.name} is not a folder.`);
    const items: DriveItemView[] = [];
    for await (const page of client.listChildren(driveId, folderItem.id)) {
      for (const item of page) if (item.file || item.folder) items.push(toView(item, driveId));
    }
    items.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
    const breadcrumbs: DriveItemView[] = [];
    let parentId = folderItem.parentReference?.id;
    // Walk up by id: paths are display-only and may contain anything.
    while (parentId && breadcrumbs.length < 64 && !folderItem.root) {
      const parent = await client.getItem(driveId, parentId);
      breadcrumbs.unshift(toView(parent, driveId));
      if (parent.root) break;
      parentId = parent.parentReference?.id;
    }
    return { folder, breadcrumbs, items };
  }
}

/** Display path of an item: parentReference.path without its "/drive/root:" prefix, plus the name. */
export function itemDisplayPath(item: DriveItem): string {
  if (item.root) return '/';
  const parent = decodeURIComponent(item.parentReference?.path?.replace(/^\/drives?(\/[^/]+)?\/root:/, '') ?? '');
  return `${parent.replace(/\/$/, '')}/${item.name ?? ''}`.replace(/^(?!\/)/, '/');
}

export function toView(item: DriveItem, driveId: string): DriveItemView {
  return {
    id: item.id,
    driveId: item.parentReference?.driveId ?? driveId,
    name: item.root ? 'OneDrive' : (item.name ?? item.id),
    kind: item.folder || item.root ? 'folder' : 'file',
    size: item.size ?? 0,
    childCount: item.folder?.childCount ?? null,
    lastModified: item.lastModifiedDateTime ?? null,
    path: itemDisplayPath(item),
  };
}
