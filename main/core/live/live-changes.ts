/**
 * Live changes for all syncs: one DriveSubscriber per (account, drive) that an active sync uses, a debounce per
 * drive, and a status per sync. A notification only triggers work: after the burst settles, every sync on that
 * drive gets the scheduler's "run now" (which keeps at most one run in flight and one queued per sync). The
 * interval keeps running underneath, so a drive that is not live is still checked every N minutes.
 */
import type { Clock, Logger, PowerEvents, TimerHandle } from '../ports';
import { burstFireAt, defaultLivePolicy, type LivePolicy, type LiveReason } from './policy';
import { DriveSubscriber } from './subscriber';
import type { LiveEndpoint, LiveTransport } from './transport';

/** One sync that wants live changes. */
export interface LiveWant {
  configId: string;
  profileId: string;
  driveId: string;
}

export interface LiveStatus {
  live: boolean;
  /** Why not, when not live. */
  reason: LiveReason | null;
}

export interface LiveChangesDeps {
  clock: Clock;
  random?: () => number;
  policy?: Partial<LivePolicy>;
  transport: LiveTransport;
  logger: Logger;
  power?: PowerEvents;
  /** Graph's socketIo endpoint for the drive, asked with the profile's token. */
  endpoint: (profileId: string, driveId: string) => Promise<LiveEndpoint>;
  /** Run these syncs now (the scheduler's run-now path). */
  trigger: (configIds: string[]) => void;
  /** Status lines changed. */
  onChange?: () => void;
}

interface DriveEntry {
  subscriber: DriveSubscriber;
  configIds: string[];
  burst: { firstAt: number; lastAt: number; timer: TimerHandle } | null;
  /** Notifications received and runs triggered (tests, benchmark). */
  notifications: number;
  triggers: number;
}

const keyOf = (w: { profileId: string; driveId: string }) => `${w.profileId}\n${w.driveId.toLowerCase()}`;

export class LiveChanges {
  private readonly drives = new Map<string, DriveEntry>();
  private readonly policy: LivePolicy;
  private readonly random: () => number;
  private enabled = true;
  private suspended = false;
  private readonly offPower: (() => void)[] = [];

  constructor(private readonly d: LiveChangesDeps) {
    this.policy = { ...defaultLivePolicy, ...d.policy };
    this.random = d.random ?? Math.random;
    if (d.power) {
      this.offPower.push(
        d.power.on('suspend', () => this.suspend()),
        d.power.on('resume', () => this.resume()),
      );
    }
  }

  /** The syncs that want live changes now, and the setting; starts and stops subscriptions to match. */
  set(wants: readonly LiveWant[], enabled: boolean): void {
    let changed = this.enabled !== enabled;
    this.enabled = enabled;
    const grouped = new Map<string, LiveWant[]>();
    if (enabled) for (const w of wants) grouped.set(keyOf(w), [...(grouped.get(keyOf(w)) ?? []), w]);
    for (const [key, entry] of this.drives) {
      if (!grouped.has(key)) {
        this.forget(key, entry);
        changed = true;
      }
    }
    for (const [key, group] of grouped) {
      const existing = this.drives.get(key);
      if (existing) {
        const ids = group.map((w) => w.configId);
        changed ||= ids.join('\n') !== existing.configIds.join('\n');
        existing.configIds = ids;
        continue;
      }
      changed = true;
      const entry = this.create(group[0]!, group);
      this.drives.set(key, entry);
      if (!this.suspended) entry.subscriber.start();
    }
    if (changed) this.d.onChange?.();
  }

  status(configId: string): LiveStatus {
    if (!this.enabled) return { live: false, reason: 'off' };
    for (const entry of this.drives.values()) {
      if (!entry.configIds.includes(configId)) continue;
      if (this.suspended) return { live: false, reason: 'paused' };
      const s = entry.subscriber.current;
      if (s.kind === 'live') return { live: true, reason: null };
      return { live: false, reason: s.kind === 'waiting' ? s.reason : 'connecting' };
    }
    return { live: false, reason: null };
  }

  /** Per drive: subscription requests, notifications and triggered runs (tests and the benchmark). */
  stats(): { subscriptions: number; notifications: number; triggers: number; live: number } {
    let subscriptions = 0;
    let notifications = 0;
    let triggers = 0;
    let live = 0;
    for (const e of this.drives.values()) {
      subscriptions += e.subscriber.requests;
      notifications += e.notifications;
      triggers += e.triggers;
      if (e.subscriber.current.kind === 'live') live++;
    }
    return { subscriptions, notifications, triggers, live };
  }

  stop(): void {
    for (const off of this.offPower.splice(0)) off();
    for (const [key, entry] of this.drives) this.forget(key, entry);
  }

  private create(first: LiveWant, group: LiveWant[]): DriveEntry {
    const entry: DriveEntry = {
      configIds: group.map((w) => w.configId),
      burst: null,
      notifications: 0,
      triggers: 0,
      subscriber: new DriveSubscriber({
        clock: this.d.clock,
        random: this.random,
        policy: this.policy,
        transport: this.d.transport,
        logger: this.d.logger.child({ component: 'live', profileId: first.profileId }),
        endpoint: () => this.d.endpoint(first.profileId, first.driveId),
        onNotification: () => this.notified(entry),
        onState: () => this.d.onChange?.(),
      }),
    };
    return entry;
  }

  /** Debounce: a burst of notifications becomes one trigger (a run already going gets one more queued at most). */
  private notified(entry: DriveEntry): void {
    entry.notifications++;
    const now = this.d.clock.now();
    const firstAt = entry.burst?.firstAt ?? now;
    if (entry.burst) this.d.clock.clearTimeout(entry.burst.timer);
    const delay = Math.max(0, burstFireAt(firstAt, now, this.policy) - now);
    const timer = this.d.clock.setTimeout(() => {
      entry.burst = null;
      entry.triggers++;
      this.d.trigger([...entry.configIds]);
    }, delay);
    entry.burst = { firstAt, lastAt: now, timer };
  }

  private forget(key: string, entry: DriveEntry): void {
    entry.subscriber.stop();
    if (entry.burst) this.d.clock.clearTimeout(entry.burst.timer);
    this.drives.delete(key);
  }

  /** The machine sleeps: sockets would die anyway; nothing is asked until it wakes. */
  private suspend(): void {
    this.suspended = true;
    for (const e of this.drives.values()) e.subscriber.stop();
    this.d.onChange?.();
  }

  /** Awake: subscribe again at once (a change made while asleep is caught by the overdue interval run). */
  private resume(): void {
    this.suspended = false;
    for (const e of this.drives.values()) e.subscriber.restart();
    this.d.onChange?.();
  }
}
