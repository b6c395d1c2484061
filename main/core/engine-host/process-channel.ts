/**
 * A host in a child process, postMessage style: Electron's utilityProcess (main/app/engine-host-process.ts) or a
 * Node child_process.fork wrapped to the same shape. Only the shape is known here, so plain Node code loads it.
 */
import type { FromHost, HostChannel } from './protocol';

export interface ProcessLike {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number | null) => void): unknown;
  kill(): boolean;
}

export function processHost(child: ProcessLike): HostChannel {
  const exits: ((reason: string) => void)[] = [];
  let gone = false;
  const exited = new Promise<void>((resolve) => {
    child.on('exit', (code) => {
      gone = true;
      for (const l of exits) l(`exit code ${code}`);
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
