/**
 * The service's shared runtime: one auth manager for the cloud settings in effect, one drive client per
 * profile (with its throttle gate), the run facts the state snapshot shows, and the reconnect episodes.
 * The command modules (service-profiles.ts, service-syncs.ts) and the runner work through it.
 */
import type { CloudSettings, Notice, Progress, Quota } from '../../../shared/model';
import type { AppNotification } from '../../../shared/ipc';
import { errorMessages } from '../../../shared/errors';
import { AppError } from '../errors';
import { applyStatus } from '../status/sync-status';
import { effectiveCloud } from '../auth/built-in-cloud';
import type { AuthLike, DriveClientLike, SchedulerLike, ServiceDeps } from './service-deps';
import type { SecretBox } from '../ports';
import type { PowerPauseReason } from '../power/power-policy';
import type { ProfileRecord, SyncConfigRecord } from '../store/schema';
import { getProfile, getSync } from '../store/repos';
import { FolderGrants } from './service-local-root';
import { sitesScopes as SITES_SCOPES } from '../auth/scopes';

export const RECONNECT_MESSAGE = (username: string | undefined) =>
  `Microsoft asked ${username ?? 'this account'} to sign in again. Reconnect the account to resume syncing.`;

export const INSECURE_SECRETS_MESSAGE =
  'This system offers no secure storage for sign-in tokens (on Linux: no keyring, the "basic_text" backend). ' +
  'Allow storing them unencrypted in the data folder (readable only by you), or set up a keyring such as ' +
  'GNOME Keyring or KWallet and restart the app.';

export class ServiceContext {
  readonly progress = new Map<string, Progress>();
  readonly signingIn = new Map<string, AbortController>();
  readonly quotas = new Map<string, Quota>();
  readonly quotaFetchedAt = new Map<string, number>();
  readonly notices: Notice[] = [];
  /** Folders the user picked in the native dialog this session: the renderer may use them without a question. */
  readonly grants = new FolderGrants();
  /** Why background syncing is held by the power policy (service-power.ts); null: it is not. */
  powerPause: PowerPauseReason | null = null;
  private authManager: AuthLike | null = null;
  private box: { allow: boolean; box: SecretBox } | null = null;
  private clients = new Map<string, DriveClientLike>();
  private sitesClients = new Map<string, DriveClientLike>();
  scheduler!: SchedulerLike;

  constructor(
    readonly deps: ServiceDeps,
    private readonly changed: () => void,
    private readonly notify: (n: AppNotification) => void,
  ) {}

  get db() {
    return this.deps.store.data;
  }

  /** The cloud settings in effect: the stored ones (else the build's default) with the env overrides applied (client id). */
  get cloud(): CloudSettings {
    const base = effectiveCloud(this.db.cloud, this.builtInCloud);
    const clientId = this.deps.env.ONEDRIVE_MIRROR_CLIENT_ID?.trim() || base.clientId;
    return { ...base, clientId };
  }

  get builtInCloud(): CloudSettings | null {
    return this.deps.builtInCloud ?? null;
  }

  /** The shell's box for the user's current plaintext choice, made once per choice (state builds ask often). */
  secretBox(): SecretBox {
    const allow = this.db.allowPlaintextSecrets;
    if (!this.box || this.box.allow !== allow) this.box = { allow, box: this.deps.secretBox(allow) };
    return this.box.box;
  }

  auth(): AuthLike {
    if (!this.cloud.clientId) throw new AppError('not_configured');
    if (!this.authManager) {
      this.authManager = this.deps.createAuth(this.cloud, this.secretBox());
    }
    return this.authManager;
  }

  /** Forget the auth manager and clients: the cloud settings or the secret storage changed. */
  resetAuth(): void {
    this.authManager?.dispose();
    this.authManager = null;
    this.clients.clear();
    this.sitesClients.clear();
  }

  dropClient(profileId: string): void {
    this.clients.delete(profileId);
    this.sitesClients.delete(profileId);
  }

  profile(id: string): ProfileRecord {
    return getProfile(this.db, id);
  }

  profileByName(nameOrId: string): ProfileRecord {
    return getProfile(this.db, nameOrId);
  }

  sync(idOrPrefix: string): SyncConfigRecord {
    return getSync(this.db, idOrPrefix);
  }

