import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../types';
import type { Action } from './plan-types';
import {
  SimFs,
  deltaChangeSet,
  expectedTree,
  fullChangeSet,
  syncSim,
  type RemoteSpec,
  type SimRunOptions,
} from '../../testing/plan-sim';

const R = 'root';
const root: RemoteSpec = { id: R, parentId: null, name: 'Docs', kind: 'folder' };
const folder = (id: string, name: string, parentId = R): RemoteSpec => ({ id, parentId, name, kind: 'folder' });
const file = (id: string, name: string, content = `${id}-v1`, parentId = R): RemoteSpec => ({
  id,
  parentId,
  name,
  kind: 'file',
  content,
});

/** A local tree synced from `items` (first run), ready for the next change set. */
function synced(items: RemoteSpec[], o: SimRunOptions = {}): { fs: SimFs; manifest: Map<string, ManifestEntry> } {
  const fs = new SimFs(o.ci ?? false);
  const { manifest } = syncSim(fs, new Map(), fullChangeSet(R, [root, ...items]), o);
  return { fs, manifest };
}

const types = (actions: Action[]): string[] => actions.map((a) => a.type);
const kinds = (actions: Action[], type: Action['type']): Action[] => actions.filter((a) => a.type === type);
const edit = (fs: SimFs, path: string, content: string): void => fs.set(path, { kind: 'file', content, mtimeMs: 9_999 });

describe('first sync', () => {
  it('creates folders before their files and downloads every file', () => {
    const items = [folder('f', 'A'), file('x', 'x.txt', 'xx', 'f'), file('y', 'y.txt')];
    const { fs } = synced(items);
    expect(fs.snapshot()).toEqual(expectedTree(R, [root, ...items]));
  });

  it('adopts an identical local file without downloading it', () => {
    const fs = new SimFs(false);
    fs.set('same.txt', { kind: 'file', content: 'same', mtimeMs: 5 });
    const { plan, manifest } = syncSim(fs, new Map(), fullChangeSet(R, [root, file('s', 'same.txt', 'same')]));
    expect(types(plan.actions)).toEqual([]);
    expect(manifest.get('s')).toMatchObject({ localSize: 4, localMtimeMs: 5 });
  });

  it('keeps a different local file as a conflict copy instead of overwriting it', () => {
    const fs = new SimFs(false);
    fs.set('a.txt', { kind: 'file', content: 'mine', mtimeMs: 5 });
    const { plan } = syncSim(fs, new Map(), fullChangeSet(R, [root, file('a', 'a.txt', 'theirs')]));
    expect(types(plan.actions)).toEqual(['keep-as-conflict', 'download']);
    expect(fs.get('a (conflict 2026-11-26 170102).txt')?.content).toBe('mine');
    expect(fs.get('a.txt')?.content).toBe('theirs');
  });

  it('does not create a second conflict copy on the next runs', () => {
    const fs = new SimFs(false);
    fs.set('a.txt', { kind: 'file', content: 'mine', mtimeMs: 5 });
    const changes = fullChangeSet(R, [root, file('a', 'a.txt', 'theirs')]);
    let { manifest } = syncSim(fs, new Map(), changes);
    for (let run = 0; run < 2; run++) {
      const next = syncSim(fs, manifest, changes);
      expect(next.plan.actions).toEqual([]);
      manifest = next.manifest;
    }
    expect([...fs.snapshot().keys()].filter((p) => p.includes('conflict'))).toHaveLength(1);
  });

  it('refuses hostile names and syncs the rest of the tree', () => {
    const items = [folder('bad', '..'), file('inbad', 'x', 'x', 'bad'), file('ctl', 'a\u0001b'), file('ok', 'ok.txt')];
    const { fs, manifest } = synced(items);
    expect([...fs.snapshot().keys()]).toEqual(['ok.txt']);
    expect(manifest.has('inbad')).toBe(false);
  });

  it('refuses Windows-reserved names only on Windows', () => {
    const items = [file('con', 'CON.txt'), file('q', 'what?.txt'), file('dot', 'trailing.'), file('ok', 'ok.txt')];
    const win = synced(items, { platform: 'win32', ci: true });
    expect([...win.fs.snapshot().keys()]).toEqual(['ok.txt']);
    const linux = synced(items);
    expect(linux.fs.snapshot().size).toBe(4);
  });

  it('reports two names differing only in case on a case-insensitive disk and writes one', () => {
    const fs = new SimFs(true);
    const { plan } = syncSim(fs, new Map(), fullChangeSet(R, [root, file('u', 'Readme.md', 'u'), file('l', 'README.md', 'l')]), {
      ci: true,
    });
    expect([...fs.snapshot().keys()]).toEqual(['README.md']);
    expect(plan.refused).toEqual([expect.objectContaining({ id: 'u', path: 'Readme.md' })]);
  });

  it.each([false, true])('reports two names that differ only in Unicode normalization (ci %s) and writes one', (ci) => {
    // macOS volumes treat NFC and NFD spellings as one name even when they are case-sensitive.
    const fs = new SimFs(ci);
    const items = [file('n', 'Caf\u00e9.txt', 'nfc'), file('d', 'Cafe\u0301.txt', 'nfd')];
    const { plan } = syncSim(fs, new Map(), fullChangeSet(R, [root, ...items]), { ci, platform: 'darwin' });
    expect(fs.snapshot().size).toBe(1);
    expect(plan.refused).toEqual([expect.objectContaining({ id: 'n', reason: expect.stringContaining('Unicode') })]);
  });

  it('skips a subtree where a symlink sits in the way', () => {
    const fs = new SimFs(false);
    fs.set('A', { kind: 'symlink', content: '/etc', mtimeMs: 1 });
    const { plan } = syncSim(
      fs,
      new Map(),
      fullChangeSet(R, [root, folder('a', 'A'), file('p', 'passwd', 'x', 'a'), file('ok', 'ok')]),
    );
    expect(plan.refused.map((r) => r.path)).toEqual(['A']);
    expect(fs.get('A')?.kind).toBe('symlink');
    expect(fs.get('ok')?.content).toBe('ok-v1');
  });
});

