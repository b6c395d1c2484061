import { describe, expect, it } from 'vitest';
import type { ChangeSet, ManifestEntry, RemoteItem } from './types';
import type { LocalStat, PlanInput } from './plan/plan-types';
import {
  buildRemoteTreeSteps,
  interruptedMovesSteps,
  pathsToHashSteps,
  pathsToStatSteps,
  planSync,
  planSyncCooperative,
  planSyncSteps,
} from './plan/plan';
import { runSteps, runStepsYielding, ticker, type Steps } from './steps';

/** Yields until `done()` (or `limit` yields); returns how many yields that took. */
function* spinUntil(done: () => boolean, limit: number): Steps<number> {
  let n = 0;
  while (!done() && n < limit) {
    n++;
    yield;
  }
  return n;
}

/** A clock that moves one unit per reading. */
const steppingClock = (): (() => number) => {
  let t = 0;
  return () => t++;
};

describe('runStepsYielding', () => {
  it('lets a setImmediate callback run in the middle of a long generator', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    const yields = await runStepsYielding(
      spinUntil(() => ran, 1_000_000),
      { sliceMs: 5, now: steppingClock() },
    );
    expect(ran).toBe(true);
    expect(yields).toBeLessThan(1_000_000);
  });

  it('lets a timer fire in the middle of a long generator (real clock)', async () => {
    let fired = false;
    const timer = new Promise<void>((resolve) => setTimeout(() => ((fired = true), resolve()), 0));
    const yields = await runStepsYielding(
      spinUntil(() => fired, Number.MAX_SAFE_INTEGER),
      { sliceMs: 1 },
    );
    await timer;
    expect(fired).toBe(true);
    expect(yields).toBeGreaterThan(0);
  });

  it('keeps the loop while the slice lasts (a yield alone does not give up the loop)', async () => {
    let ran = false;
    setImmediate(() => (ran = true));
    const yields = await runStepsYielding(
      spinUntil(() => ran, 10_000),
      { now: () => 0 },
    );
    expect(yields).toBe(10_000);
  });

  it('runSteps runs straight through: nothing else gets a turn', () => {
    let ran = false;
    setImmediate(() => (ran = true));
    expect(runSteps(spinUntil(() => ran, 10_000))).toBe(10_000);
  });

  it('gives the same result as runSteps', async () => {
    function* sum(n: number): Steps<number> {
      const tick = ticker(7);
      let s = 0;
      for (let i = 0; i < n; i++) {
        s += i;
        if (tick()) yield;
      }
      return s;
    }
    expect(await runStepsYielding(sum(10_000), { sliceMs: 0 })).toBe(runSteps(sum(10_000)));
  });
});

describe('ticker', () => {
  it('is true once every `every` calls', () => {
    const tick = ticker(3);
    expect(Array.from({ length: 7 }, () => tick())).toEqual([false, false, true, false, false, true, false]);
  });
});

// A deterministic few-thousand-item drive, its first sync, then a run of every kind of change on both sides.
const R = 'root';
function random(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
}

function file(id: string, parentId: string, name: string, content: string): RemoteItem {
  return {
    id,
    parentId,
    name,
    kind: 'file',
    size: content.length,
    eTag: `e:${content}`,
    cTag: `c:${content}`,
    mtimeMs: 1_000,
    hashes: { quickXorHash: `h:${content}` },
    downloadUrl: `https://dl.example/${id}`,
  };
}
function folder(id: string, parentId: string | null, name: string): RemoteItem {
  return {
    id,
    parentId,
    name,
    kind: 'folder',
    size: 0,
    eTag: `e:${id}`,
    cTag: null,
    mtimeMs: 1_000,
    hashes: {},
    downloadUrl: null,
  };
}

interface Scenario {
  first: PlanInput;
  next: PlanInput;
}

