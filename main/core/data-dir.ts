/** Where OneDrive Mirror keeps its data: Electron's userData for "OneDrive Mirror", shared by app and CLI. */
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
