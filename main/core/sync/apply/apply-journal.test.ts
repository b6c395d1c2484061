import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalFs } from './apply-fs';
import { appendMove, markRenamesDone, replayJournal } from './apply-journal';
import type { ManifestEntry } from '../types';

let root: string;
let journal: string;
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-journal-'));
  journal = `${root}.moves.jsonl`;
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
  await fs.rm(journal, { force: true });
});

const entry = (
  id: string,
  parentId: string | null,
  name: string,
  p: string,
  kind: 'file' | 'folder' = 'file',
): ManifestEntry => ({
  id,
  parentId,
  name,
  path: p,
  kind,
  eTag: null,
  cTag: null,
  size: 0,
  quickXorHash: null,
  remoteMtimeMs: 0,
  localSize: null,
  localMtimeMs: null,
});

/** Renames on disk the way apply does: journal line first. */
async function move(id: string, parentId: string | null, from: string, to: string): Promise<void> {
  const st = await fs.lstat(path.join(root, from));
  await appendMove(journal, { id, parentId, from, to, ino: st.ino, mtimeMs: st.mtimeMs });
  await fs.rename(path.join(root, from), path.join(root, to));
}

describe('move journal', () => {
  it('puts items where their last rename left them, even from a checkpoint taken mid-run', async () => {
    await fs.mkdir(path.join(root, 'F'));
    await fs.writeFile(path.join(root, 'F/x'), 'x');
    const start = new Map([
      ['r', entry('r', null, '', '', 'folder')],
      ['f', entry('f', 'r', 'F', 'F', 'folder')],
      ['x', entry('x', 'f', 'x', 'F/x')],
    ]);
    await move('x', 'f', 'F/x', 'F/y'); // a file renamed inside its folder, then the folder moves
    await move('f', 'r', 'F', 'G');
    const m = new Map(start);
    expect(await replayJournal(journal, createLocalFs(root), m)).toBe(2);
    expect(m.get('f')!.path).toBe('G');
    expect(m.get('x')!.path).toBe('G/y');
  });

  it('ignores a last record whose rename never happened (killed in between)', async () => {
    await fs.writeFile(path.join(root, 'a'), 'a');
    const st = await fs.lstat(path.join(root, 'a'));
    await appendMove(journal, { id: 'a', parentId: 'r', from: 'a', to: 'b', ino: st.ino, mtimeMs: st.mtimeMs });
    const m = new Map([
      ['r', entry('r', null, '', '', 'folder')],
      ['a', entry('a', 'r', 'a', 'a')],
    ]);
    expect(await replayJournal(journal, createLocalFs(root), m)).toBe(0);
    expect(m.get('a')!.path).toBe('a');
  });

  it('trusts every record once the renames were marked done', async () => {
    await fs.writeFile(path.join(root, 'a'), 'a');
    await move('a', 'r', 'a', 'b');
    await markRenamesDone(journal);
    await fs.writeFile(path.join(root, 'a'), 'a new file where the old one was');
    const m = new Map([
      ['r', entry('r', null, '', '', 'folder')],
      ['a', entry('a', 'r', 'a', 'a')],
    ]);
    expect(await replayJournal(journal, createLocalFs(root), m)).toBe(1);
    expect(m.get('a')!.path).toBe('b');
  });

  it('reads nothing when there is no journal', async () => {
    expect(await replayJournal(journal, createLocalFs(root), new Map())).toBe(0);
  });
});
