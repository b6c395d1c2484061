/**
 * Live changes inside the service: which syncs want a push subscription (active, signed in, the setting on, not
 * paused or held for power), what a notification does (the scheduler's "run now" for each sync on that drive: the same path as the
 * Sync now button, which keeps one run in flight and one queued), and each sync's live status for the snapshot.
 */
import type { LiveReason } from '../../../shared/model';
import { LiveChanges, type LiveWant } from '../live/live-changes';
import type { ServiceContext } from './service-context';
import type { SyncConfigRecord } from '../store/schema';
import type { TimerHandle } from '../ports';
import { removeLiveStatus, writeLiveStatus } from '../live/status-file';

export interface LiveView {
  live: boolean;
  liveReason: LiveReason | null;
}

export class ServiceLive {
  private live: LiveChanges | null = null;
  private publishTimer: TimerHandle | null = null;
  private published = '';

  constructor(private readonly ctx: ServiceContext) {}

  /** Starts subscribing (the app and `onedrive-mirror run`); without a transport nothing happens. */
  start(): void {
    const { deps } = this.ctx;
    if (this.live || !deps.liveTransport) return;
    this.live = new LiveChanges({
      clock: deps.clock,
      transport: deps.liveTransport,
      logger: deps.logger.child({ component: 'live' }),
      power: deps.power,
      endpoint: (profileId, driveId) => {
        const client = this.ctx.clientFor(profileId);
        if (!client.socketIoEndpoint) throw new Error('live changes are not supported by this client (notSupported)');
        return client.socketIoEndpoint(driveId);
      },
      trigger: (ids) => this.trigger(ids),
      onChange: () => {
        this.ctx.emitChanged();
        this.schedulePublish();
      },
    });
    this.feed();
  }

  /** The store or the pause changed: subscribe to what is wanted now. */
  feed(): void {
    if (!this.live) return;
    const on = this.ctx.db.settings.liveChanges && !this.paused();
    const wants: LiveWant[] = on ? this.ctx.db.syncConfigs.filter((c) => this.wanted(c)).map(toWant) : [];
    this.live.set(wants, on);
    this.schedulePublish();
  }

  view(c: SyncConfigRecord): LiveView {
    if (c.status !== 'active') return { live: false, liveReason: null };
    if (!this.ctx.db.settings.liveChanges) return { live: false, liveReason: 'off' };
    if (!this.live) return { live: false, liveReason: null };
    if (this.paused()) return { live: false, liveReason: 'paused' };
    const profile = this.ctx.db.profiles.find((p) => p.id === c.profileId);
    if (profile?.authState !== 'connected') return { live: false, liveReason: 'signed_out' };
    const s = this.live.status(c.id);
    return { live: s.live, liveReason: s.reason };
  }

  /** Subscriptions, notifications and triggered runs so far (tests, benchmark). */
  stats(): ReturnType<LiveChanges['stats']> | null {
    return this.live?.stats() ?? null;
  }

  /** Closes every socket; the published statuses go (nothing is live without this process). */
  async stop(): Promise<void> {
    if (!this.live) return;
    this.live.stop();
    this.live = null;
    if (this.publishTimer) this.ctx.deps.clock.clearTimeout(this.publishTimer);
    this.publishTimer = null;
    if (this.published) await removeLiveStatus(this.ctx.deps.dataDir).catch(() => undefined);
  }

  /** For `sync list` in another process (live/status-file.ts): written when a status changed, coalesced. */
  private schedulePublish(): void {
    if (this.publishTimer || !this.live) return;
    this.publishTimer = this.ctx.deps.clock.setTimeout(() => {
      this.publishTimer = null;
      const syncs = Object.fromEntries(this.ctx.db.syncConfigs.map((c) => [c.id, this.view(c)]));
      const text = JSON.stringify(syncs);
      if (text === this.published || !this.live) return;
      this.published = text;
      writeLiveStatus(this.ctx.deps.dataDir, syncs).catch((e: Error) =>
        this.ctx.deps.logger.debug('live status not published', { error: e.message }),
      );
    }, 100);
  }

  private wanted(c: SyncConfigRecord): boolean {
    if (c.status !== 'active' || !c.profileId) return false;
    const profile = this.ctx.db.profiles.find((p) => p.id === c.profileId);
    return profile?.authState === 'connected';
  }

  /** Paused by the user, or held by the power policy (no sockets on battery or a metered connection either). */
  private paused(): boolean {
    if (this.ctx.powerPause !== null) return true;
    const p = this.ctx.db.pausedUntil;
    return p === 'forever' || (p !== null && Date.parse(p) > this.ctx.deps.clock.now());
  }

  /** A notification settled: run each sync on that drive that is still active, unless all are paused. */
  private trigger(ids: string[]): void {
    if (this.paused()) return;
    for (const id of ids) {
      const c = this.ctx.db.syncConfigs.find((x) => x.id === id);
      if (c?.status === 'active') this.ctx.scheduler.runNow(id);
    }
  }
}

const toWant = (c: SyncConfigRecord): LiveWant => ({
  configId: c.id,
  profileId: c.profileId!,
  driveId: c.driveId,
});
