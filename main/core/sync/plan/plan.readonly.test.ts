/**
 * The planner writes to nothing it is given: manifest, change set, local stats and hashes, and a tree passed in
 * are deep-equal before and after planning, whatever the remote and the disk did.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { LocalStat, PlanInput } from './plan-types';
import { buildRemoteTreeSteps, pathsToHashSteps, pathsToStatSteps, planSync, runSteps } from './plan';
import { Remote, SimFs, fullChangeSet, hashOf, opArb, syncSim } from '../../testing/plan-sim';

const R = 'root';

describe('planSync inputs', () => {
  it('are left exactly as they were', () => {
    fc.assert(
      fc.property(
        fc.array(opArb, { maxLength: 20 }),
        fc.array(opArb, { maxLength: 20 }),
        fc.boolean(),
        fc.boolean(),
        (initial, changes, ci, full) => {
          const remote = new Remote(ci);
          for (const op of initial) remote.apply(op);
          const fs = new SimFs(ci);
          const { manifest } = syncSim(fs, new Map(), fullChangeSet(R, remote.list()), { ci });
          const before = new Map(remote.items);
          for (const op of changes) remote.apply(op);
          const changeSet = remote.changesSince(before, full, false);
          const local = new Map<string, LocalStat>();
          for (const p of runSteps(pathsToStatSteps(manifest, changeSet, 'linux', ci))) {
            const s = fs.stat(p);
            if (s) local.set(p, s);
          }
          const localHashes = new Map<string, string>();
          for (const p of runSteps(pathsToHashSteps(manifest, changeSet, local, 'linux', ci)))
            localHashes.set(p, hashOf(fs.get(p)!.content));
          const tree = runSteps(buildRemoteTreeSteps(manifest, changeSet, 'linux', ci));
          const input: PlanInput = {
            manifest,
            changes: changeSet,
            local,
            localHashes,
            platform: 'linux',
            caseInsensitive: ci,
            nowMs: 1,
            tree,
          };
          const copy = structuredClone(input);
          planSync(input);
          expect(isDeepStrictEqual(input, copy)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
