/** A flag that is true once per installation (e.g. "the close-to-tray hint was shown"), kept as a file. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface OnceFlag {
  /** True the first time only (then persisted); false ever after, also after a restart. */
  take(): boolean;
}

export function createOnceFlag(file: string): OnceFlag {
  let taken = existsSync(file);
  return {
    take() {
      if (taken) return false;
      taken = true;
      try {
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, new Date().toISOString());
      } catch {
        // Not fatal: at worst the hint shows again next time.
      }
      return true;
    },
  };
}
