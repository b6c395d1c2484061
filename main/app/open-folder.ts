/**
 * Opening a sync root or the logs folder in the file manager. shell.openPath runs whatever it is given with its
 * default handler: an executable runs, a macOS application bundle (a folder named *.app) launches. So only a real
 * directory (after symlinks) that is not inside a bundle is opened; anything else is refused.
 */
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../core/errors';

export interface OpenFolderDeps {
  platform: NodeJS.Platform;
  /** Electron's shell.openPath: resolves to an error message, '' on success. */
  openPath(target: string): Promise<string>;
}

/** macOS opens these folder types as applications or plug-ins rather than showing their contents. */
const bundleSuffix = /\.(app|bundle|framework|plugin|kext|prefpane|saver|appex|xpc|qlgenerator|mdimporter|workflow|action)$/i;

export async function openFolderSafely(target: string, deps: OpenFolderDeps): Promise<void> {
  const real = await realpath(target).catch(() => null);
  const info = real ? await stat(real).catch(() => null) : null;
  if (!real || !info) throw new AppError('not_found', `Could not open ${target}: it does not exist.`);
  if (!info.isDirectory()) throw new AppError('access_denied', `${target} is not a folder, so it is not opened.`);
  if (deps.platform === 'darwin' && real.split(path.sep).some((s) => bundleSuffix.test(s))) {
    throw new AppError('access_denied', `${target} is inside an application bundle, so it is not opened.`);
  }
  const error = await deps.openPath(real);
  if (error) throw new AppError('not_found', `Could not open ${target}: ${error}`);
}
