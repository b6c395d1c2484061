/**
 * The real LiveTransport: socket.io-client on the notificationUrl Graph handed out (pre-authenticated, so no token
 * goes to that host). Websocket only (no long-polling fallback) and no automatic reconnection: reconnecting is the
 * subscriber's job, with its own backoff and a fresh endpoint when needed.
 */
import { io } from 'socket.io-client';
import type { LiveConnection, LiveSocketHandlers, LiveTransport } from './transport';

export interface SocketIoTransportOptions {
  /** Extra trusted CA (tests against the fake cloud in-process; child processes use NODE_EXTRA_CA_CERTS). */
  ca?: string;
  /** Give up connecting after this long (default 20 s). */
  connectTimeoutMs?: number;
}

export function createSocketIoTransport(o: SocketIoTransportOptions = {}): LiveTransport {
  return {
    connect(url: string, handlers: LiveSocketHandlers): Promise<LiveConnection> {
      const socket = io(url, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        timeout: o.connectTimeoutMs ?? 20_000,
        ...(o.ca ? { ca: o.ca } : {}),
      });
      let closedByUs = false;
      return new Promise((resolve, reject) => {
        socket.once('connect', () => {
          socket.off('connect_error');
          socket.on('notification', () => handlers.onNotification());
          socket.on('disconnect', (reason) => {
            if (!closedByUs) handlers.onClose(String(reason));
          });
          resolve({
            close: () => {
              closedByUs = true;
              socket.disconnect();
            },
          });
        });
        socket.once('connect_error', (error) => {
          socket.disconnect();
          reject(error);
        });
      });
    },
  };
}
