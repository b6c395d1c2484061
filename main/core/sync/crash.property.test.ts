/**
 * Property, on a real folder with the real planner and applier: a run killed after any action, with the manifest
 * of any checkpoint before that (plus the move journal), is followed by a run that converges to the remote tree, leaves no temporary name
 * and no conflict copy of our own downloads, and then has nothing left to do.
 */
import fc from 'fast-check';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DriveClient } from '../graph/drive-client';
import { silentLogger } from '../ports';
import { applyPlan } from './apply/apply';
import { createLocalFs, recoverInterruptedMoves } from './apply/apply-fs';
import { appendMove, clearJournal, markRenamesDone, replayJournal } from './apply/apply-journal';
import { hashLocal, statLocal } from './enumerate/local-stat';
import { interruptedMovesSteps, pathsToHashSteps, pathsToStatSteps, planSync, runSteps } from './plan/plan';
import { Remote, deltaChangeSet, expectedTree, fullChangeSet, opArb, type RemoteSpec } from '../testing/plan-sim';
import { QuickXorHash } from './download/quickxorhash';
import { Semaphore } from './semaphore';
import type { ChangeSet, ManifestEntry } from './types';
import { readTree } from '../testing/read-tree';

const R = 'root';
const contentByHash = new Map<string, string>();
const qx = (content: string): string => {
  const h = new QuickXorHash().update(Buffer.from(content)).digest();
  contentByHash.set(h, content);
  return h;
};

/** Real hashes instead of the sim's stand-ins, so local hashing agrees with the remote. */
function withRealHashes(changes: ChangeSet): ChangeSet {
  return {
    ...changes,
    items: changes.items.map((r) =>
      r.kind === 'file' ? { ...r, hashes: { quickXorHash: qx((r.hashes.quickXorHash ?? 'h:').slice(2)) } } : r,
    ),
  };
}

interface RunOpts {
  /** Abort after this many completed actions (a kill at a file boundary). */
  killAfter?: number;
  /** Which checkpoint's manifest survives the kill. */
  checkpointAt?: number;
}

async function run(root: string, start: Map<string, ManifestEntry>, changes: ChangeSet, o: RunOpts = {}) {
  const lfs = createLocalFs(root);
  const journal = `${root}.moves.jsonl`;
  const manifest = new Map(start);
  await replayJournal(journal, lfs, manifest);
  await clearJournal(journal);
  await recoverInterruptedMoves(lfs, runSteps(interruptedMovesSteps(manifest, changes)));
  const local = await statLocal(root, runSteps(pathsToStatSteps(manifest, changes, 'linux', false)));
  const localHashes = await hashLocal(root, runSteps(pathsToHashSteps(manifest, changes, local, 'linux', false)));
  const plan = planSync({ manifest, changes, local, localHashes, platform: 'linux', caseInsensitive: false, nowMs: 0 });
  const live = new Map(manifest);
  let saved = new Map(manifest);
  let checkpoints = 0;
  let done = 0;
  const ac = new AbortController();
  const save = (): void => {
    checkpoints++;
    if (o.checkpointAt === undefined || checkpoints <= o.checkpointAt) saved = new Map(live);
  };
  const out = await applyPlan({
    plan,
    lfs,
    manifest: live,
    driveId: 'd',
    client: {} as DriveClient,
    trash: { trash: (p) => fs.rm(p, { recursive: true }) },
    logger: silentLogger,
    signal: ac.signal,
    downloadSlots: new Semaphore(1),
    partials: new Set(),
    checkpoint: () => {
      save();
      if (o.killAfter !== undefined && ++done >= o.killAfter) ac.abort(new Error('killed'));
    },
    flush: async () => save(),
    journal: (rec) => appendMove(journal, rec),
    journalRenamesDone: () => markRenamesDone(journal),
    freeBytes: async () => 1e12,
    now: () => 0,
    download: async ({ item, tempPath }) => {
      const content = contentByHash.get(item.hashes.quickXorHash!)!;
      await fs.writeFile(tempPath, content);
      return { bytes: item.size, verifiedBy: 'quickXorHash' };
    },
  });
  return { plan, out, manifest: o.killAfter === undefined ? live : saved };
}

describe('crash safety (property)', () => {
  it('converges after a kill at any action with any earlier checkpoint', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 10 }),
        fc.array(opArb, { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        fc.nat({ max: 30 }),
        fc.nat({ max: 30 }),
        async (initial, changes, full, killAfter, checkpointAt) => {
          const root = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-crash-'));
          try {
            const remote = new Remote();
            for (const op of initial) remote.apply(op);
            let manifest = (await run(root, new Map(), withRealHashes(fullChangeSet(R, remote.list())))).manifest;
            const before = new Map<string, RemoteSpec>(remote.items);
            for (const op of changes) remote.apply(op);
            const changeSet = withRealHashes(remote.changesSince(before, full, false));

            const killed = await run(root, manifest, changeSet, { killAfter: killAfter + 1, checkpointAt });
            manifest = killed.manifest;
            const again = await run(root, manifest, changeSet);
            expect(again.out.failures).toEqual([]);
            const tree = await readTree(root);
            expect([...tree.keys()].filter((k) => k.includes('.odm-') || k.includes('(conflict '))).toEqual([]);
            expect(tree).toEqual(expectedTree(R, remote.list()));
            const third = await run(root, again.manifest, full ? changeSet : withRealHashes(deltaChangeSet(R, [])));
            expect(third.plan.actions).toEqual([]);
          } finally {
            await fs.rm(root, { recursive: true, force: true });
            await fs.rm(`${root}.moves.jsonl`, { force: true });
          }
        },
      ),
      { numRuns: 200 },
    );
  }, 60_000);
});
