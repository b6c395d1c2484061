import type { FakeCloud } from './index';

/**
 * The environment a child process of the product (the built CLI, the bench's children) needs to use this fake
 * cloud instead of Microsoft's, with its data in `dataDir`: on top of this process's own environment.
 */
export function cliEnv(
  cloud: Pick<FakeCloud, 'authority' | 'graphUrl' | 'clientId' | 'caPath'>,
  dataDir: string,
): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ONEDRIVE_MIRROR_AUTHORITY: cloud.authority,
    ONEDRIVE_MIRROR_GRAPH_URL: cloud.graphUrl,
    ONEDRIVE_MIRROR_CLIENT_ID: cloud.clientId,
    ONEDRIVE_MIRROR_DATA_DIR: dataDir,
    NODE_EXTRA_CA_CERTS: cloud.caPath,
  };
}
