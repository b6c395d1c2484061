/**
 * A second process for the auth tests: reads the persisted token cache and prints one access token as JSON.
 * argv: tokensDir profileId homeAccountId (the authority metadata is kept beside tokensDir). Env: ONEDRIVE_MIRROR_*, NODE_EXTRA_CA_CERTS (the fake's CA).
 */
import { createNodeBrowserOpener } from '../../main/cli/browser-opener';
import { createNodeSecretBox } from '../../main/cli/secret-box-node';
import path from 'node:path';
import { createAuthManager } from '../../main/core/auth/auth-manager';
import { AUTHORITY_METADATA_FILE } from '../../main/core/auth/authority-metadata';
import { defaultCloud } from '../../main/core/store/schema';
import { resolveCloud } from '../../main/core/auth/cloud-config';
import { silentLogger } from '../../main/core/ports';

const [tokensDir, profileId, homeAccountId] = process.argv.slice(2) as [string, string, string];
const auth = createAuthManager({
  cloud: resolveCloud(defaultCloud, process.env),
  tokensDir,
  authorityMetadataFile: path.join(path.dirname(tokensDir), AUTHORITY_METADATA_FILE),
  secretBox: createNodeSecretBox(silentLogger),
  browserOpener: createNodeBrowserOpener(),
  logger: silentLogger,
});
try {
  process.stdout.write(JSON.stringify({ token: await auth.token(profileId, homeAccountId) }));
} catch (e) {
  process.stdout.write(JSON.stringify({ code: (e as { code?: string }).code ?? 'unknown' }));
} finally {
  auth.dispose();
}
