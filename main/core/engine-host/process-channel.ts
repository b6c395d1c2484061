/**
 * Main's end of a channel to a host, postMessage style: Electron's utilityProcess (main/app/engine-host-process.ts),
 * a worker thread (worker-channel.ts) or a Node child_process.fork wrapped to the same shape. Only the shape is known
 * here, so plain Node code loads it.
 */
import type { FromHost, HostChannel } from './protocol';

export interface ProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  /** Why it is going down (a worker's uncaught exception): kept as the exit's reason. */
  on(event: 'error', listener: (error: unknown) => void): unknown;
  kill(): boolean;
}

export function processHost(child: ProcessLike): HostChannel {
  const exits: ((reason: string) => void)[] = [];
  let gone = false;
  let lastError = '';
  const exited = new Promise<void>((resolve) => {
    child.on('error', (e) => (lastError = String(e)));
    child.on('exit', (code) => {
      gone = true;
      for (const l of exits) l(lastError || `exit code ${code}`);
      resolve();
    });
  });
  return {
    post: (m) => {
      if (!gone) child.postMessage(m);
    },
    onMessage: (l) => void child.on('message', (m) => l(m as FromHost)),
    onExit: (l) => void exits.push(l),
    async terminate() {
      if (!gone) child.kill();
      await exited;
    },
  };
}
