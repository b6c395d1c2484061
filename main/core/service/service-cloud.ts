/**
 * Changes that decide where tokens go: the app registration and cloud (`cloud:update`, CLI `setup`) and storing
 * tokens without OS encryption (`secrets:allowPlaintext`). A token is only ever valid for the endpoints it was got
 * from, so changing the client id, the authority or the Graph URL signs every profile out (token caches deleted,
 * Reconnect shown). The renderer may ask for such a change; the user approves it through the Confirmer port.
 */
import type { CloudSettings } from '../../../shared/model';
import { describeCloudChange, resolveCloud } from '../auth/cloud-config';
import { AppError } from '../errors';
import type { ConfirmQuestion } from '../ports';
import { effectiveCloud } from '../auth/built-in-cloud';
import type { ServiceContext } from './service-context';

export type CloudUpdateInput = CloudSettings;

export interface CloudUpdateOptions {
  /**
   * The renderer asked: custom endpoints need the user's approval even when nobody is signed in (the sign-in page
   * would open on that host). The CLI user typed the hosts themselves; they confirm only sign-outs.
   */
  fromRenderer: boolean;
}

export interface CloudUpdateResult {
  /** Names of the profiles that were signed out. */
  signedOut: string[];
}

export const signedOutByCloudChange = (username: string | undefined) =>
  `The app registration or cloud changed, so ${username ?? 'this account'} was signed out. Reconnect the account to resume syncing.`;

export class CloudCommands {
  constructor(private readonly ctx: ServiceContext) {}

  /** What a change would do, for the CLI to say before it asks. */
  preview(next: CloudUpdateInput): { endpointsChanged: boolean; signOut: string[]; customHosts: string[] } {
    const change = this.change(next);
    const signOut = change.endpointsChanged ? this.signedInProfiles().map((p) => p.name) : [];
    return { endpointsChanged: change.endpointsChanged, signOut, customHosts: change.customHosts };
  }

  async update(next: CloudUpdateInput, o: CloudUpdateOptions): Promise<CloudUpdateResult> {
    if (next.preset === 'custom' && (!next.authorityHost || !next.graphUrl)) {
      throw new AppError('bad_input', 'A custom cloud needs both the authority host and the Graph URL.');
    }
    if (!next.clientId && !this.ctx.builtInCloud) {
      throw new AppError('bad_input', 'Give the Application (client) ID of your app registration: this build has none built in.');
    }
    resolveCloud({ ...next, clientId: next.clientId || 'check' }, {}); // bad_input for a non-https URL or a bad tenant
    const change = this.change(next);
    const profiles = change.endpointsChanged ? this.signedInProfiles() : [];
    const mustAsk = profiles.length > 0 || (o.fromRenderer && change.endpointsChanged && change.customHosts.length > 0);
    if (mustAsk)
      await this.ask(
        cloudQuestion(
          profiles.map((p) => p.name),
          change.customHosts,
        ),
      );

    if (profiles.length > 0) {
      const ids = new Set(profiles.map((p) => p.id));
      // A run of a profile being signed out must not refresh (and rewrite) the cache we are about to delete.
      for (const c of this.ctx.db.syncConfigs) if (c.profileId && ids.has(c.profileId)) await this.ctx.scheduler.cancel(c.id);
      for (const p of profiles) {
        if (!this.ctx.cloud.clientId) continue; // never configured: no auth manager, no cache
        await this.ctx
          .auth()
          .signOut(p.id, p.account?.homeAccountId ?? null)
          .catch((e: unknown) => this.ctx.deps.logger.warn('could not delete a token cache', { error: String(e) }));
      }
    }
    if (change.graphOriginChanged) {
      // Delta links belong to the old Graph origin (which the client now refuses): start each mirror's listing over.
      for (const c of this.ctx.db.syncConfigs) await this.ctx.deps.engine.removeState(c.id);
    }
    this.ctx.deps.store.update((db) => void (db.cloud = { ...next }));
    this.ctx.resetAuth();
    for (const p of profiles) this.ctx.markReconnectRequired(p.id, signedOutByCloudChange(p.account?.username));
    if (change.endpointsChanged) {
      this.ctx.deps.logger.info('cloud settings changed', {
        signedOut: profiles.length,
        customHosts: change.customHosts,
      });
    }
    return { signedOut: profiles.map((p) => p.name) };
  }

  /** Storing tokens unencrypted is the user's choice, made outside the renderer; going back needs no question. */
  async allowPlaintext(allow: boolean): Promise<void> {
    if (allow && !this.ctx.db.allowPlaintextSecrets) {
      await this.ask({
        title: 'Store sign-in tokens unencrypted?',
        message: 'This system offers no secure storage for sign-in tokens.',
        detail:
          'OneDrive Mirror will keep the tokens of your accounts in its data folder without encryption, readable by ' +
          'your user account and by anyone who can read your files. Set up a keyring instead if you can.',
        confirmLabel: 'Store unencrypted',
      });
    }
    this.ctx.deps.store.update((db) => void (db.allowPlaintextSecrets = allow));
    this.ctx.resetAuth();
  }

  /** Compares the settings in effect (a stored '' client id means the build's default registration). */
  private change(next: CloudUpdateInput) {
    const builtIn = this.ctx.builtInCloud;
    return describeCloudChange(effectiveCloud(this.ctx.db.cloud, builtIn), effectiveCloud(next, builtIn), this.ctx.deps.env);
  }

  private signedInProfiles() {
    // connected or reconnect_required: MSAL may hold tokens or a refresh token for it
    return this.ctx.db.profiles.filter((p) => p.authState !== 'signed_out');
  }

  /** Throws `cancelled` unless the user says yes; with no way to ask, the change is refused. */
  private async ask(q: ConfirmQuestion): Promise<void> {
    const confirmer = this.ctx.deps.confirmer;
    if (!confirmer) throw new AppError('bad_input', `${q.title} This needs a confirmation that cannot be shown here.`);
    if (!(await confirmer.confirm(q))) throw new AppError('cancelled', 'Nothing was changed.');
  }
}

export function cloudQuestion(signOut: string[], customHosts: string[]): ConfirmQuestion {
  const who =
    signOut.length === 0
      ? ''
      : `${signOut.length === 1 ? 'The profile' : `All ${signOut.length} profiles`} (${signOut.join(', ')}) will be signed out ` +
        'and their stored sign-ins deleted; reconnect each one afterwards. Syncs wait until then. ';
  const where =
    customHosts.length === 0
      ? ''
      : `Sign-in pages will open on, and sign-in tokens will be sent to: ${customHosts.join(', ')}. Only continue if you trust these hosts.`;
  return {
    title: 'Change the app registration or cloud?',
    message:
      signOut.length > 0
        ? `Changing the app registration or cloud signs out ${signOut.length} profile${signOut.length === 1 ? '' : 's'}.`
        : 'Use custom sign-in and Microsoft Graph hosts?',
    detail: `${who}${where}`.trim(),
    confirmLabel: signOut.length > 0 ? 'Change and sign out' : 'Use these hosts',
  };
}
