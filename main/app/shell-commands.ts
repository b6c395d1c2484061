/**
 * The Electron side of commands that need the desktop: the native folder picker (`dialog:chooseDirectory`),
 * opening a local folder and the logs folder. Shaped as the core's ShellLike (plus openLogs).
 */
import { mkdir } from 'node:fs/promises';
import { type BrowserWindow, dialog, shell } from 'electron';
import { AppError } from '../core/errors';

export interface ShellCommands {
  chooseDirectory(defaultPath: string | null): Promise<string | null>;
  openPath(path: string): Promise<void>;
  openLogs(dir: string): Promise<void>;
}

export function createShellCommands(getWindow: () => BrowserWindow | null): ShellCommands {
  const openPath = async (target: string) => {
    // shell.openPath resolves to an error message ('' on success) instead of rejecting.
    const error = await shell.openPath(target);
    if (error) throw new AppError('not_found', `Could not open ${target}: ${error}`);
  };
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
