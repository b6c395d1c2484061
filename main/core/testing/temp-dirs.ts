/**
 * Temp folders for a test file that are removed when the file's tests are done: call `useTempDirs()` at the top
 * level of the file (it registers an afterAll), then `await temp.make('odm-x-')` or `temp.makeSync('odm-x-')`.
 */
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export interface TempDirs {
  make(prefix: string): Promise<string>;
  makeSync(prefix: string): string;
}

export function useTempDirs(): TempDirs {
  const made: string[] = [];
  afterAll(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true, maxRetries: 3 })));
  });
  return {
    async make(prefix) {
      const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
    makeSync(prefix) {
      const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
      made.push(dir);
      return dir;
    },
  };
}
