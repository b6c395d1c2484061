/** The version printed by `--version`, injected at build time (tsx from a checkout reads package.json). */
import { readFileSync } from 'node:fs';

declare const __APP_VERSION__: string | undefined;

function readVersion(): string {
  if (typeof __APP_VERSION__ === 'string') return __APP_VERSION__;
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    return pkg.version;
  } catch {
    return '0.0.0';
  }
}

export const CLI_VERSION = readVersion();
