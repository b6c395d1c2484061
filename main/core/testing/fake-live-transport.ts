/** A LiveTransport for tests: connections the test can notify, close or refuse. Test support only. */
import type { LiveConnection, LiveSocketHandlers, LiveTransport } from '../live/transport';

export interface FakeSocket {
  url: string;
  handlers: LiveSocketHandlers;
  open: boolean;
}

export function createFakeTransport() {
  const sockets: FakeSocket[] = [];
  let refuse = 0;
  const transport: LiveTransport = {
    connect(url, handlers): Promise<LiveConnection> {
      if (refuse > 0) {
        refuse--;
        return Promise.reject(new Error('connect_error: websocket error'));
      }
      const s: FakeSocket = { url, handlers, open: true };
      sockets.push(s);
      return Promise.resolve({ close: () => void (s.open = false) });
    },
  };
  const open = () => sockets.filter((s) => s.open);
  return {
    transport,
    sockets,
    open,
    /** The next `n` connects fail. */
    refuse: (n: number) => void (refuse = n),
    /** Every open socket gets a notification. */
    notify: () => open().forEach((s) => s.handlers.onNotification()),
    /** The server or network ends every open socket. */
    drop: (reason = 'transport close') =>
      open().forEach((s) => {
        s.open = false;
        s.handlers.onClose(reason);
      }),
  };
}
