/** Where the shell finds its files, packaged or from a checkout, and which URL the window loads. Pure. */
import path from 'node:path';
import { APP_ORIGIN } from './security';

export interface AppPaths {
  preload: string;
  /** The engine host's entry, run in a utility process (engine-host-process.ts). */
  engineHost: string;
  renderer: string;
  trayIcons: string;
  appIcon: string;
  /** The page to load: app://bundle/index.html, or the Vite dev server (checkout only). */
  rendererUrl: string;
  /** Origins whose top-level page may use the IPC API. */
  trustedOrigins: string[];
}

export interface AppPathsInput {
  /** The directory of the built main bundle (out/main). */
  mainDir: string;
  isPackaged: boolean;
  resourcesPath: string;
  env: Record<string, string | undefined>;
}

export function resolveAppPaths({ mainDir, isPackaged, resourcesPath, env }: AppPathsInput): AppPaths {
  const out = path.resolve(mainDir, '..');
  // Icons ship as extraResources (resources/tray, resources/icon.png); a checkout reads build/.
  const icons = isPackaged ? resourcesPath : path.resolve(out, '..', 'build');
  // The dev server is honoured only from a checkout: a packaged app never loads http content.
  const devUrl = !isPackaged ? env.ONEDRIVE_MIRROR_DEV_SERVER_URL : undefined;
  const rendererUrl = devUrl ?? `${APP_ORIGIN}/index.html`;
  return {
    preload: path.join(out, 'preload', 'index.cjs'),
    engineHost: path.join(out, 'engine-host', 'index.js'),
    renderer: path.join(out, 'renderer'),
    trayIcons: path.join(icons, 'tray'),
    appIcon: path.join(icons, 'icon.png'),
    rendererUrl,
    trustedOrigins: devUrl ? [APP_ORIGIN, devUrl] : [APP_ORIGIN],
  };
}
