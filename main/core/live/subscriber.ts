/**
 * One drive's live subscription: asks Graph for a socketIo endpoint, keeps a socket on it, renews before expiry,
 * and after any failure (refused, network, closed socket, expiry, resume) tries again with backoff and jitter,
 * for as long as it is wanted. It never gives up for good: one failure must not disable live changes until restart.
 * Idle, it makes no request except the renewal. Timing decisions are policy.ts; time is the injected clock.
 */
import type { Clock, Logger, TimerHandle } from '../ports';
import { attemptAfterClose, reasonOf, renewDelay, retryDelay, type LivePolicy, type LiveReason } from './policy';
import type { LiveConnection, LiveEndpoint, LiveTransport } from './transport';

export type SubscriberState =
  | { kind: 'connecting' }
  | { kind: 'live'; since: number; expiresAt: number | null }
  | { kind: 'waiting'; reason: LiveReason; retryAt: number; attempt: number };

export interface SubscriberDeps {
  clock: Clock;
  random: () => number;
  policy: LivePolicy;
  transport: LiveTransport;
  logger: Logger;
  /** GET .../root/subscriptions/socketIo for this drive with the account's token. */
  endpoint: () => Promise<LiveEndpoint>;
  onNotification: () => void;
  /** The state changed (status lines). */
  onState: () => void;
}

export class DriveSubscriber {
  private state: SubscriberState = { kind: 'connecting' };
  private connection: LiveConnection | null = null;
  private timer: TimerHandle | null = null;
  /** Bumped by every (re)start and stop: callbacks of an older generation are ignored. */
  private generation = 0;
  private attempt = 0;
  /** Subscriptions asked for (for tests and the benchmark). */
  requests = 0;

  constructor(private readonly d: SubscriberDeps) {}

  get current(): SubscriberState {
    return this.state;
  }

  start(): void {
    void this.subscribe(++this.generation);
  }

  /** Drops the socket and subscribes again at once (machine resumed, network back). */
  restart(): void {
    this.teardown();
    this.start();
  }

  stop(): void {
    this.generation++;
    this.teardown();
  }

  private async subscribe(gen: number): Promise<void> {
    this.set({ kind: 'connecting' });
    let connection: LiveConnection | null = null;
    try {
      this.requests++;
      const endpoint = await this.d.endpoint();
      if (gen !== this.generation) return;
      connection = await this.d.transport.connect(endpoint.notificationUrl, {
        onNotification: () => {
          if (gen === this.generation) this.d.onNotification();
        },
        onClose: (reason) => {
          if (gen === this.generation) this.closed(reason);
        },
      });
      if (gen !== this.generation) return connection.close();
      this.connection = connection;
      const now = this.d.clock.now();
      this.set({ kind: 'live', since: now, expiresAt: endpoint.expiresAt });
      if (endpoint.expiresAt !== null) {
        this.schedule(renewDelay(now, endpoint.expiresAt, this.d.policy), () => this.renew());
      }
    } catch (error) {
      if (gen !== this.generation) return;
      this.attempt++;
      this.fail(reasonOf(error), error);
    }
  }

  /** Renewal: a fresh endpoint and socket; the old socket goes (a notification in between starts a run anyway). */
  private renew(): void {
    this.d.logger.debug('renewing live subscription');
    this.attempt = 0;
    this.restart();
  }

  private closed(reason: string): void {
    const liveFor = this.state.kind === 'live' ? this.d.clock.now() - this.state.since : 0;
    this.connection = null;
    this.attempt = attemptAfterClose(this.attempt, liveFor, this.d.policy);
    this.fail('reconnecting', new Error(`socket closed: ${reason}`));
  }

  private fail(reason: LiveReason, error: unknown): void {
    this.teardown();
    const delay = retryDelay(this.attempt, this.d.random, this.d.policy);
    this.d.logger.info('live changes unavailable, retrying later', {
      reason,
      attempt: this.attempt,
      retryInMs: delay,
      error: error instanceof Error ? error.message : String(error),
    });
    this.set({ kind: 'waiting', reason, retryAt: this.d.clock.now() + delay, attempt: this.attempt });
    const gen = ++this.generation;
    this.schedule(delay, () => void this.subscribe(gen));
  }

  private schedule(ms: number, fn: () => void): void {
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = this.d.clock.setTimeout(() => {
      this.timer = null;
      fn();
    }, ms);
  }

  private teardown(): void {
    if (this.timer) this.d.clock.clearTimeout(this.timer);
    this.timer = null;
    const c = this.connection;
    this.connection = null;
    c?.close();
  }

  private set(state: SubscriberState): void {
    this.state = state;
    this.d.onState();
  }
}