describe('renames and moves', () => {
  it('renames a file without downloading it again', () => {
    const { fs, manifest } = synced([file('a', 'a.txt')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'b.txt')]));
    expect(plan.actions).toEqual([expect.objectContaining({ type: 'move', from: 'a.txt', to: 'b.txt' })]);
  });

  it('swaps two names through one temporary name', () => {
    const { fs, manifest } = synced([file('a', 'a', 'A'), file('b', 'b', 'B')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'b', 'A'), file('b', 'a', 'B')]));
    expect(types(plan.actions)).toEqual(['move', 'move', 'move']);
    expect(kinds(plan.actions, 'move').filter((a) => a.type === 'move' && a.temp)).toHaveLength(1);
    expect(fs.get('a')?.content).toBe('B');
    expect(fs.get('b')?.content).toBe('A');
  });

  it('follows a rename chain a->b->c in an order that needs no temporary name', () => {
    const { fs, manifest } = synced([file('a', 'a', 'A'), file('b', 'b', 'B')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'b', 'A'), file('b', 'c', 'B')]));
    expect(plan.actions.map((a) => (a.type === 'move' ? `${a.from}->${a.to}` : a.type))).toEqual(['b->c', 'a->b']);
    expect(fs.snapshot()).toEqual(
      new Map([
        ['b', 'A'],
        ['c', 'B'],
      ]),
    );
  });

  it('moves a folder with many descendants in one action', () => {
    const kids = Array.from({ length: 200 }, (_, i) => file(`k${i}`, `k${i}.txt`, `k${i}`, 'f'));
    const { fs, manifest } = synced([folder('f', 'Old'), folder('g', 'Target'), ...kids]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [folder('f', 'New', 'g')]));
    expect(plan.actions).toEqual([expect.objectContaining({ type: 'move', from: 'Old', to: 'Target/New' })]);
    expect(fs.get('Target/New/k199.txt')?.content).toBe('k199');
  });

  it('renames a folder and a file inside it in the same run', () => {
    const { fs, manifest } = synced([folder('f', 'F'), file('x', 'x', 'X', 'f')]);
    syncSim(fs, manifest, deltaChangeSet(R, [folder('f', 'G'), file('x', 'y', 'X', 'f')]));
    expect(fs.snapshot()).toEqual(
      new Map([
        ['G/', ''],
        ['G/y', 'X'],
      ]),
    );
  });

  it('swaps the nesting of two folders (A/B becomes B/A)', () => {
    const { fs, manifest } = synced([folder('a', 'A'), folder('b', 'B', 'a'), file('x', 'x', 'X', 'b')]);
    syncSim(fs, manifest, deltaChangeSet(R, [folder('b', 'B', R), folder('a', 'A', 'b')]));
    expect(fs.snapshot()).toEqual(
      new Map([
        ['B/', ''],
        ['B/A/', ''],
        ['B/x', 'X'],
      ]),
    );
  });

  it('does a case-only rename through a temporary name on a case-insensitive disk', () => {
    const { fs, manifest } = synced([file('a', 'Report.txt')], { ci: true });
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'report.txt')]), { ci: true });
    expect(plan.actions).toEqual([
      expect.objectContaining({ type: 'move', from: 'Report.txt', temp: true }),
      expect.objectContaining({ type: 'move', to: 'report.txt', temp: false }),
    ]);
    expect([...fs.snapshot().keys()]).toEqual(['report.txt']);
  });

  it('does a case-only rename directly on a case-sensitive disk', () => {
    const { fs, manifest } = synced([file('a', 'Report.txt')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'report.txt')]));
    expect(plan.actions).toEqual([expect.objectContaining({ type: 'move', from: 'Report.txt', to: 'report.txt', temp: false })]);
  });

  it('moves and updates a changed file: one move, then one download', () => {
    const { fs, manifest } = synced([file('a', 'a', 'v1')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'b', 'v2')]));
    expect(types(plan.actions)).toEqual(['move', 'download']);
    expect(fs.snapshot()).toEqual(new Map([['b', 'v2']]));
  });
});

