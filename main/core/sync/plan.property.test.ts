/**
 * Property: whatever the remote did (renames, moves, swaps, deletes, re-creates, edits) and whatever the user did
 * locally (edits, touches, own files), planning + applying yields the remote tree, every local edit and every
 * untracked file survives somewhere, no temporary name is left, and the next run has nothing to do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChangeSet, ManifestEntry } from './types';
import { SimFs, deltaChangeSet, expectedTree, fullChangeSet, syncSim, toRemote, type RemoteSpec } from './plan-test-sim';
import { nameKey } from './paths';

const R = 'root';
const NAMES = ['a', 'b', 'c', 'A', 'B', 'd.txt', 'D.txt', 'e'];

type Op =
  | { t: 'create'; folder: boolean; parent: number; name: number }
  | { t: 'rename'; item: number; name: number }
  | { t: 'move'; item: number; parent: number }
  | { t: 'delete'; item: number }
  | { t: 'modify'; item: number }
  | { t: 'swap'; a: number; b: number };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ t: fc.constant('create' as const), folder: fc.boolean(), parent: fc.nat(), name: fc.nat() }),
  fc.record({ t: fc.constant('rename' as const), item: fc.nat(), name: fc.nat() }),
  fc.record({ t: fc.constant('move' as const), item: fc.nat(), parent: fc.nat() }),
  fc.record({ t: fc.constant('delete' as const), item: fc.nat() }),
  fc.record({ t: fc.constant('modify' as const), item: fc.nat() }),
  fc.record({ t: fc.constant('swap' as const), a: fc.nat(), b: fc.nat() }),
);

class Remote {
  items = new Map<string, RemoteSpec>([[R, { id: R, parentId: null, name: 'root', kind: 'folder' }]]);
  private seq = 0;
  constructor(private readonly ci: boolean) {}
  list(): RemoteSpec[] {
    return [...this.items.values()];
  }
  private nonRoot(i: number): RemoteSpec | undefined {
    const all = this.list().filter((x) => x.id !== R);
    return all.length ? all[i % all.length] : undefined;
  }
  private folder(i: number): RemoteSpec {
    const all = this.list().filter((x) => x.kind === 'folder');
    return all[i % all.length]!;
  }
  private taken(parentId: string, name: string, except?: string): boolean {
    return this.list().some((x) => x.parentId === parentId && x.id !== except && nameKey(x.name, true) === nameKey(name, true));
  }
  private inside(id: string, ancestor: string): boolean {
    for (let cur: string | null = id; cur; cur = this.items.get(cur)?.parentId ?? null) if (cur === ancestor) return true;
    return false;
  }
  private subtree(id: string): string[] {
    return this.list().filter((x) => this.inside(x.id, id)).map((x) => x.id);
  }
  apply(op: Op): void {
    switch (op.t) {
      case 'create': {
        const parent = this.folder(op.parent);
        const name = NAMES[op.name % NAMES.length]!;
        if (this.taken(parent.id, name)) return;
        const id = `i${this.seq++}`;
        this.items.set(id, op.folder ? { id, parentId: parent.id, name, kind: 'folder' } : { id, parentId: parent.id, name, kind: 'file', content: `${id}.0`, mtimeMs: 1_000 });
        return;
      }
      case 'rename': {
        const it = this.nonRoot(op.item);
        const name = NAMES[op.name % NAMES.length]!;
        if (!it || this.taken(it.parentId!, name, it.id)) return;
        this.items.set(it.id, { ...it, name });
        return;
      }
      case 'move': {
        const it = this.nonRoot(op.item);
        const parent = this.folder(op.parent);
        if (!it || this.inside(parent.id, it.id) || this.taken(parent.id, it.name, it.id)) return;
        this.items.set(it.id, { ...it, parentId: parent.id });
        return;
      }
      case 'delete': {
        const it = this.nonRoot(op.item);
        if (it) for (const id of this.subtree(it.id)) this.items.delete(id);
        return;
      }
      case 'modify': {
        const it = this.nonRoot(op.item);
        if (it?.kind === 'file') this.items.set(it.id, { ...it, content: `${it.id}.${this.seq++}`, mtimeMs: 2_000 + this.seq });
        return;
      }
      case 'swap': {
        const a = this.nonRoot(op.a);
        const b = this.nonRoot(op.b);
        if (!a || !b || a.id === b.id || a.parentId !== b.parentId) return;
        this.items.set(a.id, { ...a, name: b.name });
        this.items.set(b.id, { ...b, name: a.name });
        return;
      }
    }
  }
  changesSince(before: Map<string, RemoteSpec>, full: boolean, topOnlyDeletes: boolean): ChangeSet {
    if (full) return fullChangeSet(R, this.list());
    const changed = this.list().filter((x) => JSON.stringify(before.get(x.id)) !== JSON.stringify(x));
    let removed = [...before.keys()].filter((id) => !this.items.has(id));
    if (topOnlyDeletes) removed = removed.filter((id) => this.items.has(before.get(id)!.parentId ?? R));
    void this.ci;
    return deltaChangeSet(R, changed, removed);
  }
}

interface LocalOp {
  t: 'edit' | 'touch' | 'own' | 'rm';
  pick: number;
}
const localOpArb: fc.Arbitrary<LocalOp> = fc.record({ t: fc.constantFrom('edit' as const, 'touch' as const, 'own' as const, 'rm' as const), pick: fc.nat() });

describe('plan (property)', () => {
  it('converges to the remote tree without losing local work', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 25 }),
        fc.array(opArb, { maxLength: 25 }),
        fc.array(localOpArb, { maxLength: 4 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (initial, changes, localOps, ci, full, topOnlyDeletes) => {
          const remote = new Remote(ci);
          for (const op of initial) remote.apply(op);
          const fs = new SimFs(ci);
          let { manifest } = syncSim(fs, new Map(), fullChangeSet(R, remote.list()), { ci });
          expect(fs.snapshot()).toEqual(expectedTree(R, remote.list()));

          // The user works locally.
          const edited = new Map<string, string>(); // id -> content
          const precious = new Set<string>();
          const files = [...manifest.values()].filter((e) => e.kind === 'file');
          localOps.forEach((op, i) => {
            if (op.t === 'own') {
              const name = `own${i}`;
              fs.set(name, { kind: 'file', content: `own-${i}`, mtimeMs: 3 });
              precious.add(`own-${i}`);
              return;
            }
            if (op.t === 'rm') {
              // Local deletes are only noticed when the planner looks at everything (a full change set).
              const all = [...manifest.values()].filter((x) => x.path !== '');
              const victim = all[op.pick % Math.max(1, all.length)];
              if (!full || !victim) return;
              for (const [p, content] of fs.snapshot()) {
                const clean = p.replace(/\/$/, '');
                if (clean === victim.path || clean.startsWith(`${victim.path}/`)) {
                  fs.remove(clean);
                  precious.delete(content);
                  for (const [id, c] of edited) if (c === content) edited.delete(id);
                }
              }
              return;
            }
            const e = files[op.pick % Math.max(1, files.length)];
            if (!e || !fs.get(e.path)) return;
            const cur = fs.get(e.path)!;
            const content = op.t === 'edit' ? `local-${i}` : cur.content;
            fs.set(e.path, { kind: 'file', content, mtimeMs: 5_000 + i });
            const earlier = edited.get(e.id);
            if (earlier !== undefined && op.t === 'edit') precious.delete(earlier);
            if (op.t === 'edit') {
              edited.set(e.id, content);
              precious.add(content);
            }
          });

          const before = new Map(remote.items);
          for (const op of changes) remote.apply(op);
          const changeSet = remote.changesSince(before, full, topOnlyDeletes);
          manifest = syncSim(fs, manifest, changeSet, { ci }).manifest;

          const snap = fs.snapshot();
          // Every remote item is there, with the remote content unless the user's edit stands (remote unchanged).
          const expected = expectedTree(R, remote.list());
          for (const [p, content] of expected) {
            expect(snap.has(p), `missing ${p}`).toBe(true);
            if (p.endsWith('/')) continue;
            const id = [...manifest.values()].find((e) => e.path === p)?.id;
            const keptEdit = id && edited.has(id) && before.get(id)?.content === remote.items.get(id)?.content;
            expect(snap.get(p)).toBe(keptEdit ? edited.get(id!) : content);
          }
          // Everything else is the user's: edits (maybe as conflict copies), own files, and folders holding them.
          for (const [p, content] of snap) {
            expect(p).not.toMatch(/\.odm-/);
            if (expected.has(p)) continue;
            if (p.endsWith('/')) {
              expect([...snap.keys()].some((q) => q.startsWith(p) && !q.endsWith('/') && !expected.has(q)), `stray folder ${p}`).toBe(true);
            } else {
              expect(precious.has(content), `stray file ${p}`).toBe(true);
            }
          }
          for (const c of precious) expect([...snap.values()].includes(c), `lost ${c}`).toBe(true);

          // A second run has nothing to do.
          const again = syncSim(fs, manifest, full ? fullChangeSet(R, remote.list()) : deltaChangeSet(R, []), { ci });
          expect(again.plan.actions).toEqual([]);
          expectManifestMatchesDisk(fs, again.manifest);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

function expectManifestMatchesDisk(fs: SimFs, manifest: Map<string, ManifestEntry>): void {
  for (const e of manifest.values()) {
    if (e.path === '') continue;
    const s = fs.stat(e.path);
    expect(s?.kind, `manifest path ${e.path}`).toBe(e.kind);
    expect(fs.realPath(e.path)).toBe(e.path);
  }
  void toRemote;
}
