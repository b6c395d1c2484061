/**
 * A Trash port for the story: moves what the core trashes into one known folder, so a spec can see that the
 * files went to the trash (and not simply vanished). Names that collide get a numbered suffix.
 */
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Trash } from '../../main/core/ports';

export interface FolderTrash extends Trash {
  dir: string;
  /** Base names of everything in the trash folder, sorted. */
  contents(): Promise<string[]>;
}

export function createFolderTrash(dir: string): FolderTrash {
  let moved = 0;
  return {
    dir,
    async trash(p) {
      await mkdir(dir, { recursive: true });
      const base = path.basename(p);
      const existing = new Set(await readdir(dir));
      const name = existing.has(base) ? `${base} (${++moved})` : base;
      const target = path.join(dir, name);
      try {
        await rename(p, target);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EXDEV') throw e;
        await cp(p, target, { recursive: true });
        await rm(p, { recursive: true, force: true });
      }
    },
    async contents() {
      await mkdir(dir, { recursive: true });
      return (await readdir(dir)).sort();
    },
  };
}
