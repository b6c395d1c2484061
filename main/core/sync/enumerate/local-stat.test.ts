import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freeBytes, hashLocal, isCaseInsensitive, statLocal } from './local-stat';

let root: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-stat-'));
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

describe('local facts', () => {
  it('lstats without following symlinks and leaves absent paths out', async () => {
    await fs.mkdir(path.join(root, 'dir'));
    await fs.writeFile(path.join(root, 'dir/f.txt'), 'hello');
    await fs.symlink(path.join(root, 'dir'), path.join(root, 'link'));
    const m = await statLocal(root, ['dir', 'dir/f.txt', 'link', 'missing', 'dir/f.txt/under-a-file']);
    expect(m.get('dir')?.kind).toBe('folder');
    expect(m.get('dir/f.txt')).toMatchObject({ kind: 'file', size: 5 });
    expect(m.get('link')?.kind).toBe('symlink');
    expect(m.has('missing')).toBe(false);
    expect(m.has('dir/f.txt/under-a-file')).toBe(false);
  });

  it('hashes files with QuickXorHash', async () => {
    await fs.writeFile(path.join(root, 'h.txt'), 'hello world');
    expect((await hashLocal(root, ['h.txt'])).get('h.txt')).toBe('aCgDG9jwBhDc4Q1yawMZAAAAAAA=');
  });

  it('reports free space and probes case sensitivity without leaving a file behind', async () => {
    expect(await freeBytes(root)).toBeGreaterThan(0);
    expect(typeof (await isCaseInsensitive(root))).toBe('boolean');
    expect(await fs.readdir(root)).toEqual([]);
  });
});
