/** The product's live pieces against the fake cloud: the drive client's socketIo endpoint and the socket.io transport. */
import { describe, expect, it } from 'vitest';
import { reasonOf } from '../../main/core/live/policy';
import { createSocketIoTransport } from '../../main/core/live/socket-io-transport';
import { useFakeCloud } from '../fake-cloud/test-support';
import { clientFor } from './harness';

const h = useFakeCloud();

describe('live changes against the fake cloud', () => {
  it('gets an endpoint, connects, hears a change, and reads a refusal as not supported', async () => {
    const acc = h.cloud.control.createAccount({ tree: { 'a.txt': 'a' } });
    const { client } = clientFor(h.cloud, acc);
    const endpoint = await client.socketIoEndpoint(acc.driveId);
    expect(endpoint.expiresAt).toBeGreaterThan(Date.now());
    const transport = createSocketIoTransport({ ca: h.cloud.caPem });
    let heard!: () => void;
    const notified = new Promise<void>((r) => (heard = r));
    let closedWith = '';
    const closed = new Promise<void>((r) => {
      void transport
        .connect(endpoint.notificationUrl, {
          onNotification: () => heard(),
          onClose: (why) => ((closedWith = why), r()),
        })
        .then((c) => {
          h.cloud.control.addFile(acc.accountId, 'b.txt', 'b');
          return notified.then(() => h.cloud.control.dropSockets(acc.accountId)).then(() => c);
        });
    });
    await closed;
    expect(closedWith).toBe('transport close');

    h.cloud.control.refuseSubscriptions(1);
    const refusal = await client.socketIoEndpoint(acc.driveId).catch((e: unknown) => e);
    expect(reasonOf(refusal)).toBe('not_supported');
    h.cloud.control.expireSubscriptions(acc.accountId);
    await expect(transport.connect(endpoint.notificationUrl, { onNotification: () => {}, onClose: () => {} })).rejects.toThrow(
      /expired/,
    );
  });
});
