/**
 * The CLI's BrowserOpener: the platform's own opener, spawned detached without a shell (the URL is one argv
 * entry, never parsed by a shell), http(s) URLs only.
 */
import { spawn } from 'node:child_process';
import { AppError } from '../core/errors';
import type { BrowserOpener } from '../core/ports';

export interface OpenCommand {
  command: string;
  args: string[];
}

/** The command that opens `url` on `platform`. Pure. */
export function openCommandFor(url: string, platform: NodeJS.Platform): OpenCommand {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError('bad_input', 'Refusing to open something that is not a URL.');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AppError('bad_input', `Refusing to open a ${parsed.protocol} URL in the browser.`);
  }
  const href = parsed.href;
  switch (platform) {
    case 'darwin':
      return { command: 'open', args: [href] };
    case 'win32':
      // `start` is a cmd built-in; rundll32 opens the default browser without a shell parsing the URL.
      return { command: 'rundll32', args: ['url.dll,FileProtocolHandler', href] };
    default:
      return { command: 'xdg-open', args: [href] };
  }
}

/** False where no browser can appear (Linux/BSD without a display): the CLI then suggests --device-code. */
export function canOpenBrowser(
  env: Readonly<Record<string, string | undefined>> = process.env,
  platform: NodeJS.Platform = process.platform,
): boolean {
  if (platform === 'darwin' || platform === 'win32') return true;
  return Boolean(env.DISPLAY || env.WAYLAND_DISPLAY);
}

type Spawn = typeof spawn;

export function createNodeBrowserOpener(opts: { platform?: NodeJS.Platform; spawn?: Spawn } = {}): BrowserOpener {
  const platform = opts.platform ?? process.platform;
  const doSpawn = opts.spawn ?? spawn;
  return {
    open(url: string): Promise<void> {
      const { command, args } = openCommandFor(url, platform);
      return new Promise((resolve, reject) => {
        const child = doSpawn(command, args, { detached: true, stdio: 'ignore', shell: false });
        child.once('error', (e: NodeJS.ErrnoException) =>
          reject(
            new AppError(
              'not_configured',
              `Could not start ${command} to open a browser (${e.code ?? e.message}). Try --device-code.`,
            ),
          ),
        );
        child.once('spawn', () => {
          child.unref();
          resolve();
        });
      });
    },
  };
}
