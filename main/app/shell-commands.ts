/**
 * The Electron side of commands that need the desktop: the native folder picker (`dialog:chooseDirectory`),
 * opening a local folder and the logs folder. Shaped as the core's ShellLike (plus openLogs).
 */
import { mkdir } from 'node:fs/promises';
import { type BrowserWindow, dialog, shell } from 'electron';
import { openFolderSafely } from './open-folder';

export interface ShellCommands {
  chooseDirectory(defaultPath: string | null): Promise<string | null>;
  openPath(path: string): Promise<void>;
  openLogs(dir: string): Promise<void>;
}

export function createShellCommands(getWindow: () => BrowserWindow | null): ShellCommands {
  // Only folders are ever opened (sync roots, logs): never a file or an app bundle, which would run.
  const openPath = (target: string) =>
    openFolderSafely(target, { platform: process.platform, openPath: (p) => shell.openPath(p) });
  return {
    async chooseDirectory(defaultPath) {
      const win = getWindow();
      const options: Electron.OpenDialogOptions = {
        title: 'Choose the local folder',
        buttonLabel: 'Use this folder',
        properties: ['openDirectory', 'createDirectory', 'promptToCreate', 'dontAddToRecent'],
        ...(defaultPath ? { defaultPath } : {}),
      };
      const result = win && !win.isDestroyed() ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    openPath,
    async openLogs(dir) {
      await mkdir(dir, { recursive: true });
      await openPath(dir);
    },
  };
}
