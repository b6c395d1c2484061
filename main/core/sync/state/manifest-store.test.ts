import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { promises as fsp } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ManifestEntry } from '../types';
import {
  decodeStateSteps,
  encodeState,
  loadState,
  openState,
  removeSyncState,
  saveState,
  type SyncState,
} from './manifest-store';
import { runSteps } from '../steps';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'odm-state-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
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
    for (let i = 0; i < 100; i++)
      manifest.set(`f${f}.${i}`, entry(`f${f}.${i}`, `d${f}`, `file ${i}.txt`, `folder ${f}/file ${i}.txt`));
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
    const state: SyncState = {
      deltaLink: 'x',
      manifest,
      pendingDeletes: [{ path: 'B/c.txt', size: 10 }],
      partials: ['B/.odm-c.partial'],
    };
    const back = runSteps(decodeStateSteps(encodeState(state)));
    expect([...back.manifest.values()].sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      [...manifest.values()].sort((a, b) => a.id.localeCompare(b.id)),
    );
    expect(back.pendingDeletes).toEqual(state.pendingDeletes);
    expect(back.partials).toEqual(state.partials);
  });

  it('saves and loads 100k entries compactly (timings: npm run bench)', async () => {
    const state = bigState(100_000);
    await saveState(dir, 'cfg1', state);
    const back = await loadState(dir, 'cfg1');
    expect(back!.manifest.size).toBe(state.manifest.size);
    expect(back!.manifest.get('f999.99')!.path).toBe('folder 999/file 99.txt');
    const bytes = (await readFile(path.join(dir, 'cfg1.json'))).length;
    expect(bytes / state.manifest.size).toBeLessThan(160);
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

describe('checkpoint journal', () => {
  const files = async (): Promise<string[]> => (await readdir(dir)).sort();
  const journalFile = (): string => path.join(dir, 'cfg.checkpoints.jsonl');

  it('appends only what changed, and a reopen sees base plus journal', async () => {
    await saveState(dir, 'cfg', bigState(1_000));
    const baseBefore = await readFile(path.join(dir, 'cfg.json'), 'utf8');
    const st = await openState(dir, 'cfg');
    expect(st.existed).toBe(true);
    const m = st.state.manifest;
    m.set('f3.7', { ...m.get('f3.7')!, localSize: 11 });
    m.delete('f4.1');
    await st.checkpoint({ partials: ['folder 5/.odm-x.partial'] });
    m.set('new', entry('new', 'd1', 'new.txt', 'folder 1/new.txt'));
    await st.checkpoint({ deltaLink: 'https://graph/delta?token=next' });

    expect(await readFile(path.join(dir, 'cfg.json'), 'utf8')).toBe(baseBefore); // not rewritten
    const journal = await readFile(journalFile(), 'utf8');
    expect(journal.split('\n').filter(Boolean)).toHaveLength(3); // generation + two checkpoints
    expect(journal.length).toBeLessThan(1_000);

    const back = await openState(dir, 'cfg');
    expect(back.state.manifest.size).toBe(m.size);
    expect(back.state.manifest.get('f3.7')!.localSize).toBe(11);
    expect(back.state.manifest.has('f4.1')).toBe(false);
    expect(back.state.manifest.get('new')!.path).toBe('folder 1/new.txt');
    expect(back.state.deltaLink).toBe('https://graph/delta?token=next');
    expect(back.state.partials).toEqual(['folder 5/.odm-x.partial']);
  });

  it('ignores a torn last line (a kill mid-append) and keeps every complete one', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const st = await openState(dir, 'cfg');
    st.state.manifest.delete('f0.1');
    await st.checkpoint();
    st.state.manifest.delete('f0.2');
    await st.checkpoint();
    const text = await readFile(journalFile(), 'utf8');
    await writeFile(journalFile(), text.slice(0, -5));
    const back = await openState(dir, 'cfg');
    expect(back.state.manifest.has('f0.1')).toBe(false);
    expect(back.state.manifest.has('f0.2')).toBe(true);
  });

  it('ignores and removes a journal that a later full save already folded in', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const st = await openState(dir, 'cfg');
    st.state.manifest.delete('f0.1');
    await st.checkpoint();
    const stale = await readFile(journalFile(), 'utf8');
    await saveState(dir, 'cfg', bigState(100)); // f0.1 is back in this generation
    await writeFile(journalFile(), stale);
    const back = await openState(dir, 'cfg');
    expect(back.state.manifest.has('f0.1')).toBe(true);
    expect(await files()).toEqual(['cfg.json']);
  });

  it('writes the whole file on the first save of a new config, then appends', async () => {
    const st = await openState(dir, 'cfg');
    expect(st.existed).toBe(false);
    st.state.manifest.set('root', entry('root', null, 'Docs', '', 'folder'));
    await st.checkpoint();
    expect(await files()).toEqual(['cfg.json']);
    st.state.manifest.set('a', entry('a', 'root', 'a.txt', 'a.txt'));
    await st.checkpoint();
    expect(await files()).toEqual(['cfg.checkpoints.jsonl', 'cfg.json']);
    expect((await loadState(dir, 'cfg'))!.manifest.get('a')!.path).toBe('a.txt');
  });

  it('folds a big journal into the file at commit, and keeps a small one', async () => {
    await saveState(dir, 'cfg', bigState(1_000));
    const st = await openState(dir, 'cfg');
    st.state.manifest.delete('f0.0');
    await st.commit({ deltaLink: 'd2' });
    expect(await files()).toEqual(['cfg.checkpoints.jsonl', 'cfg.json']);
    // Rewrite every entry a few times: the journal outgrows a quarter of the file (and 256 KiB).
    for (let round = 0; round < 4; round++) {
      for (const [id, e] of st.state.manifest) st.state.manifest.set(id, { ...e, localMtimeMs: round });
      await st.checkpoint();
    }
    await st.commit({ deltaLink: 'd3' });
    expect(await files()).toEqual(['cfg.json']);
    const back = await loadState(dir, 'cfg');
    expect(back!.deltaLink).toBe('d3');
    expect(back!.manifest.get('f9.9')!.localMtimeMs).toBe(3);
    expect(back!.manifest.has('f0.0')).toBe(false);
  });

  it('after a failed append, writes the whole file next time instead of appending after a possibly torn line', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const st = await openState(dir, 'cfg');
    await mkdir(journalFile()); // appending fails (EISDIR)
    st.state.manifest.delete('f0.1');
    await expect(st.checkpoint()).rejects.toThrow();
    await rm(journalFile(), { recursive: true });
    st.state.manifest.delete('f0.2');
    await st.checkpoint();
    expect(await files()).toEqual(['cfg.json']);
    const back = await loadState(dir, 'cfg');
    expect(back!.manifest.has('f0.1')).toBe(false);
    expect(back!.manifest.has('f0.2')).toBe(false);
  });

  it('reads a state file from before journals (no generation) and a reformatted one', async () => {
    const state = bigState(100);
    const old = encodeState(state).replace(/"gen":"[^"]*",/, '');
    await writeFile(path.join(dir, 'cfg.json'), old);
    expect((await loadState(dir, 'cfg'))!.manifest.get('f0.5')!.path).toBe('folder 0/file 5.txt');
    await writeFile(path.join(dir, 'cfg.json'), JSON.stringify(JSON.parse(old), null, 2));
    expect((await loadState(dir, 'cfg'))!.manifest.get('f0.5')!.path).toBe('folder 0/file 5.txt');
  });
});