describe('deletes', () => {
  it('trashes files first, then folders deepest first', () => {
    const { fs, manifest } = synced([folder('a', 'A'), folder('b', 'B', 'a'), file('x', 'x', 'X', 'b')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [], ['a', 'b', 'x']));
    expect(plan.actions.map((a) => `${a.type}:${'path' in a ? a.path : ''}`)).toEqual(['trash:A/B/x', 'trash:A/B', 'trash:A']);
    expect(plan.pendingDeletes).toEqual([{ path: 'A/B/x', size: 1, id: 'x' }]);
    expect(fs.snapshot().size).toBe(0);
  });

  it('treats a folder deleted with only its own id as deleting its subtree', () => {
    const { fs, manifest } = synced([folder('a', 'A'), file('x', 'x', 'X', 'a')]);
    syncSim(fs, manifest, deltaChangeSet(R, [], ['a']));
    expect(fs.snapshot().size).toBe(0);
  });

  it('keeps a folder that still holds local files', () => {
    const { fs, manifest } = synced([folder('a', 'A'), file('x', 'x', 'X', 'a')]);
    fs.set('A/mine.txt', { kind: 'file', content: 'mine', mtimeMs: 1 });
    syncSim(fs, manifest, deltaChangeSet(R, [], ['a', 'x']));
    expect(fs.snapshot()).toEqual(
      new Map([
        ['A/', ''],
        ['A/mine.txt', 'mine'],
      ]),
    );
  });

  it('deletes and re-creates under the same name: trashes the old, downloads the new', () => {
    const { fs, manifest } = synced([file('old', 'n.txt', 'old')]);
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('new', 'n.txt', 'new')], ['old']));
    expect(types(plan.actions)).toEqual(['trash', 'download']);
    expect(fs.snapshot()).toEqual(new Map([['n.txt', 'new']]));
  });

  it('deletes and re-creates with identical content: keeps the file, downloads nothing', () => {
    const { fs, manifest } = synced([file('old', 'n.txt', 'same')]);
    const { plan, manifest: m2 } = syncSim(fs, manifest, deltaChangeSet(R, [file('new', 'n.txt', 'same')], ['old']));
    expect(plan.actions).toEqual([]);
    expect([...m2.keys()].sort()).toEqual(['new', R]);
  });

  it('replaces a deleted folder by a new folder of the same name while its child moves out', () => {
    const { fs, manifest } = synced([folder('a', 'A'), file('x', 'x', 'X', 'a')]);
    syncSim(fs, manifest, deltaChangeSet(R, [folder('a2', 'A'), file('x', 'x', 'X', R)], ['a']));
    expect(fs.snapshot()).toEqual(
      new Map([
        ['A/', ''],
        ['x', 'X'],
      ]),
    );
  });

  it('handles an item moving out of scope and back in', () => {
    const { fs, manifest } = synced([file('a', 'a', 'A')]);
    const out = syncSim(fs, manifest, deltaChangeSet(R, [], ['a']));
    expect(fs.snapshot().size).toBe(0);
    const back = syncSim(fs, out.manifest, deltaChangeSet(R, [file('a', 'a', 'A')]));
    expect(types(back.plan.actions)).toEqual(['download']);
    expect(fs.snapshot()).toEqual(new Map([['a', 'A']]));
  });

  it('reconciles a full change set (410): unchanged files stay, missing ones are trashed', () => {
    const { fs, manifest } = synced([file('a', 'a', 'A'), file('b', 'b', 'B')]);
    const { plan } = syncSim(fs, manifest, fullChangeSet(R, [root, file('a', 'a', 'A')]));
    expect(plan.actions).toEqual([expect.objectContaining({ type: 'trash', path: 'b' })]);
  });
});

