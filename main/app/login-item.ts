/**
 * Launch at login: Electron's login item settings on Windows and macOS; an XDG autostart .desktop file on
 * Linux (Electron has no API there). The app starts hidden (tray only) when launched this way.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { App } from 'electron';

export const HIDDEN_ARG = '--hidden';
const DESKTOP_FILE = 'onedrive-mirror.desktop';

/** Quotes one Exec argument per the Desktop Entry spec (reserved characters inside double quotes). */
export function quoteExecArg(arg: string): string {
  if (/^[A-Za-z0-9_@+=:,./-]+$/.test(arg)) return arg;
  const escaped = arg.replace(/(["`$\\])/g, '\\$1');
  // In a .desktop value a backslash itself must be doubled once more, and % is a field code.
  return `"${escaped.replace(/\\/g, '\\\\').replace(/%/g, '%%')}"`;
}

/** The autostart entry's text (pure). */
export function autostartDesktopEntry(o: { name: string; exec: string[]; comment?: string }): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    `Name=${o.name}`,
    `Comment=${o.comment ?? 'Keeps OneDrive folders mirrored to this computer'}`,
    `Exec=${o.exec.map(quoteExecArg).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    'NoDisplay=false',
    '',
  ].join('\n');
}

/** ~/.config/autostart/onedrive-mirror.desktop, honouring XDG_CONFIG_HOME. */
export function autostartFile(env: Record<string, string | undefined>, home: string): string {
  const configHome =
    env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config');
  return path.join(configHome, 'autostart', DESKTOP_FILE);
}

/** Writes or removes the autostart entry. */
export async function setXdgAutostart(file: string, entry: string | null): Promise<void> {
  if (entry === null) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, entry, { mode: 0o644 });
}

export interface LoginItemOptions {
  app: Pick<App, 'setLoginItemSettings' | 'getLoginItemSettings'>;
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  home: string;
  execPath: string;
}

export interface LoginItem {
  set(enabled: boolean): Promise<void>;
  get(): boolean;
}

export function createLoginItem({ app, platform, env, home, execPath }: LoginItemOptions): LoginItem {
  if (platform === 'linux') {
    const file = autostartFile(env, home);
    // An AppImage runs from a temporary mount: autostart must point at the AppImage file itself.
    const exec = [env.APPIMAGE ?? execPath, HIDDEN_ARG];
    return {
      set: (enabled) => setXdgAutostart(file, enabled ? autostartDesktopEntry({ name: 'OneDrive Mirror', exec }) : null),
      get: () => existsSync(file),
    };
  }
  return {
    async set(enabled) {
      // Windows passes --hidden; macOS reports wasOpenedAtLogin instead (it takes no arguments).
      app.setLoginItemSettings({ openAtLogin: enabled, ...(platform === 'win32' ? { args: [HIDDEN_ARG] } : {}) });
    },
    get: () => app.getLoginItemSettings(platform === 'win32' ? { args: [HIDDEN_ARG] } : undefined).openAtLogin,
  };
}

/** Was this launch an automatic one at login (start in the tray, no window)? */
export function launchedHidden(
  argv: readonly string[],
  app: Pick<App, 'getLoginItemSettings'>,
  platform: NodeJS.Platform,
): boolean {
  if (argv.includes(HIDDEN_ARG)) return true;
  return platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
}
