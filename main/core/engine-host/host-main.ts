/**
 * The entry of the engine host (built to out/engine-host/index.js): serves the protocol over whatever parent it
 * has: a worker thread's parentPort (CLI), Electron's process.parentPort (utility process), or process.send (a
 * forked Node child).
 */
import { isMainThread, parentPort } from 'node:worker_threads';
import { serveEngineHost } from './host';
import type { FromHost, HostPort, ToHost } from './protocol';

interface UtilityParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (e: { data: unknown }) => void): void;
}

function parent(): HostPort {
  if (!isMainThread && parentPort) {
    const port = parentPort;
    return {
      post: (m) => port.postMessage(m),
      onMessage: (l) => void port.on('message', (m: ToHost) => l(m)),
    };
  }
  const utility = (process as unknown as { parentPort?: UtilityParentPort }).parentPort;
  if (utility) {
    return {
      post: (m) => utility.postMessage(m),
      onMessage: (l) => utility.on('message', (e) => l(e.data as ToHost)),
    };
  }
  if (process.send) {
    const send = process.send.bind(process);
    return {
      post: (m: FromHost) => void send(m),
      onMessage: (l) => void process.on('message', (m) => l(m as ToHost)),
    };
  }
  throw new Error('The engine host needs a parent to serve (a worker thread or a child process).');
}

serveEngineHost(parent());
