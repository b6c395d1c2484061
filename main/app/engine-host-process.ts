/**
 * The app's engine host: an Electron utility process running out/engine-host/index.js (engine-host/host-main.ts),
 * so sync runs (listing, planning, hashing, downloads, state files) never share the main process's event loop.
 * Main keeps the sign-ins; the host asks for access tokens over its channel (README "Processes").
 */
import type { utilityProcess } from 'electron';
import { processHost, type ProcessLike } from '../core/engine-host/process-channel';
import type { HostChannel } from '../core/engine-host/protocol';

export function createUtilityHostStarter(fork: typeof utilityProcess.fork, entry: string): () => HostChannel {
  return () => processHost(fork(entry, [], { serviceName: 'OneDrive Mirror sync engine', stdio: 'inherit' }) as ProcessLike);
}
