import { mkdir, mkdtemp, readFile, rm, symlink, writeFile, lstat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isSameFile, openTemp, stampTemp } from './temp-file';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'temp-file-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('openTemp', () => {
  it('resumes a regular partial: opened for appending, its size reported', async () => {
    const p = join(dir, 't.partial');
    await writeFile(p, 'abc');
    const { file, size } = await openTemp(p);
    expect(size).toBe(3);
    await file.write('def');
    await file.close();
    expect(await readFile(p, 'utf8')).toBe('abcdef');
  });

  it.each([
    ['a symbolic link', async (p: string) => symlink(join(dir, 'target'), p)],
    ['a folder', async (p: string) => mkdir(join(p, 'inner'), { recursive: true })],
  ])('removes %s at the name, reports it and starts a fresh file', async (what, plant) => {
    const p = join(dir, 't.partial');
    await writeFile(join(dir, 'target'), 'outside');
    await plant(p);
    const removed: string[] = [];
    const { file, size } = await openTemp(p, (w) => removed.push(w));
    expect(size).toBe(0);
    await file.write('new');
    await file.close();
    expect(removed).toEqual([what]);
    expect((await lstat(p)).isFile()).toBe(true);
    expect(await readFile(join(dir, 'target'), 'utf8')).toBe('outside');
  });
});

describe('stampTemp', () => {
  it('refuses a link at the temp path and leaves its target alone', async () => {
    const p = join(dir, 't.partial');
    await writeFile(join(dir, 'target'), 'outside');
    const before = (await lstat(join(dir, 'target'))).mtimeMs;
    await symlink(join(dir, 'target'), p);
    await expect(stampTemp(p, new Date(0), new Date(0))).rejects.toThrow(/replaced/);
    expect((await lstat(join(dir, 'target'))).mtimeMs).toBe(before);
  });

  it('stamps a regular file and names it for the check before the rename', async () => {
    const p = join(dir, 't.partial');
    await writeFile(p, 'x');
    const id = await stampTemp(p, new Date(1_000), new Date(2_000));
    expect((await lstat(p)).mtimeMs).toBe(2_000);
    expect(await isSameFile(p, id)).toBe(true);
    await rm(p);
    await symlink(join(dir, 'elsewhere'), p);
    expect(await isSameFile(p, id)).toBe(false);
  });
});

describe('openTemp errors', () => {
  it('says plainly when the folder is gone instead of retrying', async () => {
    await expect(openTemp(join(dir, 'missing', 't.partial'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
