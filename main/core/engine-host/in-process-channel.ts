/**
 * The host's protocol without a thread: the host code runs in this process, and every message is cloned and
 * delivered on a later turn, as a real port would. Tests use it, and it is the default where no host thread or
 * process is available. It cannot be killed: terminate only cuts the channel.
 */
import type { FromHost, HostChannel, HostPort, ToHost } from './protocol';

export function inProcessHost(): HostChannel {
  const toMain: ((m: FromHost) => void)[] = [];
  const toHost: ((m: ToHost) => void)[] = [];
  const exits: ((reason: string) => void)[] = [];
  let open = true;
  const deliver = <T>(listeners: ((m: T) => void)[], m: T): void => {
    const copy = structuredClone(m);
    setImmediate(() => {
      if (open) for (const l of listeners) l(copy);
    });
  };
  const port: HostPort = { post: (m) => deliver(toMain, m), onMessage: (l) => void toHost.push(l) };
  // Loaded on first use: a command that runs no sync never loads the engine.
  const loaded = import('./host').then(({ serveEngineHost }) => serveEngineHost(port));
  return {
    post: (m) => void loaded.then(() => deliver(toHost, m)),
    onMessage: (l) => void toMain.push(l),
    onExit: (l) => void exits.push(l),
    async terminate() {
      if (!open) return;
      open = false;
      for (const l of exits) l('terminated');
    },
  };
}
