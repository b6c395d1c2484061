import { io, type Socket } from 'socket.io-client';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AccountInfo } from './index';
import { useFakeCloud } from './test-support';

const h = useFakeCloud();
let acc: AccountInfo;
let token: string;
const sockets: Socket[] = [];

beforeAll(() => {
  acc = h.cloud.control.createAccount({ tree: { 'Docs/a.txt': 'alpha' } });
  token = h.cloud.control.issueAccessToken(acc.accountId);
});
afterEach(() => {
  for (const s of sockets.splice(0)) s.disconnect();
  h.cloud.control.setNotifications({ delayMs: 0, copies: 1 });
  h.cloud.control.setSubscriptionLifetime(24 * 3600);
  h.cloud.control.clearFaults();
});

interface Endpoint {
  id: string;
  expirationDateTime: string;
  notificationUrl: string;
}

/** Connects as Graph documents (split at /callback?) and the product does: websocket only, no reconnection. */
function connect(url: string): Promise<Socket> {
  const [uri, query] = url.split('/callback?') as [string, string];
  const socket = io(uri, {
    query: query as unknown as Record<string, string>,
    transports: ['websocket'],
    reconnection: false,
    ca: h.cloud.caPem,
    forceNew: true,
  });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

const nextEvent = (socket: Socket, event: string): Promise<unknown> => new Promise((resolve) => socket.once(event, resolve));

describe('fake cloud socketIo subscriptions', () => {
  it('answers both paths like Graph: id, expirationDateTime and a notificationUrl on another origin', async () => {
    for (const path of ['/me/drive/root/subscriptions/socketIo', `/drives/${acc.driveId}/root/subscriptions/socketIo`]) {
      const res = await h.get(path, token);
      expect(res.status).toBe(200);
      const body = (await res.json()) as Endpoint;
      expect(body.id).toMatch(/^[0-9a-f]{24}$/);
      expect(Date.parse(body.expirationDateTime)).toBeGreaterThan(Date.now() + 3600_000);
      expect(new URL(body.notificationUrl).origin).not.toBe(new URL(h.cloud.graphUrl).origin);
      expect(body.notificationUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/[a-j]+\/callback\?snthgk=[0-9a-f]+$/);
    }
    expect((await h.get('/me/drive/root/subscriptions/socketIo', 'bad')).status).toBe(401);
    const other = h.cloud.control.createAccount();
    expect((await h.get(`/drives/${other.driveId}/root/subscriptions/socketIo`, token)).status).toBe(403);
  });

  it('emits one notification (no changes in it) per change of the drive, and none for other drives', async () => {
    const ep = await h.json<Endpoint>('/me/drive/root/subscriptions/socketIo', token);
    const socket = await connect(ep.notificationUrl);
    const got: unknown[] = [];
    socket.on('notification', (data) => got.push(data));
    const first = nextEvent(socket, 'notification');
    h.cloud.control.addFile(acc.accountId, 'Docs/new.txt', 'hi');
    const data = JSON.parse((await first) as string) as { value: Array<Record<string, unknown>> };
    expect(data.value[0]).toMatchObject({ subscriptionId: ep.id, changeType: 'updated' });
    expect(JSON.stringify(data)).not.toContain('new.txt');
    const other = h.cloud.control.createAccount();
    h.cloud.control.addFile(other.accountId, 'x.txt', 'x');
    const second = nextEvent(socket, 'notification');
    h.cloud.control.modify(acc.accountId, 'Docs/a.txt', 'changed');
    await second;
    expect(got).toHaveLength(2);
  });

  it('refuses a subscription with 400 notSupported when told to, then serves again', async () => {
    h.cloud.control.refuseSubscriptions(1);
    const res = await h.get('/me/drive/root/subscriptions/socketIo', token);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'notSupported' } });
    expect((await h.get('/me/drive/root/subscriptions/socketIo', token)).status).toBe(200);
  });

  it('expires a subscription: its socket is closed by the server and its URL refused; a new one works', async () => {
    const ep = await h.json<Endpoint>('/me/drive/root/subscriptions/socketIo', token);
    const socket = await connect(ep.notificationUrl);
    const closed = nextEvent(socket, 'disconnect');
    h.cloud.control.expireSubscriptions(acc.accountId);
    expect(await closed).toBe('io server disconnect');
    await expect(connect(ep.notificationUrl)).rejects.toThrow(/expired/);
    const fresh = await h.json<Endpoint>('/me/drive/root/subscriptions/socketIo', token);
    await connect(fresh.notificationUrl);
    expect(h.cloud.control.liveSockets(acc.accountId)).toBe(1);
  });

  it('honours the subscription lifetime in expirationDateTime', async () => {
    h.cloud.control.setSubscriptionLifetime(30);
    const ep = await h.json<Endpoint>('/me/drive/root/subscriptions/socketIo', token);
    const left = Date.parse(ep.expirationDateTime) - Date.now();
    expect(left).toBeGreaterThan(25_000);
    expect(left).toBeLessThanOrEqual(30_000);
  });

  it('drops sockets like a network loss; the subscription stays valid for a reconnect', async () => {
    const ep = await h.json<Endpoint>('/me/drive/root/subscriptions/socketIo', token);
    const socket = await connect(ep.notificationUrl);
    const closed = nextEvent(socket, 'disconnect');
    h.cloud.control.dropSockets(acc.accountId);
    expect(await closed).toBe('transport close');
    const again = await connect(ep.notificationUrl);
    const got = nextEvent(again, 'notification');
    h.cloud.control.notify(acc.accountId);
    await got;
  });

  it('delays and duplicates notifications when told to', async () => {
    h.cloud.control.setNotifications({ delayMs: 200, copies: 3 });
    const ep = await h.json<Endpoint>('/me/drive/root/subscriptions/socketIo', token);
    const socket = await connect(ep.notificationUrl);
    const times: number[] = [];
    const three = new Promise<void>((resolve) =>
      socket.on('notification', () => {
        times.push(Date.now());
        if (times.length === 3) resolve();
      }),
    );
    const changedAt = Date.now();
    h.cloud.control.addFile(acc.accountId, 'Docs/dup.txt', 'x');
    await three;
    expect(times[0]! - changedAt).toBeGreaterThanOrEqual(190);
  });
});
