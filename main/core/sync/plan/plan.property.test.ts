/**
 * Property: whatever the remote did (renames, moves, swaps, deletes, re-creates, edits) and whatever the user did
 * locally (edits, touches, own files), planning + applying yields the remote tree, every local edit and every
 * untracked file survives somewhere, no temporary name is left, and the next run has nothing to do.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ManifestEntry } from '../types';
import { Remote, SimFs, deltaChangeSet, expectedTree, fullChangeSet, opArb, syncSim, toRemote } from '../../testing/plan-sim';

const R = 'root';
interface LocalOp {
  t: 'edit' | 'touch' | 'own' | 'rm';
  pick: number;
}
const localOpArb: fc.Arbitrary<LocalOp> = fc.record({
  t: fc.constantFrom('edit' as const, 'touch' as const, 'own' as const, 'rm' as const),
  pick: fc.nat(),
});

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
              expect(
                [...snap.keys()].some((q) => q.startsWith(p) && !q.endsWith('/') && !expected.has(q)),
                `stray folder ${p}`,
              ).toBe(true);
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
