import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../main/core/sync/apply/apply';
import { makeSync, readTree, sorted, useCloud } from './harness';

const h = useCloud();

const tree = {
  'Docs/a.txt': 'alpha',
  'Docs/notes.tmp': 'scratch',
  'Docs/big.bin': 'x'.repeat(2000),
  'Docs/Videos/clip.mp4': 'clip',
  'Docs/Videos/Sub/deep.mp4': 'deep',
  'Docs/Keep/k.txt': 'kilo',
};

describe('exclusions against the fake cloud', () => {
  it('never downloads excluded items and costs no extra Graph request', async () => {
    const plain = await makeSync(h, { kind: 'personal', tree });
    const filtered = await makeSync(h, { kind: 'personal', tree });
    filtered.config.exclusions = {
      folders: [{ id: null, path: 'Videos' }],
      patterns: ['*.tmp'],
      maxFileSize: 1000,
    };
    const all = await plain.run();
    const some = await filtered.run();
    expect(some).toMatchObject({ result: 'success', downloaded: 2, skipped: [] });
    expect(sorted(await readTree(filtered.root))).toEqual([
      ['Keep/', ''],
      ['Keep/k.txt', 'kilo'],
      ['a.txt', 'alpha'],
    ]);
    expect(some.requests).toBe(all.requests);
    // The next run with nothing changed: one delta request, as without exclusions.
    expect((await filtered.run()).requests).toBe((await plain.run()).requests);
  });

  it('changing exclusions between runs: left in place and reported once, then back without downloading the rest', async () => {
    const fx = await makeSync(h, { kind: 'business', tree });
    const { control } = h.cloud;
    expect(await fx.run()).toMatchObject({ result: 'success', downloaded: 6 });
    const before = await readTree(fx.root);

    // Exclude a folder and a pattern: three tracked files, more than the big-delete limit of 2 here.
    fx.config.exclusions = {
      folders: [{ id: control.itemId(fx.acc.accountId, 'Docs/Videos'), path: 'Videos' }],
      patterns: ['*.tmp'],
      maxFileSize: null,
    };
    const events: ActivityEvent[] = [];
    const excluded = await fx.run({ bigDelete: { files: 2 }, onActivity: (e) => events.push(e) });
    expect(excluded).toMatchObject({ result: 'success', downloaded: 0, trashed: 0 });
    expect(excluded.notes.sort()).toEqual([
      'Left in place: Videos (excluded: left in place, no longer mirrored)',
      'Left in place: notes.tmp (excluded: left in place, no longer mirrored)',
    ]);
    expect(events.map((e) => e.kind)).toEqual(['info', 'info']);
    expect(await readTree(fx.root)).toEqual(before);
    expect(await fs.readdir(fx.trashDir)).toEqual([]);

    // While excluded: changes inside the excluded folder are seen by the delta and skipped; a local edit stays.
    control.addFile(fx.acc.accountId, 'Docs/Videos/new.mp4', 'new');
    await fs.writeFile(path.join(fx.root, 'notes.tmp'), 'my own notes');
    const quiet = await fx.run();
    expect(quiet).toMatchObject({ result: 'success', downloaded: 0, notes: [] });
    expect(await fs.readFile(path.join(fx.root, 'notes.tmp'), 'utf8')).toBe('my own notes');

    // Included again: the new file arrives, the ones still on disk are adopted by hash, the edited one is kept.
    fx.config.exclusions = { folders: [], patterns: [], maxFileSize: null };
    const back = await fx.run();
    expect(back).toMatchObject({ result: 'success', downloaded: 2, conflicts: 1, trashed: 0 });
    const now = await readTree(fx.root);
    expect(now.get('Videos/new.mp4')).toBe('new');
    expect(now.get('notes.tmp')).toBe('scratch');
    expect([...now.values()]).toContain('my own notes');
    expect(await fx.run()).toMatchObject({ downloaded: 0, conflicts: 0, notes: [] });
  });
});
