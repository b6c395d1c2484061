// Finds the Electron binary WITHOUT loading the `electron` package: its index.js downloads the binary when it is
// missing (and kills the process if it cannot). We read the package's path.txt and check the file it names.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * @param {string} root the project folder (whose node_modules is searched)
 * @returns {{ ok: true, binary: string } | { ok: false, why: string }}
 */
export function findElectronBinary(root) {
  let dir;
  try {
    dir = path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return { ok: false, why: 'the electron package is not installed (node_modules/electron is missing)' };
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) {
    return { ok: false, why: `the Electron binary was never downloaded (${path.relative(root, pathFile)} is missing)` };
  }
  const name = readFileSync(pathFile, 'utf8').trim();
  const binary = override ? path.join(override, name) : path.join(dir, 'dist', name);
  if (!existsSync(binary)) return { ok: false, why: `the Electron binary ${path.relative(root, binary)} is missing` };
  return { ok: true, binary };
}

/** One paragraph for a person who ran `npm start` or `npm run dev` without the binary. */
export function missingElectronMessage(why) {
  return [
    `OneDrive Mirror cannot start the desktop app here: ${why}.`,
    "npm ci downloads it from GitHub in the electron package's install script, which needs Node.js 22.12 or newer",
    'and network access, and is skipped when ELECTRON_SKIP_BINARY_DOWNLOAD=1 is set.',
    'To get it: on Node 22.12+ with network access, run `node node_modules/electron/install.js` (or `npm ci` again).',
    'Without Electron, `npm run demo` shows the same app in your browser against a fake OneDrive (no account needed),',
    'and `npm run cli -- --help` is the command line.',
  ].join('\n');
}
