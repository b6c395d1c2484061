import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { previewSync } from '../../main/core/sync/preview';
import type { RunSummary } from '../../main/core/sync/types';
import { makeSync, useCloud, type SyncFixture } from './harness';

const h = useCloud();

/** Every file under `dir` (hidden ones included) with its bytes and mtime; null when `dir` does not exist. */
async function snapshot(dir: string): Promise<Map<string, string> | null> {
  const out = new Map<string, string>();
  const walk = async (rel: string): Promise<void> => {
    for (const d of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
      const p = path.join(rel, d.name);
      if (d.isDirectory()) {
        out.set(`${p}/`, '');
        await walk(p);
      } else {
        const abs = path.join(dir, p);
        out.set(p, `${(await fs.stat(abs)).mtimeMs} ${(await fs.readFile(abs)).toString('base64')}`);
      }
    }
  };
  try {
    await walk('');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  return out;
}

const preview = (fx: SyncFixture, free = 10_000_000) =>
  previewSync({ ...fx.baseOptions(), stateDir: fx.stateDir, freeBytes: async () => free });

const figures = (s: RunSummary) => ({
  downloads: s.downloaded,
  bytes: s.bytes,
  trash: s.trashed,
  renames: s.renamed,
  conflicts: s.conflicts,
});

describe('preview (dry run)', () => {
  it('before the first run: the figures of the run that follows, and nothing written', async () => {
    const fx = await makeSync(h, {
      kind: 'personal',
      tree: { 'Docs/a.txt': 'alpha', 'Docs/Sub/b.txt': 'bravo!', 'Docs/big.bin': 'x'.repeat(3000) },
    });
    fx.config.exclusions = { folders: [], patterns: [], maxFileSize: 2000 };
    const p = await preview(fx);
    expect(p).toEqual({
      downloads: 2,
      bytes: 11,
      trash: 0,
      renames: 0,
      conflicts: 0,
      freeBytesAfter: 10_000_000 - 11,
    });
    expect(await snapshot(fx.root)).toBeNull();
    expect(await snapshot(fx.stateDir)).toBeNull();
    const run = await fx.run();
    expect(figures(run)).toEqual({ downloads: 2, bytes: 11, trash: 0, renames: 0, conflicts: 0 });
  });

  it('on a later run: downloads, trash, renames and conflicts as the run finds them; tree and state untouched', async () => {
    const fx = await makeSync(h, {
      kind: 'business',
      tree: {
        'Docs/a.txt': 'alpha',
        'Docs/b.txt': 'bravo',
        'Docs/Sub/c.txt': 'charlie',
        'Docs/Gone/d.txt': 'delta',
      },
    });
    const { control } = h.cloud;
    await fx.run();
    control.modify(fx.acc.accountId, 'Docs/a.txt', 'alpha two');
    control.rename(fx.acc.accountId, 'Docs/Sub', 'Renamed');
    control.delete(fx.acc.accountId, 'Docs/Gone');
    control.modify(fx.acc.accountId, 'Docs/b.txt', 'bravo two');
    await fs.writeFile(path.join(fx.root, 'b.txt'), 'my edit');
    control.addFile(fx.acc.accountId, 'Docs/new.txt', 'november');
    const tree = await snapshot(fx.root);
    const state = await snapshot(fx.stateDir);
    const p = await preview(fx);
    expect(await snapshot(fx.root)).toEqual(tree);
    expect(await snapshot(fx.stateDir)).toEqual(state);
    // Previewing twice gives the same answer: nothing (the deltaLink included) moved on.
    expect(await preview(fx)).toEqual(p);
    const run = await fx.run();
    expect(run.result).toBe('success');
    expect({
      downloads: p.downloads,
      bytes: p.bytes,
      trash: p.trash,
      renames: p.renames,
      conflicts: p.conflicts,
    }).toEqual(figures(run));
    expect(p).toMatchObject({ downloads: 3, renames: 1, conflicts: 1, trash: 2 });
  });

  it('a sync whose folder vanished is local_missing, as a run would say', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/a.txt': 'alpha' } });
    await fx.run();
    await fs.rm(fx.root, { recursive: true });
    await expect(preview(fx)).rejects.toMatchObject({ code: 'local_missing' });
  });
});
