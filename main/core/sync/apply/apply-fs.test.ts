import { mkdir, mkdtemp, rename, rm, symlink, writeFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalFs, recoverInterruptedMoves, SkipError } from './apply-fs';

let base = '';
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'apply-fs-'));
  await mkdir(join(base, 'root', 'Sub'), { recursive: true });
  await mkdir(join(base, 'outside'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('ensureInside', () => {
  it('accepts folders inside the root, also when the root itself is a link the user chose', async () => {
    await expect(createLocalFs(join(base, 'root')).ensureInside('Sub')).resolves.toBeUndefined();
    await symlink(join(base, 'root'), join(base, 'chosen'));
    const lfs = createLocalFs(join(base, 'chosen'));
    await expect(lfs.ensureInside('')).resolves.toBeUndefined();
    await expect(lfs.ensureInside('Sub')).resolves.toBeUndefined();
  });

  it('refuses a folder swapped for a link that leads outside, also below it', async () => {
    const lfs = createLocalFs(join(base, 'root'));
    await lfs.ensureSafeDir('Sub'); // verified before the swap, as during a run
    await rm(join(base, 'root', 'Sub'), { recursive: true });
    await mkdir(join(base, 'outside', 'Deeper'));
    await symlink(join(base, 'outside'), join(base, 'root', 'Sub'));
    await expect(lfs.ensureInside('Sub')).rejects.toBeInstanceOf(SkipError);
    await expect(lfs.ensureInside('Sub/Deeper')).rejects.toBeInstanceOf(SkipError);
  });

  it('refuses a folder below one that was moved out and replaced by a link, also after it was found inside', async () => {
    const lfs = createLocalFs(join(base, 'root'));
    await mkdir(join(base, 'root', 'Sub', 'Deeper'));
    await expect(lfs.ensureInside('Sub/Deeper')).resolves.toBeUndefined();
    // The same folders (same inodes) now lie outside: only a check of the whole path sees it.
    await rename(join(base, 'root', 'Sub'), join(base, 'outside', 'Sub'));
    await symlink(join(base, 'outside', 'Sub'), join(base, 'root', 'Sub'));
    await expect(lfs.ensureInside('Sub/Deeper')).rejects.toBeInstanceOf(SkipError);
  });

  it('keeps setAside and interrupted-move recovery from renaming anything outside', async () => {
    const lfs = createLocalFs(join(base, 'root'));
    await rm(join(base, 'root', 'Sub'), { recursive: true });
    await symlink(join(base, 'outside'), join(base, 'root', 'Sub'));
    await writeFile(join(base, 'outside', 'victim.txt'), 'v');
    await writeFile(join(base, 'outside', '.odm-x.moving'), 'm');
    await expect(lfs.setAside('Sub/victim.txt', null, 0)).rejects.toBeInstanceOf(SkipError);
    await recoverInterruptedMoves(lfs, [{ temp: 'Sub/.odm-x.moving', path: 'Sub/moved.txt' }]);
    expect((await readdir(join(base, 'outside'))).sort()).toEqual(['.odm-x.moving', 'victim.txt']);
  });
});
