import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCerts } from './certs';
import { createControl, type FakeCloudControl } from './control';
import { startServers } from './server';
import { createState } from './state';

export type { FakeCloudControl, ItemInfo, ItemRef, CreateAccountOptions, LibraryInfo, SiteInfo } from './control';
export { encodeSharingUrl } from './sources';
export type { AccountInfo, AuthorizeDecision, AuthorizeRequest, DeltaOptions, DeviceCodeBehaviour } from './state';
export type { Fault, Latency, LoggedRequest, RouteMatcher, RouteName, RequestInfo } from './faults';
export type { FileSpec, TreeSpec } from './tree-spec';
export { trustCaInProcess } from './trust-ca';
export { quickXorHash } from './quickxorhash';
export { headlessOpenBrowser, submitAuthorizePage } from './headless-browser';

/** Any client id is accepted; this one is handy. */
export const DEFAULT_CLIENT_ID = '00000000-0000-0000-0000-0000fa4ec10d';

export interface FakeCloudOptions {
  /** Fixed port for identity + Graph (default: random). */
  port?: number;
  /** Fixed port for the download host (default: random). */
  downloadPort?: number;
  /** Tenant segment of `authority` (default 'common'). */
  tenant?: string;
  /** Fixed port for the socket.io notification server (default: random). */
  livePort?: number;
}

export interface FakeCloud {
  /** e.g. https://127.0.0.1:PORT/common */
  authority: string;
  /** https://127.0.0.1:PORT */
  authorityHost: string;
  /** '127.0.0.1:PORT', for MSAL auth.knownAuthorities */
  knownAuthority: string;
  /** https://127.0.0.1:PORT/v1.0 */
  graphUrl: string;
  /** https://127.0.0.1:DOWNLOAD_PORT */
  downloadOrigin: string;
  /** PEM file of the CA (for NODE_EXTRA_CA_CERTS of child processes). */
  caPath: string;
  caPem: string;
  clientId: string;
  control: FakeCloudControl;
  close(): Promise<void>;
}

/** Starts the fake identity platform + Graph + download host on 127.0.0.1 over HTTPS with a fresh CA. */
export async function startFakeCloud(options: FakeCloudOptions = {}): Promise<FakeCloud> {
  const certs = generateCerts();
  const dir = mkdtempSync(join(tmpdir(), 'fake-cloud-'));
  const caPath = join(dir, 'ca.pem');
  writeFileSync(caPath, certs.caPem);
  const state = createState();
  const servers = await startServers(state, certs, options.port ?? 0, options.downloadPort ?? 0);
  await state.live.start(certs, options.livePort ?? 0);
  return {
    authority: `${state.origin}/${options.tenant ?? 'common'}`,
    authorityHost: state.origin,
    knownAuthority: `127.0.0.1:${servers.port}`,
    graphUrl: state.graphUrl,
    downloadOrigin: state.downloadOrigin,
    caPath,
    caPem: certs.caPem,
    clientId: DEFAULT_CLIENT_ID,
    control: createControl(state),
    close: async () => {
      await state.live.close();
      await servers.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
