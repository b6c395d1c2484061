/**
 * The real LiveTransport: socket.io-client on the notificationUrl Graph handed out (pre-authenticated, so no token
 * goes to that host). Graph documents the URL's use: split it at `/callback?`, connect to the part before (its path
 * is the socket.io namespace) with the part after as the query (Engine.IO v4, as other clients of it use). Websocket only (no long-polling fallback) and no automatic reconnection: reconnecting is the
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

/** `https://h/ns/callback?q=1` -> io('https://h/ns', { query: 'q=1' }); any other URL is used as it is. */
export function socketTarget(notificationUrl: string): { uri: string; query?: string } {
  const at = notificationUrl.indexOf('/callback?');
  if (at < 0) return { uri: notificationUrl };
  return { uri: notificationUrl.slice(0, at), query: notificationUrl.slice(at + '/callback?'.length) };
}

export function createSocketIoTransport(o: SocketIoTransportOptions = {}): LiveTransport {
  return {
    connect(url: string, handlers: LiveSocketHandlers): Promise<LiveConnection> {
      const target = socketTarget(url);
      const socket = io(target.uri, {
        ...(target.query !== undefined ? { query: target.query as unknown as Record<string, string> } : {}),
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
