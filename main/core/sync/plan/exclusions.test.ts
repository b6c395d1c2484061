import { describe, expect, it } from 'vitest';
import type { Exclusions } from '../../../../shared/model';
import type { ManifestEntry } from '../types';
import type { Action } from './plan-types';
import { compileExclusions, exclusionsKey } from './exclusions';
import { SimFs, deltaChangeSet, fullChangeSet, syncSim, type RemoteSpec } from '../../testing/plan-sim';

const R = 'root';
const root: RemoteSpec = { id: R, parentId: null, name: 'Docs', kind: 'folder' };
const folder = (id: string, name: string, parentId = R): RemoteSpec => ({
  id,
  parentId,
  name,
  kind: 'folder',
});
const file = (id: string, name: string, content = `${id}-v1`, parentId = R): RemoteSpec => ({
  id,
  parentId,
  name,
  kind: 'file',
  content,
});
const ex = (o: Partial<Exclusions>): Exclusions => ({ folders: [], patterns: [], maxFileSize: null, ...o });
const downloads = (actions: Action[]): string[] => actions.flatMap((a) => (a.type === 'download' ? [a.path] : []));

describe('compileExclusions', () => {
  it('is null when nothing is excluded', () => {
    expect(compileExclusions(ex({}), false)).toBeNull();
    expect(compileExclusions(undefined, false)).toBeNull();
  });

  it('leaves out folders by id or by path, however the path is written', () => {
    const f = compileExclusions(
      ex({
        folders: [
          { id: 'v', path: 'Videos' },
          { id: null, path: '/Archive/2019/' },
        ],
      }),
      false,
    )!;
    expect(f({ id: 'v', path: 'Renamed', kind: 'folder', size: 0 })).toBe('excluded folder');
    expect(f({ id: 'x', path: 'Archive/2019', kind: 'folder', size: 0 })).toBe('excluded folder');
    expect(f({ id: 'y', path: 'Archive/2020', kind: 'folder', size: 0 })).toBeNull();
    // A file with an excluded folder's path is not a folder.
    expect(f({ id: 'z', path: 'Archive/2019', kind: 'file', size: 1 })).toBeNull();
    expect(f({ id: 'w', path: 'archive/2019', kind: 'folder', size: 0 })).toBeNull();
    const ci = compileExclusions(ex({ folders: [{ id: null, path: 'Archive/2019' }] }), true)!;
    expect(ci({ id: 'w', path: 'archive/2019', kind: 'folder', size: 0 })).toBe('excluded folder');
  });

  it('matches gitignore patterns: any depth, folders only with a trailing slash, anchored, negated', () => {
    const f = compileExclusions(ex({ patterns: ['*.tmp', '!keep.tmp', 'build/', '/top.txt'] }), false)!;
    const at = (path: string, kind: 'file' | 'folder' = 'file'): string | null => f({ id: path, path, kind, size: 1 });
    expect(at('a.tmp')).toBe('excluded by a pattern');
    expect(at('deep/er/b.tmp')).toBe('excluded by a pattern');
    expect(at('deep/keep.tmp')).toBeNull();
    expect(at('x/build', 'folder')).toBe('excluded by a pattern');
    expect(at('x/build')).toBeNull();
    expect(at('top.txt')).toBe('excluded by a pattern');
    expect(at('sub/top.txt')).toBeNull();
  });

  it('leaves out files above the size limit, never folders', () => {
    const f = compileExclusions(ex({ maxFileSize: 10 }), false)!;
    expect(f({ id: 'a', path: 'a', kind: 'file', size: 10 })).toBeNull();
    expect(f({ id: 'b', path: 'b', kind: 'file', size: 11 })).toBe('larger than the size limit');
    expect(f({ id: 'c', path: 'c', kind: 'folder', size: 1e12 })).toBeNull();
  });

  it('keys equal exclusions alike (folder order aside) and none as ""', () => {
    expect(exclusionsKey(ex({}))).toBe('');
    expect(exclusionsKey(undefined)).toBe('');
    const a = ex({
      folders: [
        { id: '1', path: 'A' },
        { id: null, path: 'B/' },
      ],
      patterns: ['*.x'],
    });
    const b = ex({
      folders: [
        { id: null, path: 'B' },
        { id: '1', path: 'A' },
      ],
      patterns: ['*.x'],
    });
    expect(exclusionsKey(a)).toBe(exclusionsKey(b));
    expect(exclusionsKey(a)).not.toBe(exclusionsKey({ ...a, maxFileSize: 5 }));
  });
});

