/**
 * Scenarios 3-5 at 100,000 items (5,000 with --quick), sharing one initial sync per bench run:
 * memory (peak RSS during the initial sync, RSS at rest after it), incremental-noop, incremental-100-changes.
 */
import { LATENCY, makeBenchSync, smallFilesTree, type BenchEnv, type BenchSync } from './bench-env';
import { counted, phaseRows, processRows, type Counted } from './initial';
import { check, type Metric } from './report';

interface Scale {
  bs: BenchSync;
  items: number;
  filePaths: string[];
  initial: Counted;
}

const scales = new WeakMap<BenchEnv, Promise<Scale>>();

/** The big tree and its initial sync, made once per bench run whichever of scenarios 3-5 asks first. */
function scale(env: BenchEnv): Promise<Scale> {
  let s = scales.get(env);
  if (!s) {
    s = (async () => {
      const items = env.quick ? 5_000 : 100_000;
      const folders = items / 100;
      const tree = smallFilesTree(items - folders, folders, 100, 2048);
      const bs = await makeBenchSync(env, 'scale', tree);
      bs.cloud.control.setLatency(LATENCY);
      const initial = await counted(bs.cloud, () => bs.sync('initial'));
      const filePaths = Object.keys(tree).filter((k) => !k.endsWith('/'));
      return { bs, items, filePaths, initial };
    })();
    scales.set(env, s);
  }
  return s;
}

export async function benchMemory(env: BenchEnv): Promise<Metric[]> {
  const s = 'memory';
  const { items, initial } = await scale(env);
  const r = initial.result;
  return [
    { scenario: s, name: 'items (files + folders)', value: items, unit: 'items' },
    { scenario: s, name: 'initial sync wall time', value: r.wallMs / 1000, unit: 's' },
    { scenario: s, name: 'initial sync Graph requests', value: initial.graph, unit: 'req' },
    { scenario: s, name: 'initial sync CPU time', value: r.cpuMs / 1000, unit: 's' },
    { scenario: s, name: 'RSS of the loaded process before the sync', value: r.rssBeforeMB, unit: 'MB' },
    { scenario: s, name: 'peak RSS during the initial sync', value: r.maxRssMB, unit: 'MB', ...check(r.maxRssMB, '<=', 250) },
    {
      scenario: s,
      name: 'RSS at rest after the sync (after GC)',
      value: r.rssAtRestMB,
      unit: 'MB',
      ...check(r.rssAtRestMB, '<=', 250),
    },
    { scenario: s, name: 'JS heap at rest after the sync', value: r.heapAtRestMB, unit: 'MB' },
    { scenario: s, name: 'sync: event-loop delay p99', value: r.eldP99Ms, unit: 'ms' },
    { scenario: s, name: 'sync: event-loop delay max', value: r.eldMaxMs, unit: 'ms', ...check(r.eldMaxMs, '<=', 100) },
    ...phaseRows(s, r),
  ];
}

export async function benchIncrementalNoop(env: BenchEnv): Promise<Metric[]> {
  const s = 'incremental-noop';
  const { bs, items } = await scale(env);
  const run = await counted(bs.cloud, () => bs.sync('noop'));
  const r = run.result;
  return [
    { scenario: s, name: 'items', value: items, unit: 'items' },
    { scenario: s, name: 'wall time (state load to state save)', value: r.wallMs, unit: 'ms', ...check(r.wallMs, '<=', 1000) },
    { scenario: s, name: 'CPU time', value: r.cpuMs, unit: 'ms' },
    { scenario: s, name: 'Graph requests (one config)', value: run.graph, unit: 'req', ...check(run.graph, '<=', 1) },
    { scenario: s, name: 'downloads', value: run.downloads, unit: 'req', ...check(run.downloads, '<=', 0) },
    ...processRows(s, r),
    ...phaseRows(s, r),
  ];
}

export async function benchIncremental100(env: BenchEnv): Promise<Metric[]> {
  const s = 'incremental-100-changes';
  const { bs, items, filePaths } = await scale(env);
  const { control } = bs.cloud;
  const acc = bs.acc.accountId;
  // 60 edits, 20 new files, 20 deletions spread over the tree (always the same ones).
  const step = Math.floor(filePaths.length / 100);
  for (let i = 0; i < 80; i++) {
    const p = `Bench/${filePaths[i * step]!}`;
    if (i < 60) control.modify(acc, p, { size: 3000, seed: 777 + i });
    else control.addFile(acc, p.replace(/\.bin$/, '-new.bin'), { size: 1500, seed: 888 + i });
  }
  for (let i = 80; i < 100; i++) control.delete(acc, `Bench/${filePaths[i * step]!}`);
  const run = await counted(bs.cloud, () => bs.sync('changes'));
  const r = run.result;
  return [
    { scenario: s, name: 'items', value: items, unit: 'items' },
    { scenario: s, name: 'changes online (60 edited, 20 added, 20 deleted)', value: 100, unit: 'changes' },
    { scenario: s, name: 'wall time', value: r.wallMs, unit: 'ms' },
    { scenario: s, name: 'CPU time', value: r.cpuMs, unit: 'ms' },
    { scenario: s, name: 'Graph requests', value: run.graph, unit: 'req' },
    { scenario: s, name: 'downloads', value: run.downloads, unit: 'req', ...check(run.downloads, '<=', 80) },
    { scenario: s, name: 'files downloaded / trashed', value: r.files, unit: `/ ${r.summary?.trashed ?? 0}` },
    ...processRows(s, r),
    ...phaseRows(s, r),
  ];
}
