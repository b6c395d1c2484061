/**
 * Builds `window.api` from the IPC contract: one function per command (invoke with ONE object argument) and
 * `on(event, cb)` returning an unsubscribe. The IpcRendererEvent never reaches the page, nor does ipcRenderer.
 * No per-command code: adding a command to shared/ipc.ts is enough.
 */
import type { Api } from '../shared/ipc';
// Names only: the schemas (and zod) stay out of the sandboxed preload bundle.
import { commandChannel, commandNames, type EventName, eventChannel, eventNames } from '../shared/ipc-names';

/** The slice of ipcRenderer we use; passed in so tests need no Electron. */
export interface RendererIpc {
  invoke(channel: string, arg: unknown): Promise<unknown>;
  on(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, payload: unknown) => void): unknown;
}

const knownEvents: ReadonlySet<string> = new Set(eventNames);

export function createApi(ipc: RendererIpc): Api {
  const api: Record<string, unknown> = {};
  for (const name of commandNames) {
    // Exactly one argument crosses the bridge; anything else the page passes is dropped.
    api[name] = (input: unknown) => ipc.invoke(commandChannel(name), input);
  }
  api.on = (event: EventName, listener: (payload: unknown) => void) => {
    if (!knownEvents.has(event)) throw new Error(`Unknown event: ${String(event)}`);
    if (typeof listener !== 'function') throw new Error('The listener must be a function');
    const strip = (_event: unknown, payload: unknown) => listener(payload);
    ipc.on(eventChannel(event), strip);
    return () => {
      ipc.removeListener(eventChannel(event), strip);
    };
  };
  return api as Api;
}