  /** A drive client for a connected profile; throws reconnect_required when the profile needs it. */
  clientFor(profileId: string): DriveClientLike {
    const profile = this.profile(profileId);
    if (profile.authState !== 'connected' || !profile.account) {
      throw new AppError(
        'reconnect_required',
        profile.authState === 'signed_out'
          ? `The profile "${profile.name}" is signed out. Connect it first.`
          : RECONNECT_MESSAGE(profile.account?.username),
      );
    }
    let client = this.clients.get(profileId);
    if (!client) {
      const homeAccountId = profile.account.homeAccountId;
      client = this.deps.createDriveClient({
        cloud: this.cloud,
        profileId,
        getToken: (o) => this.token(profileId, homeAccountId, o.forceRefresh),
      });
      this.clients.set(profileId, client);
    }
    return client;
  }

  /**
   * A client whose token carries Sites.Read.All (SharePoint browsing), on the profile's same throttle gate. Its
   * token fails with consent_required until the user granted the scope (service-browse.ts grantSites).
   */
  sitesClientFor(profileId: string): DriveClientLike {
    const profile = this.profile(profileId);
    this.clientFor(profileId); // the same connected-profile checks
    let client = this.sitesClients.get(profileId);
    if (!client) {
      const homeAccountId = profile.account!.homeAccountId;
      client = this.deps.createDriveClient({
        cloud: this.cloud,
        profileId,
        getToken: (o) => this.auth().token(profileId, homeAccountId, { forceRefresh: o.forceRefresh, scopes: SITES_SCOPES }),
      });
      this.sitesClients.set(profileId, client);
    }
    return client;
  }

  /** The profile's access tokens for a Graph client outside this context (the engine host); clientFor's checks first. */
  tokenSource(profileId: string): (o: { forceRefresh: boolean }) => Promise<string> {
    this.clientFor(profileId);
    const homeAccountId = this.profile(profileId).account!.homeAccountId;
    return (o) => this.token(profileId, homeAccountId, o.forceRefresh);
  }

  /** A token for the profile. Only reconnect_required changes the profile's state. */
  async token(profileId: string, homeAccountId: string, forceRefresh = false): Promise<string> {
    try {
      return await this.auth().token(profileId, homeAccountId, { forceRefresh });
    } catch (e) {
      if (e instanceof AppError && e.code === 'reconnect_required') this.markReconnectRequired(profileId);
      throw e;
    }
  }

  /**
   * One episode per profile: the first failure marks the profile and every one of its configs, and sends ONE
   * notification; later failures in the same episode change nothing more. `why` replaces the message (a sign-out
   * the user caused, e.g. by changing the cloud settings).
   */
  markReconnectRequired(profileId: string, why?: string): void {
    const profile = this.db.profiles.find((p) => p.id === profileId);
    if (!profile) return;
    const firstInEpisode = profile.authState !== 'reconnect_required';
    const message = why ?? RECONNECT_MESSAGE(profile.account?.username);
    this.deps.store.update((db) => {
      const p = db.profiles.find((x) => x.id === profileId);
      if (p) p.authState = 'reconnect_required';
      for (const c of db.syncConfigs) {
        if (c.profileId === profileId) applyStatus(c, { kind: 'reconnect_needed', message });
      }
    });
    this.dropClient(profileId);
    if (firstInEpisode) {
      this.deps.logger.warn('account needs to reconnect', { profileId });
      this.notify({
        kind: 'reconnect_required',
        title: 'Reconnect your Microsoft account',
        body: message,
        profileId,
        syncId: null,
      });
    }
    this.changed();
  }

  /** Reconnect notices derived from the profiles, plus the ones raised at start. */
  currentNotices(): Notice[] {
    const reconnect: Notice[] = this.db.profiles
      .filter((p) => p.authState === 'reconnect_required')
      .map((p) => ({
        id: `reconnect:${p.id}`,
        kind: 'reconnect_required' as const,
        message: RECONNECT_MESSAGE(p.account?.username),
        profileId: p.id,
      }));
    const secrets: Notice[] =
      this.secretBox().protection === 'unavailable'
        ? [{ id: 'insecure_secrets', kind: 'insecure_secrets', message: INSECURE_SECRETS_MESSAGE, profileId: null }]
        : [];
    return [...secrets, ...reconnect, ...this.notices];
  }

  emitChanged(): void {
    this.changed();
  }

  message(code: keyof typeof errorMessages): string {
    return errorMessages[code];
  }
}
