/**
 * The renderer's cage: locked-down webPreferences, no navigation away from our page, no new windows, no
 * permissions, and external links only to an allow-list of https hosts (sign-in and Microsoft help pages).
 */
import type { Session, WebContents, WebPreferences } from 'electron';
import type { CloudSettings } from '../../shared/model';
import { cloudPresets, resolveCloud, type CloudEnv } from '../core/auth/cloud-config';

/** app:// is registered as a standard, secure scheme; the renderer lives at this origin. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** Pages the UI links to (app registration steps, help). */
export const helpHosts: readonly string[] = ['learn.microsoft.com', 'portal.azure.com', 'entra.microsoft.com'];

/** DevTools only in development: a packaged build gives nobody a console in the page that holds the API. */
export function secureWebPreferences(preloadPath: string, devTools = false): WebPreferences {
  return {
    preload: preloadPath,
    devTools,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webviewTag: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: true,
  };
}

/** The sign-in hosts of every Microsoft cloud, plus the configured (custom or env) authority. */
export function authorityHosts(cloud: CloudSettings, env: CloudEnv): string[] {
  const hosts = Object.values(cloudPresets).map((p) => new URL(p.authorityHost).host);
  try {
    hosts.push(new URL(resolveCloud(cloud, env).authority).host);
  } catch {
    // Not configured yet: only the well-known hosts.
  }
  return [...new Set(hosts)];
}

/** Only https, no credentials in the URL, and the exact host (with port, if any) on the list. */
export function isAllowedExternalUrl(url: string, allowedHosts: readonly string[]): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  return allowedHosts.includes(parsed.host);
}

/**
 * `scheme://host[:port]` of a URL, or null. Node's URL gives non-special schemes (app:) the origin "null",
 * so the origin is built by hand; Chromium treats our registered standard scheme the same way.
 */
export function originOf(url: string): string | null {
  try {
    const u = new URL(url);
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** Our own page: the app:// origin, or the dev server in development. */
export function createOwnUrlCheck(origins: readonly string[]): (url: string) => boolean {
  const allowed = new Set(origins.map(originOf).filter((o): o is string => o !== null));
  return (url) => {
    const origin = originOf(url);
    return origin !== null && allowed.has(origin);
  };
}

export interface HardenOptions {
  isOwnUrl(url: string): boolean;
  /** Opens an allow-listed https URL in the system browser; ignores anything else. */
  openExternal(url: string): void;
}

/** Blocks navigation away from our page, new windows and webviews; allowed links open in the browser. */
export function hardenWebContents(contents: WebContents, { isOwnUrl, openExternal }: HardenOptions): void {
  const guard = (event: { preventDefault(): void; url?: string }, legacyUrl?: string) => {
    const url = event.url ?? legacyUrl ?? '';
    if (isOwnUrl(url)) return;
    event.preventDefault();
    openExternal(url);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-frame-navigate', (event) => {
    // Frames never load anything (CSP frame-src 'none'); this is the second lock.
    if (!event.isMainFrame) event.preventDefault();
  });
  contents.setWindowOpenHandler(({ url }) => {
    openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/** F12, Ctrl/Cmd+Shift+I/J/C and Cmd+Alt+I/J/C: the shortcuts Chromium and the default menu bind to DevTools. */
export function isDevToolsShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  if (input.key === 'F12') return true;
  const panel = ['i', 'j', 'c'].includes(input.key.toLowerCase());
  return panel && (((input.control || input.meta) && input.shift) || (input.meta && input.alt));
}

/**
 * Packaged builds: DevTools are already off in webPreferences; this swallows their shortcuts and closes them
 * should anything open them anyway (belt and braces).
 */
export function blockDevTools(contents: WebContents): void {
  contents.on('before-input-event', (event, input) => {
    if (isDevToolsShortcut(input)) event.preventDefault();
  });
  contents.on('devtools-opened', () => contents.closeDevTools());
}

/** The app needs no camera, microphone, notifications API, geolocation, HID, USB or serial: deny all. */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

export interface ExternalUrlPolicy {
  isAllowed(url: string): boolean;
  /** Opens an allowed URL in the system browser; anything else is refused (and reported). */
  open(url: string): void;
  /** The authority host follows the cloud settings (custom clouds, national clouds). */
  setCloud(cloud: CloudSettings): void;
}

export function createExternalUrlPolicy(o: {
  env: CloudEnv;
  openExternal(url: string): Promise<void>;
  onRefused(url: string): void;
}): ExternalUrlPolicy {
  let hosts = [...helpHosts];
  const isAllowed = (url: string) => isAllowedExternalUrl(url, hosts);
  return {
    isAllowed,
    open(url) {
      if (isAllowed(url)) void o.openExternal(url);
      else o.onRefused(url);
    },
    setCloud(cloud) {
      hosts = [...helpHosts, ...authorityHosts(cloud, o.env)];
    },
  };
}
