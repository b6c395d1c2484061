import { describe, expect, it } from 'vitest';
import { AppError, isAppError } from '../../errors';
import type { DriveClient } from '../../graph/drive-client';
import { ResyncRequiredError } from '../../graph/graph-errors';
import type { DriveItem, DrivePage } from '../../graph/types';
import { enumerate, type EnumerateOptions } from './enumerate';
import { scopeResolver } from './enumerate-scope';
import type { RemoteItem } from '../types';

/** A DriveClient answering from a script of pages by URL (each URL may answer differently on each call). */
function scriptedClient(
  script: Record<string, (DrivePage | Error)[] | DrivePage | Error>,
  items: Record<string, DriveItem> = {},
) {
  const calls: string[] = [];
  const served = new Map<string, number>();
  const client: DriveClient & { calls: string[] } = {
    calls,
    get requests() {
      return calls.length;
    },
    getMe: () => Promise.reject(new Error('unused')),
    getJson: () => Promise.reject(new Error('unused')),
    getDrive: () => Promise.reject(new Error('unused')),
    async getItem(_d, id) {
      calls.push(`item:${id}`);
      const item = items[id];
      if (!item) throw new Error(`no item ${id}`);
      return item;
    },
    getItemByPath: () => Promise.reject(new Error('unused')),
    listChildren: () => {
      throw new Error('unused');
    },
    async getPage(url) {
      calls.push(url);
      const entry = script[url];
      const n = served.get(url) ?? 0;
      served.set(url, n + 1);
      const answer = Array.isArray(entry) ? entry[Math.min(n, entry.length - 1)] : entry;
      if (!answer) throw new Error(`unscripted ${url}`);
      if (answer instanceof Error) throw answer;
      return answer;
    },
    freshDownloadUrl: () => Promise.reject(new Error('unused')),
    deltaUrl: (d, id, o) => `delta:${d}:${id ?? 'root'}${o?.latest ? ':latest' : ''}`,
    childrenUrl: (d, id) => `children:${d}:${id}`,
    socketIoEndpoint: () => Promise.reject(new Error('notSupported')),
  };
  return client;
}

const folder = (id: string, parent: string | null, name = id, childCount?: number): DriveItem => ({
  id,
  name,
  folder: childCount === undefined ? {} : { childCount },
  ...(parent ? { parentReference: { id: parent } } : {}),
});
const file = (id: string, parent: string, name = id): DriveItem => ({
  id,
  name,
  size: 3,
  file: { hashes: { quickXorHash: 'q' } },
  parentReference: { id: parent },
  '@microsoft.graph.downloadUrl': `https://dl/${id}`,
});
const gone = (id: string): DriveItem => ({ id, deleted: {} });
const page = (value: DriveItem[], next: { nextLink?: string; deltaLink?: string }): DrivePage => ({
  value,
  ...(next.nextLink ? { '@odata.nextLink': next.nextLink } : {}),
  ...(next.deltaLink ? { '@odata.deltaLink': next.deltaLink } : {}),
});

function manifest(entries: [id: string, parent: string | null][]) {
  const parents = new Map(entries);
  return {
    knownIds: new Set(parents.keys()),
    knownParent: (id: string) => (parents.has(id) ? parents.get(id)! : undefined),
  };
}

function base(client: DriveClient, over: Partial<EnumerateOptions> = {}): EnumerateOptions {
  return {
    client,
    driveId: 'd',
    driveType: 'personal',
    itemType: 'folder',
    rootId: 'R',
    deltaLink: null,
    ...manifest([]),
    ...over,
  };
}

const ids = (items: RemoteItem[]) => items.map((i) => i.id).sort();

