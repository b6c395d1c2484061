import { describe, expect, it } from 'vitest';
import { itemsWithoutActionSteps, sameEntry } from './apply-bookkeeping';
import { runSteps } from '../steps';
import type { Action, Plan } from '../plan/plan-types';
import type { ManifestEntry } from '../types';

const entry = (id: string, over: Partial<ManifestEntry> = {}): ManifestEntry => ({
  id,
  parentId: 'root',
  name: `${id}.txt`,
  path: `${id}.txt`,
  kind: 'file',
  eTag: 'e',
  cTag: 'c',
  size: 1,
  quickXorHash: 'h',
  remoteMtimeMs: 1,
  localSize: 1,
  localMtimeMs: 1,
  ...over,
});

describe('applier bookkeeping', () => {
  it('lists tracked items the plan drops without an action, and next-manifest items without one', () => {
    const manifest = new Map(['kept', 'gone', 'trashed', 'moved'].map((id) => [id, entry(id)]));
    const next = new Map(['kept', 'moved', 'new'].map((id) => [id, entry(id)]));
    const actions: Action[] = [
      { type: 'trash', id: 'trashed', kind: 'file', path: 'trashed.txt', expect: null },
      { type: 'move', id: 'moved', kind: 'file', from: 'moved.txt', to: 'x/moved.txt', temp: false },
      { type: 'keep-as-conflict', id: null, path: 'new.txt', conflictPath: 'new (conflict).txt', expect: null },
    ];
    const plan: Plan = { actions, nextManifest: next, refused: [], pendingDeletes: [] };
    expect(runSteps(itemsWithoutActionSteps(plan, manifest))).toEqual({ dropped: ['gone'], riding: ['kept', 'new'] });
  });

  it('tells a changed entry from an equal copy', () => {
    const a = entry('a');
    expect(sameEntry(a, { ...a })).toBe(true);
    expect(sameEntry(a, { ...a, localMtimeMs: 2 })).toBe(false);
    expect(sameEntry(a, { ...a, path: 'b/a.txt' })).toBe(false);
  });
});
