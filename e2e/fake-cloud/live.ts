/**
 * Push notifications like Graph's `root/subscriptions/socketIo`: a subscription answers a pre-authenticated
 * notificationUrl on a separate origin, shaped like Graph's (`https://host/<namespace>/callback?<query>`): as Graph
 * documents, a client splits it at `/callback?` and connects socket.io to the part before (its path is the
 * namespace) with the part after as the query. A real socket.io server there emits `notification` on every change of
 * the subscribed drive. A notification carries no changes (as on Graph):
 * clients run delta. Fault modes are set through the control API (see README.md).
 */
import { randomBytes } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import type { FakeCloudCerts } from './certs';

export interface Subscription {
  id: string;
  driveId: string; // lower-cased
  secret: string;
  /** The socket.io namespace of its URL ('/' + a short random word, as Graph's look). */
  namespace: string;
  expiresAt: number;
}

export interface LiveSettings {
  /** Lifetime of new subscriptions (Graph: about a day). */
  lifetimeSeconds: number;
  /** Each notification is sent this much later. */
  delayMs: number;
  /** Each notification is sent this many times. */
  copies: number;
}

export class LiveHub {
  readonly subscriptions = new Map<string, Subscription>();
  readonly settings: LiveSettings = { lifetimeSeconds: 24 * 3600, delayMs: 0, copies: 1 };
  /** Notifications emitted (each copy counts), per drive id lower-cased. */
  readonly sent = new Map<string, number>();
  origin = '';
  private io: Server | null = null;
  private server: https.Server | null = null;
  private readonly sockets = new Map<Socket, Subscription>();
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();

  async start(certs: FakeCloudCerts, port = 0): Promise<void> {
    this.server = https.createServer({ key: certs.keyPem, cert: certs.certPem });
    this.io = new Server(this.server, { transports: ['websocket', 'polling'], serveClient: false });
    const ns = this.io.of(/^\/[a-z0-9]+$/);
    ns.use((socket, next) => {
      const sub = this.bySecret(String(socket.handshake.query.snthgk ?? ''));
      if (!sub || sub.namespace !== socket.nsp.name) return next(new Error('unknown subscription'));
      if (sub.expiresAt <= Date.now()) return next(new Error('subscription expired'));
      this.sockets.set(socket, sub);
      socket.on('disconnect', () => this.sockets.delete(socket));
      next();
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, '127.0.0.1', () => resolve());
    });
    this.origin = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  subscribe(driveId: string): Subscription {
    const sub: Subscription = {
      id: randomBytes(12).toString('hex'),
      driveId: driveId.toLowerCase(),
      secret: randomBytes(18).toString('hex'),
      namespace: `/${randomBytes(4)
        .toString('hex')
        .replace(/[0-9]/g, (d) => 'abcdefghij'[Number(d)]!)}`,
      expiresAt: Date.now() + this.settings.lifetimeSeconds * 1000,
    };
    this.subscriptions.set(sub.id, sub);
    return sub;
  }

  notificationUrl(sub: Subscription): string {
    return `${this.origin}${sub.namespace}/callback?snthgk=${sub.secret}`;
  }

  /** Sockets connected now (of one drive, or all). */
  connected(driveId?: string): number {
    let n = 0;
    for (const sub of this.sockets.values()) if (!driveId || sub.driveId === driveId.toLowerCase()) n++;
    return n;
  }

  /** The drive changed: every live socket of it gets a notification (delayed and repeated as set). */
  notify(driveId: string): void {
    const key = driveId.toLowerCase();
    for (const [socket, sub] of this.sockets) {
      if (sub.driveId !== key || sub.expiresAt <= Date.now()) continue;
      const payload = JSON.stringify({
        value: [
          {
            subscriptionId: sub.id,
            subscriptionExpirationDateTime: new Date(sub.expiresAt).toISOString(),
            clientState: null,
            resource: `drives/${driveId}/root`,
            changeType: 'updated',
          },
        ],
      });
      for (let i = 0; i < this.settings.copies; i++) this.later(() => this.emit(socket, key, payload));
    }
  }

  /** Subscriptions (of a drive, or all) expire now: their sockets are closed and their URLs refused. */
  expire(driveId?: string): void {
    for (const sub of this.subscriptions.values()) {
      if (!driveId || sub.driveId === driveId.toLowerCase()) sub.expiresAt = Date.now() - 1;
    }
    for (const [socket, sub] of this.sockets) if (sub.expiresAt <= Date.now()) socket.disconnect(true);
  }

  /** Cuts the connections (of a drive, or all) as a network loss would; the subscriptions stay valid. */
  drop(driveId?: string): void {
    for (const [socket, sub] of this.sockets) if (!driveId || sub.driveId === driveId.toLowerCase()) socket.conn.close();
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    if (!this.io) return;
    await new Promise<void>((resolve) => {
      this.io!.close(() => resolve());
      this.server!.closeAllConnections();
    });
  }

  private bySecret(secret: string): Subscription | undefined {
    for (const sub of this.subscriptions.values()) if (sub.secret === secret) return sub;
    return undefined;
  }

  private emit(socket: Socket, key: string, payload: string): void {
    if (!socket.connected) return;
    socket.emit('notification', payload);
    this.sent.set(key, (this.sent.get(key) ?? 0) + 1);
  }

  private later(fn: () => void): void {
    if (this.settings.delayMs <= 0) return fn();
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, this.settings.delayMs);
    this.timers.add(t);
  }
}