function scenario(n: number, ci: boolean): Scenario {
  const rnd = random(ci ? 7 : 11);
  const pick = <T>(a: T[]): T => a[Math.floor(rnd() * a.length)]!;
  const folders = [folder(R, null, 'root')];
  const items: RemoteItem[] = [...folders];
  for (let i = 0; i < n; i++) {
    const parent = pick(folders);
    if (rnd() < 0.1) {
      const f = folder(`d${i}`, parent.id, `dir-${i}`);
      folders.push(f);
      items.push(f);
    } else {
      items.push(file(`f${i}`, parent.id, `file-${i}${ci && i % 50 === 0 ? '.TXT' : '.txt'}`, `v0-${i}`));
    }
  }
  const platform = 'linux' as const;
  const first: PlanInput = {
    manifest: new Map(),
    changes: { full: true, rootId: R, items, removedIds: [], deltaLink: 'd1', requests: 1 },
    local: new Map(),
    localHashes: new Map(),
    platform,
    caseInsensitive: ci,
    nowMs: 1_000_000,
  };
  const manifest = new Map<string, ManifestEntry>();
  for (const [id, e] of planSync(first).nextManifest)
    manifest.set(id, e.kind === 'file' ? { ...e, localSize: e.size, localMtimeMs: 5 } : e);

  // Remote: renames, moves, swaps, case-only renames, edits, deletes, new items, a name taken by a new item.
  const entries = [...manifest.values()].filter((e) => e.id !== R);
  const byId = new Map(items.map((r) => [r.id, r]));
  const changed = new Map<string, RemoteItem>();
  const removedIds: string[] = [];
  const cur = (id: string): RemoteItem => changed.get(id) ?? byId.get(id)!;
  for (let i = 0; i < n / 10; i++) {
    const e = pick(entries);
    const r = cur(e.id);
    const roll = rnd();
    if (roll < 0.2) changed.set(e.id, { ...r, name: `renamed-${i}-${r.name}` });
    else if (roll < 0.3 && r.kind === 'file') changed.set(e.id, { ...r, parentId: pick(folders).id });
    else if (roll < 0.4 && r.kind === 'file') changed.set(e.id, file(r.id, r.parentId!, r.name, `v1-${i}`));
    else if (roll < 0.5) changed.set(e.id, { ...r, name: r.name.toUpperCase() });
    else if (roll < 0.6) removedIds.push(e.id);
    else if (roll < 0.7) changed.set(`n${i}`, file(`n${i}`, pick(folders).id, `new-${i}.txt`, `n-${i}`));
    else if (roll < 0.75) {
      const other = pick(entries);
      const o = cur(other.id);
      if (o.parentId === r.parentId && o.id !== r.id) {
        changed.set(r.id, { ...r, name: o.name });
        changed.set(o.id, { ...o, name: r.name });
      }
    } else if (roll < 0.8 && r.kind === 'file') {
      // Deleted and re-created at the same place under a new id.
      removedIds.push(r.id);
      changed.set(`re${i}`, { ...r, id: `re${i}` });
    }
  }
  const changes: ChangeSet = { full: false, rootId: R, items: [...changed.values()], removedIds, deltaLink: 'd2', requests: 1 };

  // Local: edits, touches, deletions, symlinks in the way, untracked files, as lstat reports them.
  const local = new Map<string, LocalStat>();
  const localHashes = new Map<string, string>();
  const tree = runSteps(buildRemoteTreeSteps(manifest, changes, platform, ci));
  const oldAt = new Map([...manifest.values()].map((e) => [e.path, e]));
  const newAt = new Map([...tree.nodes.values()].map((n) => [n.entry.path, n.entry]));
  for (const p of runSteps(pathsToStatSteps(manifest, changes, platform, ci, tree))) {
    const e = oldAt.get(p);
    const roll = rnd();
    if (!e) {
      if (roll < 0.3) local.set(p, { kind: 'file', size: 3, mtimeMs: 9 });
    } else if (roll < 0.05) continue;
    else if (roll < 0.08) local.set(p, { kind: 'symlink', size: 0, mtimeMs: 9 });
    else if (e.kind === 'folder') local.set(p, { kind: 'folder', size: 0, mtimeMs: 9 });
    else if (roll < 0.2) local.set(p, { kind: 'file', size: e.size + 1, mtimeMs: 9 });
    else if (roll < 0.3) local.set(p, { kind: 'file', size: e.size, mtimeMs: 9 });
    else local.set(p, { kind: 'file', size: e.localSize!, mtimeMs: e.localMtimeMs! });
  }
  // Some files already hold the new remote version (a killed run wrote it), some the old one, some neither.
  for (const p of runSteps(pathsToHashSteps(manifest, changes, local, platform, ci, tree))) {
    const roll = rnd();
    localHashes.set(p, (roll < 0.4 ? newAt.get(p)?.quickXorHash : roll < 0.7 ? oldAt.get(p)?.quickXorHash : null) ?? 'h:other');
  }
  return { first, next: { manifest, changes, local, localHashes, platform, caseInsensitive: ci, nowMs: 2_000_000, tree } };
}