describe('checkpoint journal across runs (crash safety)', () => {
  const journalFile = (): string => path.join(dir, 'cfg.checkpoints.jsonl');

  it('keeps every run of a state file from before journals (no generation), not only the last', async () => {
    await writeFile(path.join(dir, 'cfg.json'), encodeState(bigState(100)).replace(/"gen":"[^"]*",/, ''));
    const run1 = await openState(dir, 'cfg');
    run1.state.manifest.set('f0.1', { ...run1.state.manifest.get('f0.1')!, localSize: 11 });
    await run1.commit({ deltaLink: 'd2' });
    const run2 = await openState(dir, 'cfg');
    expect(run2.state.manifest.get('f0.1')!.localSize).toBe(11);
    run2.state.manifest.set('f0.2', { ...run2.state.manifest.get('f0.2')!, localSize: 12 });
    await run2.commit({ deltaLink: 'd3' });
    const run3 = await openState(dir, 'cfg');
    // Not d3 with run 1's download forgotten: that record would never come back in a delta again.
    expect(run3.state.deltaLink).toBe('d3');
    expect(run3.state.manifest.get('f0.1')!.localSize).toBe(11);
    expect(run3.state.manifest.get('f0.2')!.localSize).toBe(12);
  });

  it('does not append after a torn line a killed run left: the next run’s checkpoints survive', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const run1 = await openState(dir, 'cfg');
    run1.state.manifest.delete('f0.1');
    await run1.checkpoint();
    run1.state.manifest.delete('f0.2');
    await run1.checkpoint();
    const text = await readFile(journalFile(), 'utf8');
    await writeFile(journalFile(), text.slice(0, -5)); // killed mid-append
    const run2 = await openState(dir, 'cfg');
    run2.state.manifest.set('f0.3', { ...run2.state.manifest.get('f0.3')!, localSize: 13 });
    await run2.commit({ deltaLink: 'd2' });
    const run3 = await openState(dir, 'cfg');
    expect(run3.state.manifest.get('f0.3')!.localSize).toBe(13);
    expect(run3.state.deltaLink).toBe('d2');
    expect(run3.state.manifest.has('f0.1')).toBe(false);
  });

  it('does not delete a journal it failed to read (say, too many open files): the run fails instead', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const run1 = await openState(dir, 'cfg');
    run1.state.manifest.delete('f0.1');
    await run1.commit({ deltaLink: 'd2' });
    const real = fsp.readFile.bind(fsp);
    const spy = vi.spyOn(fsp, 'readFile').mockImplementation(((file: string, ...rest: []) => {
      if (String(file).endsWith('.checkpoints.jsonl'))
        return Promise.reject(Object.assign(new Error('EMFILE: too many open files'), { code: 'EMFILE' }));
      return real(file, ...rest);
    }) as typeof fsp.readFile);
    try {
      await expect(openState(dir, 'cfg')).rejects.toThrow(/EMFILE/);
    } finally {
      spy.mockRestore();
    }
    const run2 = await openState(dir, 'cfg');
    expect(run2.state.manifest.has('f0.1')).toBe(false);
    expect(run2.state.deltaLink).toBe('d2');
  });

  it('treats a short append (a full disk) as a failed one: the next write is a full rewrite', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const run1 = await openState(dir, 'cfg');
    run1.state.manifest.delete('f0.1');
    await run1.checkpoint();
    const probe = await fsp.open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { write: (this: unknown, data: string) => Promise<{ bytesWritten: number }> };
    await probe.close();
    await rm(path.join(dir, 'probe'));
    const realWrite = proto.write;
    const spy = vi.spyOn(proto, 'write').mockImplementationOnce(function (this: unknown, data: string) {
      return realWrite.call(this, data.slice(0, 10)); // the disk filled up after 10 bytes
    });
    run1.state.manifest.delete('f0.2');
    try {
      await expect(run1.checkpoint()).rejects.toThrow();
    } finally {
      spy.mockRestore();
    }
    run1.state.manifest.delete('f0.3');
    await run1.commit({ deltaLink: 'd2' });
    const run2 = await openState(dir, 'cfg');
    for (const id of ['f0.1', 'f0.2', 'f0.3']) expect(run2.state.manifest.has(id)).toBe(false);
    expect(run2.state.deltaLink).toBe('d2');
  });
});

describe('checkpoint journal that vanished mid-run', () => {
  it('is not recreated without its generation line (which would hide every later checkpoint)', async () => {
    await saveState(dir, 'cfg', bigState(100));
    const run = await openState(dir, 'cfg');
    run.state.manifest.delete('f0.1');
    await run.checkpoint();
    await rm(path.join(dir, 'cfg.checkpoints.jsonl')); // say, another process tidied it up
    run.state.manifest.delete('f0.2');
    await expect(run.checkpoint()).rejects.toThrow(/ENOENT/);
    run.state.manifest.delete('f0.3');
    await run.commit({ deltaLink: 'd2' });
    const next = await openState(dir, 'cfg');
    for (const id of ['f0.1', 'f0.2', 'f0.3']) expect(next.state.manifest.has(id)).toBe(false);
    expect(next.state.deltaLink).toBe('d2');
  });
});
