/**
 * Our middleware chain for @microsoft/microsoft-graph-client, outermost first. None of the library's stock links
 * (RetryHandler, RedirectHandler, TelemetryHandler, its AuthenticationHandler and HTTPMessageHandler) is in it.
 *
 *   MapErrors     a failed answer -> AppError; thrown errors reach the caller as they were
 *   CheckOrigin   the exact URL of an opaque link; no request (and no token) outside the Graph origin
 *   PassGate      the account's throttle gate, Retry-After, and the retry policy
 *   Authorize     the profile's bearer token, one refresh after a 401
 *   CountRequests one count per HTTP attempt
 *   SendRequest   fetch with a per-attempt timeout, body included
 */
import type { Middleware } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../ports';
import type { ThrottleGate } from '../throttle-gate';
import { Authorize, type TokenCache } from './auth';
import { CountRequests } from './count';
import { SendRequest } from './fetch';
import { MapErrors } from './map-errors';
import { CheckOrigin } from './origin-check';
import { PassGate } from './throttle';

export interface ChainOptions {
  graphUrl: string;
  tokens: TokenCache;
  gate: ThrottleGate;
  fetch: typeof fetch;
  maxAttempts: number;
  requestTimeoutMs: number;
  now: () => number;
  logger: Logger;
}

export function createGraphChain(o: ChainOptions): Middleware[] {
  return [
    new MapErrors(o.now, o.logger),
    new CheckOrigin(o.graphUrl, o.logger),
    new PassGate(o.gate, o.maxAttempts, o.now, o.logger),
    new Authorize(o.tokens, o.logger),
    new CountRequests(),
    new SendRequest(o.fetch, o.requestTimeoutMs),
  ];
}
