/** Where OneDrive Mirror keeps its data: Electron's userData for "OneDrive Mirror", shared by app and CLI. */
import fsSync, { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'OneDrive Mirror';

export function defaultDataDir(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
  home: string = os.homedir(),
): string {
  if (env.ONEDRIVE_MIRROR_DATA_DIR) return path.resolve(env.ONEDRIVE_MIRROR_DATA_DIR);
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', PRODUCT_NAME);
  return path.join(env.XDG_CONFIG_HOME ?? path.join(home, '.config'), PRODUCT_NAME);
}

/** Folders of the data dir (the dir itself, `state/`, `logs/`): tokens, manifests and logs are nobody else's business. */
export const PRIVATE_DIR_MODE = 0o700;
/** Files in it that we create: the lock and the journals. */
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Creates `dir` (and missing parents) as 0700, and makes an existing one 0700: data dirs of earlier versions were
 * created 0755. Windows has no such modes (the folder inherits the profile's ACL): there it only creates.
 */
export async function ensurePrivateDir(dir: string, platform: NodeJS.Platform = process.platform): Promise<void> {
  await fs.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  // Best effort: a folder on a file system without modes (or not ours) must not stop the app from starting.
  if (platform !== 'win32') await fs.chmod(dir, PRIVATE_DIR_MODE).catch(() => {});
}

/** ensurePrivateDir for the logger, which opens its file synchronously. */
export function ensurePrivateDirSync(dir: string, platform: NodeJS.Platform = process.platform): void {
  fsSync.mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (platform === 'win32') return;
  try {
    fsSync.chmodSync(dir, PRIVATE_DIR_MODE);
  } catch {
    // as above: best effort
  }
}
