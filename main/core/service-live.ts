/**
 * Live changes inside the service: which syncs want a push subscription (active, signed in, the setting on, not
 * paused), what a notification does (the scheduler's "run now" for each sync on that drive: the same path as the
 * Sync now button, which keeps one run in flight and one queued), and each sync's live status for the snapshot.
 */
import type { LiveReason } from '../../shared/model';
import { LiveChanges, type LiveWant } from './live/live-changes';
import type { ServiceContext } from './service-context';
import type { SyncConfigRecord } from './store/schema';

export interface LiveView {
  live: boolean;
  liveReason: LiveReason | null;
}

export class ServiceLive {
  private live: LiveChanges | null = null;

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
        if (!client.socketIoEndpoint)
          throw new Error('live changes are not supported by this client (notSupported)');
        return client.socketIoEndpoint(driveId);
      },
      trigger: (ids) => this.trigger(ids),
      onChange: () => this.ctx.emitChanged(),
    });
    this.feed();
  }

  /** The store or the pause changed: subscribe to what is wanted now. */
  feed(): void {
    if (!this.live) return;
    const on = this.ctx.db.settings.liveChanges && !this.paused();
    const wants: LiveWant[] = on ? this.ctx.db.syncConfigs.filter((c) => this.wanted(c)).map(toWant) : [];
    this.live.set(wants, on);
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

  stop(): void {
    this.live?.stop();
    this.live = null;
  }

  private wanted(c: SyncConfigRecord): boolean {
    if (c.status !== 'active' || !c.profileId) return false;
    const profile = this.ctx.db.profiles.find((p) => p.id === c.profileId);
    return profile?.authState === 'connected';
  }

  private paused(): boolean {
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