const yielding = <T>(g: Steps<T>): Promise<T> => runStepsYielding(g, { sliceMs: 0 });

describe.each([false, true])('the planner as steps (case-insensitive: %s)', (ci) => {
  const s = scenario(3_000, ci);

  it('plans a first full sync exactly like planSync, giving up the loop along the way', async () => {
    let turns = 0;
    let planning = true;
    const counting = (): void => {
      turns++;
      if (planning) setImmediate(counting);
    };
    setImmediate(counting);
    const plan = await yielding(planSyncSteps(s.first));
    planning = false;
    expect(plan).toEqual(planSync(s.first));
    expect(plan.actions).toHaveLength(3_000); // a mkdir or a download per item
    expect(turns).toBeGreaterThan(10);
  });

  it('plans a run of remote and local changes exactly like planSync', async () => {
    const expected = planSync(s.next);
    expect(expected.actions.some((a) => a.type === 'move')).toBe(true);
    expect(expected.actions.some((a) => a.type === 'keep-as-conflict')).toBe(true);
    expect(expected.refused.length).toBeGreaterThan(0);
    expect(await yielding(planSyncSteps(s.next))).toEqual(expected);
    const { tree: _tree, ...withoutTree } = s.next;
    expect(await yielding(planSyncSteps(withoutTree))).toEqual(expected);
  });

  it('gives the same tree, paths to stat and hash, and interrupted moves as the synchronous calls', async () => {
    const { manifest, changes, local, platform } = s.next;
    expect(await yielding(buildRemoteTreeSteps(manifest, changes, platform, ci))).toEqual(
      runSteps(buildRemoteTreeSteps(manifest, changes, platform, ci)),
    );
    expect(await yielding(pathsToStatSteps(manifest, changes, platform, ci))).toEqual(
      runSteps(pathsToStatSteps(manifest, changes, platform, ci)),
    );
    expect(await yielding(pathsToHashSteps(manifest, changes, local, platform, ci))).toEqual(
      runSteps(pathsToHashSteps(manifest, changes, local, platform, ci)),
    );
    expect(await yielding(interruptedMovesSteps(manifest, { ...changes, full: true }))).toEqual(
      runSteps(interruptedMovesSteps(manifest, { ...changes, full: true })),
    );
  });

  it('planSyncCooperative asks for the same paths and makes the same plan as the synchronous sequence', async () => {
    const { manifest, changes, local, localHashes, platform, nowMs } = s.next;
    const asked: string[][] = [];
    const plan = await planSyncCooperative({
      manifest,
      changes,
      platform,
      caseInsensitive: ci,
      statLocal: async (paths) => (asked.push(paths), local),
      hashLocal: async (paths) => (asked.push(paths), localHashes),
      now: () => nowMs,
      sliceMs: 0,
    });
    expect(asked).toEqual([
      runSteps(pathsToStatSteps(manifest, changes, platform, ci)),
      runSteps(pathsToHashSteps(manifest, changes, local, platform, ci)),
    ]);
    expect(plan).toEqual(planSync(s.next));
  });
});
