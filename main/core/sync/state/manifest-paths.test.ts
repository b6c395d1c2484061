import { describe, expect, it } from 'vitest';
import { derivePaths } from './manifest-paths';
import { runSteps } from '../steps';
import type { ManifestEntry } from '../types';

const entry = (id: string, parentId: string | null, name: string, path = ''): ManifestEntry => ({
  id,
  parentId,
  name,
  path,
  kind: 'folder',
  eTag: null,
  cTag: null,
  size: 0,
  quickXorHash: null,
  remoteMtimeMs: 0,
  localSize: null,
  localMtimeMs: null,
});

/** Children before their parents, as a state file may list them. */
const tree = () =>
  new Map([
    ['f', entry('f', 'b', 'f.txt')],
    ['b', entry('b', 'a', 'B')],
    ['a', entry('a', null, 'A', 'A')],
  ]);

const paths = (m: Map<string, ManifestEntry>) => Object.fromEntries([...m].map(([id, e]) => [id, e.path]));

describe('derivePaths', () => {
  it('fills in paths parents first whatever the order, changing fresh entries in place', () => {
    const m = tree();
    const f = m.get('f')!;
    runSteps(derivePaths(m, { placed: new Set(['a']), orphans: 'throw', write: 'in-place' }));
    expect(paths(m)).toEqual({ a: 'A', b: 'A/B', f: 'A/B/f.txt' });
    expect(m.get('f')).toBe(f);
  });

  it('replaces a changed entry with a copy and leaves the caller’s object alone', () => {
    const m = tree();
    const f = m.get('f')!;
    runSteps(derivePaths(m, { placed: new Set(), orphans: 'keep', write: 'copy' }));
    expect(paths(m)).toEqual({ a: 'A', b: 'A/B', f: 'A/B/f.txt' });
    expect(f.path).toBe('');
    expect(m.get('f')).not.toBe(f);
  });

  it('a state file must place every entry; the journal keeps the path of one it cannot place', () => {
    const orphan = () => new Map([['x', entry('x', 'gone', 'x.txt', 'old/x.txt')]]);
    expect(() => runSteps(derivePaths(orphan(), { placed: new Set(), orphans: 'throw', write: 'in-place' }))).toThrow(
      'State: cannot place x',
    );
    const m = orphan();
    runSteps(derivePaths(m, { placed: new Set(), orphans: 'keep', write: 'copy' }));
    expect(m.get('x')!.path).toBe('old/x.txt');
  });

  it('ends on a parent cycle instead of recursing forever', () => {
    const m = new Map([
      ['p', entry('p', 'q', 'P', 'P')],
      ['q', entry('q', 'p', 'Q', 'Q')],
    ]);
    expect(() => runSteps(derivePaths(m, { placed: new Set(), orphans: 'throw', write: 'in-place' }))).toThrow();
  });
});
