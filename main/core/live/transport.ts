/** What the live-changes subscriber needs from the outside: the Graph endpoint request and a notification socket. */

/** Graph's answer to GET .../root/subscriptions/socketIo. */
export interface LiveEndpoint {
  notificationUrl: string;
  /** Epoch ms (expirationDateTime); null when Graph gave none. */
  expiresAt: number | null;
}

export interface LiveConnection {
  close(): void;
}

export interface LiveSocketHandlers {
  /** A `notification` arrived: something on the drive changed (it never says what). */
  onNotification(): void;
  /** The socket ended without close() being called (server, network, expiry). */
  onClose(reason: string): void;
}

/** Opens one notification socket; resolves once connected, rejects if it cannot connect. */
export interface LiveTransport {
  connect(url: string, handlers: LiveSocketHandlers): Promise<LiveConnection>;
}
