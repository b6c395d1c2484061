import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ManifestEntry } from './types';
import { createCheckpointer, decodeState, encodeState, loadState, removeSyncState, saveState, type SyncState } from './manifest-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'odm-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const entry = (id: string, parentId: string | null, name: string, p: string, kind: 'file' | 'folder' = 'file'): ManifestEntry => ({
  id,
  parentId,
  name,
  path: p,
  kind,
  eTag: `"{${id}},1"`,
  cTag: kind === 'file' ? `"c:{${id}},1"` : null,
  size: kind === 'file' ? 10 : 0,
  quickXorHash: kind === 'file' ? 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' : null,
  remoteMtimeMs: 1_700_000_000_000,
  localSize: kind === 'file' ? 10 : null,
  localMtimeMs: kind === 'file' ? 1_700_000_000_000.5 : null,
});

function bigState(n: number): SyncState {
  const manifest = new Map<string, ManifestEntry>();
  manifest.set('root', entry('root', null, 'Docs', '', 'folder'));
  for (let f = 0; f < n / 100; f++) {
    manifest.set(`d${f}`, entry(`d${f}`, 'root', `folder ${f}`, `folder ${f}`, 'folder'));
    for (let i = 0; i < 100; i++) manifest.set(`f${f}.${i}`, entry(`f${f}.${i}`, `d${f}`, `file ${i}.txt`, `folder ${f}/file ${i}.txt`));
  }
  return { deltaLink: 'https://graph/delta?token=abc', manifest, pendingDeletes: null, partials: [] };
}

describe('manifest store', () => {
  it('round-trips entries, deriving paths from parents (children before parents too)', () => {
    const manifest = new Map<string, ManifestEntry>([
      ['c', entry('c', 'b', 'c.txt', 'B/c.txt')],
      ['b', entry('b', 'root', 'B', 'B', 'folder')],
      ['root', entry('root', null, 'Docs', '', 'folder')],
      ['t', entry('t', 'b', '.odm-t.moving', 'B/.odm-t.moving')],
    ]);
    const state: SyncState = { deltaLink: 'x', manifest, pendingDeletes: [{ path: 'B/c.txt', size: 10 }], partials: ['B/.odm-c.partial'] };
    const back = decodeState(encodeState(state));
    expect([...back.manifest.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual([...manifest.values()].sort((a, b) => a.id.localeCompare(b.id)));
    expect(back.pendingDeletes).toEqual(state.pendingDeletes);
    expect(back.partials).toEqual(state.partials);
  });

  it('saves and loads 100k entries fast and compactly', async () => {
    const state = bigState(100_000);
    const t0 = performance.now();
    await saveState(dir, 'cfg1', state);
    const t1 = performance.now();
    const back = await loadState(dir, 'cfg1');
    const t2 = performance.now();
    expect(back!.manifest.size).toBe(state.manifest.size);
    expect(back!.manifest.get('f999.99')!.path).toBe('folder 999/file 99.txt');
    const bytes = (await readFile(path.join(dir, 'cfg1.json'))).length;
    expect(bytes / state.manifest.size).toBeLessThan(160);
    expect(t1 - t0).toBeLessThan(1_500);
    expect(t2 - t1).toBeLessThan(1_500);
  });

  it('leaves no temp file behind and treats a missing file as never synced', async () => {
    expect(await loadState(dir, 'none')).toBeNull();
    await saveState(dir, 'cfg', bigState(100));
    await saveState(dir, 'cfg', bigState(200));
    expect(await readdir(dir)).toEqual(['cfg.json']);
    await removeSyncState(dir, 'cfg');
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps a corrupt state file aside instead of failing every run', async () => {
    await writeFile(path.join(dir, 'cfg.json'), '{"version":1,"entr');
    expect(await loadState(dir, 'cfg')).toBeNull();
    expect((await readdir(dir))[0]).toMatch(/^cfg\.json\.corrupt-/);
  });

  it('refuses config ids that could escape the state folder', async () => {
    await expect(saveState(dir, '../evil', bigState(100))).rejects.toThrow(/Unsafe/);
  });
});

describe('checkpointer', () => {
  it('saves after a batch of files or after some time, one save at a time', async () => {
    let t = 0;
    let saves = 0;
    const cp = createCheckpointer(async () => void saves++, { everyFiles: 3, everyMs: 1_000, now: () => t });
    cp.note();
    cp.note();
    await cp.flush();
    expect(saves).toBe(1);
    cp.note();
    cp.note();
    cp.note();
    t = 10;
    await Promise.resolve();
    await cp.flush();
    expect(saves).toBe(3);
    t = 5_000;
    cp.note();
    await cp.flush();
    expect(saves).toBe(5);
  });
});

describe('checkpointer pacing', () => {
  it('waits at least 20x the last save duration before saving again', async () => {
    let t = 0;
    let saves = 0;
    const cp = createCheckpointer(
      async () => {
        saves++;
        t += 100; // each save "takes" 100 ms
      },
      { everyFiles: 1, everyMs: 1_000, now: () => t },
    );
    await cp.flush();
    expect(saves).toBe(1);
    cp.note();
    t += 1_000; // 1 s later: still under 20 x 100 ms
    cp.note();
    await Promise.resolve();
    expect(saves).toBe(1);
    t += 1_500;
    cp.note();
    await cp.flush();
    expect(saves).toBe(3);
  });
});
