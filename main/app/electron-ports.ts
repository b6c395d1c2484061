/** Electron implementations of the core's ports: Trash, BrowserOpener, PowerEvents. */
import { powerMonitor, shell } from 'electron';
import type { BrowserOpener, PowerEvents, Trash } from '../core/ports';
import { AppError } from '../core/errors';

export function createElectronTrash(): Trash {
  return { trash: (absolutePath) => shell.trashItem(absolutePath) };
}

/** Opens only URLs the allow-list accepts (sign-in authority hosts, Microsoft help pages). */
export function createElectronBrowserOpener(isAllowed: (url: string) => boolean): BrowserOpener {
  return {
    async open(url) {
      if (!isAllowed(url))
        throw new AppError('access_denied', 'Refused to open that address in the browser: it is not on the allow-list.');
      await shell.openExternal(url, { activate: true });
    },
  };
}

export function createElectronPowerEvents(): PowerEvents {
  return {
    on(event, listener) {
      // powerMonitor's overloads are per event name; both events take no arguments.
      const monitor = powerMonitor as unknown as {
        on(e: string, l: () => void): void;
        off(e: string, l: () => void): void;
      };
      monitor.on(event, listener);
      return () => monitor.off(event, listener);
    },
  };
}
