import https from 'node:https';
import tls from 'node:tls';

type Dispatcher = object;
const GLOBAL_DISPATCHER = Symbol.for('undici.globalDispatcher.1');

/**
 * Makes the current process trust `caPem` (NODE_EXTRA_CA_CERTS is read only at process start).
 * Global fetch (used by MSAL Node 7 and the Graph client): replaces Node's global undici dispatcher with an Agent of
 * Node's own bundled undici class, with `connect.ca` = system roots + caPem. node:https: extends
 * `https.globalAgent.options.ca`. Returns a function that restores the previous state.
 */
export function trustCaInProcess(caPem: string): () => void {
  const ca = [...tls.rootCertificates, caPem];
  // Node loads its bundled undici (which installs the default global dispatcher) on the first fetch call; a data:
  // URL fetch triggers that synchronously without touching the network.
  if (!(globalThis as unknown as Record<symbol, unknown>)[GLOBAL_DISPATCHER]) void fetch('data:,').catch(() => undefined);
  const holder = globalThis as unknown as Record<symbol, Dispatcher | undefined>;
  const previous = holder[GLOBAL_DISPATCHER];
  if (!previous) throw new Error('trustCaInProcess: Node global fetch dispatcher not found');
  const AgentClass = previous.constructor as new (options: unknown) => Dispatcher;
  holder[GLOBAL_DISPATCHER] = new AgentClass({ connect: { ca } });

  const previousHttpsCa = https.globalAgent.options.ca;
  const extra = previousHttpsCa === undefined ? [] : Array.isArray(previousHttpsCa) ? previousHttpsCa : [previousHttpsCa];
  https.globalAgent.options.ca = [...ca, ...extra];

  return () => {
    holder[GLOBAL_DISPATCHER] = previous;
    https.globalAgent.options.ca = previousHttpsCa;
  };
}
