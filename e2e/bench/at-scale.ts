/**
 * Scenarios 3-5 at 100,000 items (5,000 with --quick; ODM_BENCH_SCALE_ITEMS overrides), sharing one initial sync
 * per bench run: memory (the initial sync as shipped: the bench child plays main and drives the hosted engine, the
 * host a process of its own; peak RSS of each, main's event-loop delay), incremental-noop, incremental-100-changes
 * (runSync directly in the child, as before the engine host: comparable with earlier figures).
 * ODM_BENCH_MEMORY_DIRECT=1 runs the initial sync with runSync in the child too: the pre-host figures, for a
 * comparison at the same load.
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
      const items = Number(process.env.ODM_BENCH_SCALE_ITEMS) || (env.quick ? 5_000 : 100_000);
      const folders = items / 100;
      const tree = smallFilesTree(items - folders, folders, 100, 2048);
      const bs = await makeBenchSync(env, 'scale', tree);
      bs.cloud.control.setLatency(LATENCY);
      const initial = await counted(bs.cloud, () => bs.sync('initial', { hosted: !process.env.ODM_BENCH_MEMORY_DIRECT }));
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
  const h = r.host;
  if (!h) return directMemoryRows(s, items, initial);
  return [
    { scenario: s, name: 'items (files + folders)', value: items, unit: 'items' },
    { scenario: s, name: 'initial sync wall time (host start included)', value: r.wallMs / 1000, unit: 's' },
    { scenario: s, name: 'initial sync Graph requests', value: initial.graph, unit: 'req' },
    { scenario: s, name: 'initial sync CPU time (main + host)', value: r.cpuMs / 1000, unit: 's' },
    {
      scenario: s,
      name: 'CPU time of main / of the host',
      value: h.mainCpuMs / 1000,
      unit: `s / ${(h.cpuMs / 1000).toFixed(1)} s`,
    },
    // Issue 14: main's loop stays responsive while the host syncs.
    { scenario: s, name: 'mainLoopMaxMs', value: r.eldMaxMs, unit: 'ms', ...check(r.eldMaxMs, '<=', 20) },
    { scenario: s, name: 'main: event-loop delay p99', value: r.eldP99Ms, unit: 'ms' },
    {
      scenario: s,
      name: "idle Node process alongside: event-loop delay max (the cores' scheduling noise)",
      value: h.idleLoopMaxMs,
      unit: 'ms',
    },
    {
      scenario: s,
      name: 'engine host: event-loop delay max (how long a cancel or a token answer can wait)',
      value: h.hostLoopMaxMs,
      unit: 'ms',
    },
    { scenario: s, name: 'engine host: peak RSS', value: h.maxRssMB, unit: 'MB', ...check(h.maxRssMB, '<=', 250) },
    {
      scenario: s,
      name: 'main + host: peak RSS (sampled together every 50 ms)',
      value: h.mainPlusHostMaxRssMB,
      unit: 'MB',
      ...check(h.mainPlusHostMaxRssMB, '<=', 350),
    },
    { scenario: s, name: 'main: peak RSS', value: r.maxRssMB, unit: 'MB' },
    { scenario: s, name: 'main: RSS before the sync', value: r.rssBeforeMB, unit: 'MB' },
    { scenario: s, name: 'main: RSS at rest after the sync (after GC; the host has stopped)', value: r.rssAtRestMB, unit: 'MB' },
    ...Object.entries(h.phasesRssMB).map(([phase, mb]) => ({
      scenario: s,
      name: `host phase ${phase}: peak RSS`,
      value: mb,
      unit: 'MB',
    })),
    ...phaseRows(s, r).map((m) => ({ ...m, name: `main ${m.name}` })),
  ];
}

/** The initial sync by runSync in one process (ODM_BENCH_MEMORY_DIRECT): the rows from before the engine host. */
function directMemoryRows(s: string, items: number, initial: Counted): Metric[] {
  const r = initial.result;
  return [
    { scenario: s, name: 'items (files + folders), direct runSync', value: items, unit: 'items' },
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
    { scenario: s, name: 'sync: event-loop delay p99', value: r.eldP99Ms, unit: 'ms' },
    { scenario: s, name: 'sync: event-loop delay max', value: r.eldMaxMs, unit: 'ms' },
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