describe('local edits are never destroyed', () => {
  it('keeps a locally edited file as a conflict copy when the remote changed too', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    edit(fs, 'a.txt', 'mine');
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'a.txt', 'v2')]));
    expect(types(plan.actions)).toEqual(['keep-as-conflict', 'download']);
    expect(fs.snapshot()).toEqual(
      new Map([
        ['a.txt', 'v2'],
        ['a (conflict 2026-11-26 170102).txt', 'mine'],
      ]),
    );
  });

  it('leaves a locally edited file the remote deleted, and stops tracking it', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    edit(fs, 'a.txt', 'mine');
    const { plan, manifest: m2 } = syncSim(fs, manifest, deltaChangeSet(R, [], ['a']));
    expect(types(plan.actions)).toEqual(['forget']);
    expect(fs.get('a.txt')?.content).toBe('mine');
    expect(m2.has('a')).toBe(false);
  });

  it('treats a touched file with the same content as unchanged (hash check)', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    fs.set('a.txt', { kind: 'file', content: 'v1', mtimeMs: 123_456 });
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [], ['a']));
    expect(types(plan.actions)).toEqual(['trash']);
  });

  it('carries a local edit along when the remote only renamed the file', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    edit(fs, 'a.txt', 'mine');
    syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'b.txt', 'v1')]));
    expect(fs.snapshot()).toEqual(new Map([['b.txt', 'mine']]));
  });

  it('sets an edited file aside when a new remote item takes its name after a delete', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    edit(fs, 'a.txt', 'mine');
    syncSim(fs, manifest, deltaChangeSet(R, [file('b', 'a.txt', 'other')], ['a']));
    expect(fs.snapshot()).toEqual(
      new Map([
        ['a.txt', 'other'],
        ['a (conflict 2026-11-26 170102).txt', 'mine'],
      ]),
    );
  });

  it('downloads again a tracked file the user deleted locally when it changes remotely', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    fs.remove('a.txt');
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'a.txt', 'v2')]));
    expect(types(plan.actions)).toEqual(['download']);
  });
});

describe('single-file configs', () => {
  const F: RemoteSpec = { id: 'file1', parentId: null, name: 'report.pdf', kind: 'file', content: 'pdf1' };
  const only = (s: RemoteSpec) => ({
    full: true,
    rootId: 'file1',
    items: [s].map((x) => x),
    removedIds: [],
    deltaLink: null,
    requests: 1,
  });

  it('writes the file inside the local directory under its remote name, and follows renames', async () => {
    const { toRemote } = await import('../../testing/plan-sim');
    const fs = new SimFs(false);
    const first = syncSim(fs, new Map(), { ...only(F), items: [toRemote(F)] });
    expect(fs.snapshot()).toEqual(new Map([['report.pdf', 'pdf1']]));
    const renamed = { ...F, name: 'final.pdf', content: 'pdf2' };
    syncSim(fs, first.manifest, { ...only(renamed), items: [toRemote(renamed)] });
    expect(fs.snapshot()).toEqual(new Map([['final.pdf', 'pdf2']]));
  });
});

describe('things the user removed locally', () => {
  it('re-creates a folder deleted here, with all its files, when something inside it changes online', () => {
    const { fs, manifest } = synced([folder('f', 'F'), file('x', 'x', 'X', 'f'), file('y', 'y', 'Y', 'f')]);
    fs.remove('F/x');
    fs.remove('F/y');
    fs.remove('F');
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('z', 'z', 'Z', 'f')]));
    expect(types(plan.actions)).toEqual(['mkdir', 'download', 'download', 'download']);
    expect(fs.snapshot()).toEqual(
      new Map([
        ['F/', ''],
        ['F/x', 'X'],
        ['F/y', 'Y'],
        ['F/z', 'Z'],
      ]),
    );
  });

  it('downloads a moved file again when it was deleted here', () => {
    const { fs, manifest } = synced([folder('f', 'F'), file('x', 'x', 'X', 'f')]);
    fs.remove('F/x');
    const { plan } = syncSim(fs, manifest, deltaChangeSet(R, [file('x', 'x2', 'X', R)]));
    expect(types(plan.actions)).toEqual(['download']);
    expect(fs.snapshot()).toEqual(
      new Map([
        ['F/', ''],
        ['x2', 'X'],
      ]),
    );
  });
});

describe('after a killed run', () => {
  it('adopts a file a killed run already replaced by the new version, without a conflict copy', () => {
    const { fs, manifest } = synced([file('a', 'a.txt', 'v1')]);
    fs.set('a.txt', { kind: 'file', content: 'v2', mtimeMs: 77 }); // written, but the manifest was not checkpointed
    const { plan, manifest: m2 } = syncSim(fs, manifest, deltaChangeSet(R, [file('a', 'a.txt', 'v2')]));
    expect(plan.actions).toEqual([]);
    expect(m2.get('a')).toMatchObject({ localSize: 2, localMtimeMs: 77 });
  });
});
