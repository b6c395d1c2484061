/** The socket.io transport, loaded on first use: one-shot CLI commands never subscribe and should not pay for it. */
import type { SocketIoTransportOptions } from './socket-io-transport';
import type { LiveTransport } from './transport';

export function lazySocketIoTransport(o: SocketIoTransportOptions = {}): LiveTransport {
  let real: Promise<LiveTransport> | null = null;
  return {
    async connect(url, handlers) {
      real ??= import('./socket-io-transport').then((m) => m.createSocketIoTransport(o));
      return (await real).connect(url, handlers);
    },
  };
}