describe('enumerate (personal, folder-scoped delta)', () => {
  it('enumerates from scratch over every page, children before parents, last occurrence winning', async () => {
    const client = scriptedClient({
      'delta:d:R': page([file('f2', 'B'), folder('R', 'up', 'Docs')], { nextLink: 'p2' }),
      p2: page([], { nextLink: 'p3' }), // an empty page with a nextLink
      p3: page([folder('B', 'R'), { ...file('f2', 'B'), name: 'renamed' }, file('f1', 'R')], { deltaLink: 'DL1' }),
    });
    const set = await enumerate(base(client));
    expect(set.full).toBe(true);
    expect(set.deltaLink).toBe('DL1');
    expect(ids(set.items)).toEqual(['B', 'R', 'f1', 'f2']);
    expect(set.items.find((i) => i.id === 'f2')!.name).toBe('renamed');
    expect(set.items.find((i) => i.id === 'R')!.parentId).toBeNull();
    expect(set.requests).toBe(3);
  });

  it('continues from the stored deltaLink and reports deletions carrying only an id', async () => {
    const client = scriptedClient({
      DL1: page([gone('f1'), { ...file('f3', 'B') }, gone('never-seen')], { deltaLink: 'DL2' }),
    });
    const set = await enumerate(
      base(client, {
        deltaLink: 'DL1',
        ...manifest([
          ['R', null],
          ['B', 'R'],
          ['f1', 'R'],
        ]),
      }),
    );
    expect(set).toMatchObject({ full: false, deltaLink: 'DL2', removedIds: ['f1'] });
    expect(ids(set.items)).toEqual(['f3']);
  });

  it('starts over from scratch when the token is dead (410), even after some pages arrived', async () => {
    const client = scriptedClient({
      DL1: page([file('f9', 'R')], { nextLink: 'p2' }),
      p2: new ResyncRequiredError('resyncRequired'),
      'delta:d:R': page([folder('R', null), file('f1', 'R')], { deltaLink: 'DL-new' }),
    });
    const set = await enumerate(
      base(client, {
        deltaLink: 'DL1',
        ...manifest([
          ['R', null],
          ['f1', 'R'],
        ]),
      }),
    );
    expect(set.full).toBe(true);
    expect(ids(set.items)).toEqual(['R', 'f1']); // nothing from the abandoned pages
    expect(set.deltaLink).toBe('DL-new');
    expect(set.requests).toBe(3);
  });

  it('walks a folder that arrived without its children (moved in), but not one created with them', async () => {
    const client = scriptedClient({
      DL1: page([folder('M', 'R', 'moved-in', 2), folder('N', 'R', 'new', 1), file('n1', 'N')], { deltaLink: 'DL2' }),
      'children:d:M': page([file('m1', 'M'), folder('M2', 'M', 'sub', 1)], {}),
      'children:d:M2': page([file('m2', 'M2')], {}),
    });
    const set = await enumerate(base(client, { deltaLink: 'DL1', ...manifest([['R', null]]) }));
    expect(ids(set.items)).toEqual(['M', 'M2', 'N', 'm1', 'm2', 'n1']);
    expect(client.calls).toEqual(['DL1', 'children:d:M', 'children:d:M2']);
  });

  it('matches parent ids that differ only in letter case (personal ids vary in case)', async () => {
    const client = scriptedClient({
      'delta:d:abc!1': page([folder('ABC!1', null, 'Docs'), folder('ABC!2', 'abc!1', 'Sub'), file('ABC!3', 'Abc!2', 'x.txt')], {
        deltaLink: 'DL1',
      }),
    });
    const set = await enumerate(base(client, { rootId: 'abc!1' }));
    expect(ids(set.items)).toEqual(['ABC!2', 'ABC!3', 'abc!1']); // the root goes by the config's spelling
    expect(set.items.find((i) => i.id === 'ABC!3')!.parentId).toBe('ABC!2');
    expect(set.items.find((i) => i.id === 'ABC!2')!.parentId).toBe('abc!1');
    expect(set.items.find((i) => i.id === 'abc!1')!.parentId).toBeNull();
  });

  it('says remote_missing when the synced folder itself was deleted', async () => {
    const client = scriptedClient({ DL1: page([gone('R')], { deltaLink: 'DL2' }) });
    const e = await enumerate(base(client, { deltaLink: 'DL1', ...manifest([['R', null]]) })).catch((x: unknown) => x);
    expect(isAppError(e, 'remote_missing')).toBe(true);
  });
});