describe('the planner with exclusions', () => {
  const items = [
    folder('v', 'Videos'),
    file('v1', 'clip.mp4', 'clip', 'v'),
    folder('v2', 'Sub', 'v'),
    file('v3', 'deep.mp4', 'deep', 'v2'),
    file('t', 'scratch.tmp'),
    file('big', 'big.bin', 'x'.repeat(100)),
    file('ok', 'ok.txt', 'ok'),
  ];
  const exclusions = ex({ folders: [{ id: 'v', path: 'Videos' }], patterns: ['*.tmp'], maxFileSize: 50 });

  it('never downloads or tracks an excluded item, its subtree included', () => {
    const fs = new SimFs(false);
    const { plan, manifest } = syncSim(fs, new Map(), fullChangeSet(R, [root, ...items]), {
      exclude: compileExclusions(exclusions, false),
    });
    expect(downloads(plan.actions)).toEqual(['ok.txt']);
    expect([...fs.snapshot().keys()]).toEqual(['ok.txt']);
    expect([...manifest.keys()].sort()).toEqual(['ok', R]);
    expect(plan.refused).toEqual([]);
  });

  it('refuses a hostile name first, whatever the exclusions say', () => {
    const fs = new SimFs(false);
    const { plan } = syncSim(fs, new Map(), fullChangeSet(R, [root, file('bad', '..'), file('ok', 'ok.txt')]), {
      exclude: compileExclusions(ex({ patterns: ['*'] }), false),
    });
    expect(plan.refused.map((r) => r.id)).toEqual(['bad']);
    expect(fs.snapshot().size).toBe(0);
  });

  it('lets the mirrored one of two case-colliding names win over an excluded one', () => {
    const fs = new SimFs(true);
    const { plan, manifest } = syncSim(
      fs,
      new Map(),
      fullChangeSet(R, [root, file('a', 'A.tmp', 'a'), file('b', 'a.TMP', 'b')]),
      {
        ci: true,
        exclude: compileExclusions(ex({ patterns: ['A.tmp'] }), false),
      },
    );
    expect(plan.refused).toEqual([]);
    expect(manifest.has('b')).toBe(true);
  });

  it('leaves newly excluded files on disk, forgets them once without trashing or counting them, and never again', () => {
    const fs = new SimFs(false);
    let { manifest } = syncSim(fs, new Map(), fullChangeSet(R, [root, ...items]));
    const before = fs.snapshot();
    const exclude = compileExclusions(exclusions, false);
    // A delta with nothing about these items: the exclusions alone change what is mirrored.
    const { plan, manifest: next } = syncSim(fs, manifest, deltaChangeSet(R, [file('ok', 'ok.txt', 'ok2')]), {
      exclude,
    });
    const forgets = plan.actions.filter((a) => a.type === 'forget');
    expect(forgets.map((a) => [a.path, a.type === 'forget' && a.excluded]).sort()).toEqual([
      ['Videos', true],
      ['big.bin', true],
      ['scratch.tmp', true],
    ]);
    expect(plan.actions.filter((a) => a.type === 'trash')).toEqual([]);
    expect(plan.pendingDeletes).toEqual([]);
    expect(downloads(plan.actions)).toEqual(['ok.txt']);
    expect(fs.snapshot()).toEqual(new Map([...before, ['ok.txt', 'ok2']]));
    expect([...next.keys()].sort()).toEqual(['ok', R]);
    manifest = next;
    const again = syncSim(fs, manifest, deltaChangeSet(R, []), { exclude });
    expect(again.plan.actions).toEqual([]);
  });

  it('brings newly included items back with a full listing, adopting what is still on disk by hash', () => {
    const fs = new SimFs(false);
    const exclude = compileExclusions(exclusions, false);
    const first = syncSim(fs, new Map(), fullChangeSet(R, [root, ...items]));
    const excluded = syncSim(fs, first.manifest, deltaChangeSet(R, []), { exclude });
    // While excluded, the user deleted one of the left-behind files; the others are still there.
    fs.remove('Videos/clip.mp4');
    const { plan, manifest } = syncSim(fs, excluded.manifest, fullChangeSet(R, [root, ...items]));
    expect(downloads(plan.actions)).toEqual(['Videos/clip.mp4']);
    expect(plan.actions.filter((a) => a.type === 'keep-as-conflict')).toEqual([]);
    expect([...manifest.keys()].sort()).toEqual([...first.manifest.keys()].sort());
    const tracked = (m: Map<string, ManifestEntry>): string[] => [...m.values()].map((e) => e.path).sort();
    expect(tracked(manifest)).toEqual(tracked(first.manifest));
  });
});