describe('enumerate (business, root delta filtered to the subtree)', () => {
  const biz = (client: DriveClient, over: Partial<EnumerateOptions> = {}) =>
    base(client, { driveType: 'business', driveId: 'b!x', ...over });

  it('first sync: takes token=latest BEFORE walking the subtree with /children', async () => {
    const client = scriptedClient({
      'delta:b!x:root:latest': page([], { deltaLink: 'LATEST' }),
      'children:b!x:R': page([folder('A', 'R')], { nextLink: 'c2' }),
      c2: page([file('r1', 'R')], {}),
      'children:b!x:A': page([file('a1', 'A'), folder('A2', 'A')], {}),
      'children:b!x:A2': page([], {}),
    });
    const set = await enumerate(biz(client));
    expect(client.calls[0]).toBe('delta:b!x:root:latest');
    expect(set).toMatchObject({ full: true, deltaLink: 'LATEST' });
    expect(ids(set.items)).toEqual(['A', 'A2', 'a1', 'r1']);
    expect(set.requests).toBe(5);
  });

  it('skips a sub-folder deleted during the first walk, but not a missing root', async () => {
    const client = scriptedClient({
      'delta:b!x:root:latest': page([], { deltaLink: 'LATEST' }),
      'children:b!x:R': page([folder('A', 'R'), folder('B', 'R')], {}),
      'children:b!x:A': new AppError('remote_missing'),
      'children:b!x:B': page([file('b1', 'B')], {}),
    });
    const set = await enumerate(biz(client));
    expect(ids(set.items)).toEqual(['A', 'B', 'b1']);
    const gone = scriptedClient({
      'delta:b!x:root:latest': page([], { deltaLink: 'LATEST' }),
      'children:b!x:R': new AppError('remote_missing'),
    });
    expect(isAppError(await enumerate(biz(gone)).catch((e: unknown) => e), 'remote_missing')).toBe(true);
  });

  it('keeps only the subtree of the root delta, resolving parents through the change set and the manifest', async () => {
    const client = scriptedClient({
      DL1: page(
        [
          file('deep', 'NEWSUB'), // child before its parent
          folder('NEWSUB', 'A', 'sub', 1),
          file('x', 'ELSEWHERE'), // outside the subtree
          folder('ELSEWHERE', 'driveRoot'),
          file('a2', 'A'),
          folder('R', 'driveRoot', 'Synced'),
        ],
        { deltaLink: 'DL2' },
      ),
    });
    const set = await enumerate(
      biz(client, {
        deltaLink: 'DL1',
        ...manifest([
          ['R', null],
          ['A', 'R'],
        ]),
      }),
    );
    expect(ids(set.items)).toEqual(['NEWSUB', 'R', 'a2', 'deep']);
    expect(set.removedIds).toEqual([]);
    expect(client.calls).toEqual(['DL1']); // NEWSUB arrived with its one child: no walk
  });

  it('treats items moved out of the subtree as removed, and walks a folder moved in', async () => {
    const client = scriptedClient({
      DL1: page([folder('A', 'OUTSIDE', 'A', 1), folder('IN', 'R', 'in', 1)], { deltaLink: 'DL2' }),
      'children:b!x:IN': page([file('in1', 'IN')], {}),
    });
    const m = manifest([
      ['R', null],
      ['A', 'R'],
      ['a1', 'A'],
    ]);
    const set = await enumerate(biz(client, { deltaLink: 'DL1', ...m }));
    expect(set.removedIds).toEqual(['A']); // a1 goes with its folder (the planner drops the subtree)
    expect(ids(set.items)).toEqual(['IN', 'in1']);
  });

  it('restarts with a walk after a 410 on the root delta', async () => {
    const client = scriptedClient({
      DL1: new ResyncRequiredError('resyncRequired'),
      'delta:b!x:root:latest': page([], { deltaLink: 'LATEST' }),
      'children:b!x:R': page([file('r1', 'R')], {}),
    });
    const set = await enumerate(
      biz(client, {
        deltaLink: 'DL1',
        ...manifest([
          ['R', null],
          ['old', 'R'],
        ]),
      }),
    );
    expect(set).toMatchObject({ full: true, deltaLink: 'LATEST', removedIds: [] });
    expect(ids(set.items)).toEqual(['r1']);
  });
});

describe('enumerate (single file)', () => {
  it('returns the item by id with its tags (a file without a hash), and no deltaLink', async () => {
    const client = scriptedClient({}, { F: { ...file('F', 'somewhere', 'a.txt'), eTag: 'e2', cTag: 'c2', file: {} } });
    const set = await enumerate(base(client, { itemType: 'file', rootId: 'F' }));
    expect(set).toMatchObject({ full: true, deltaLink: null, requests: 1, removedIds: [] });
    expect(set.items).toEqual([expect.objectContaining({ id: 'F', parentId: null, eTag: 'e2', cTag: 'c2', name: 'a.txt' })]);
  });
});

describe('scope resolution', () => {
  it('treats a deleted link, an unknown chain or a cycle as out of scope', () => {
    const r = (id: string, parentId: string | null): RemoteItem => ({
      id,
      parentId,
      name: id,
      kind: 'folder',
      size: 0,
      eTag: null,
      cTag: null,
      mtimeMs: 0,
      hashes: {},
      downloadUrl: null,
    });
    const collected = new Map<string, RemoteItem | null>([
      ['a', r('a', 'R')],
      ['b', r('b', 'dead')],
      ['dead', null],
      ['c1', r('c1', 'c2')],
      ['c2', r('c2', 'c1')],
      ['u', r('u', 'unknown')],
      ['m', r('m', 'known')],
    ]);
    const inScope = scopeResolver(collected, 'R', (id) => (id === 'known' ? 'R' : undefined));
    expect(['a', 'b', 'c1', 'c2', 'u', 'm', 'R'].map(inScope)).toEqual([true, false, false, false, false, true, true]);
  });
});
