/**
 * Issue 14's small-file scenarios: 5,000 files of 1-8 KiB (in 100 folders), against plain `node:https` downloaders
 * (raw-downloader.ts rawHttpsDownload) in the same run.
 *
 * - cpu-small: the fake answers at once (no latency, no bandwidth cap), so the run is CPU-bound as on a NAS: the
 *   engine's CPU time against the raw downloader's, both 8 at a time; and the peak RSS of the built CLI's initial
 *   sync of the same tree (`onedrive-mirror sync run` in a child process, measured by a preload of its own).
 * - latency-small: 100 ms per download request (a far-away download host): the engine, starting at the default 4
 *   parallel downloads and adapting (semaphore.ts), against a raw downloader at 16.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeBenchSync, smallFilesTree, type BenchEnv, type BenchSync } from './bench-env';
import { buildCli } from './cli-startup';
import type { ChildResult } from './child-job';
import { check, type Metric } from './report';
import { cliEnv } from '../fake-cloud/cli-env';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliBundle = path.join(repo, 'out', 'cli', 'index.js');
const KiB = 1024;
const NO_LATENCY = { graphMs: 0, identityMs: 0, downloadMs: 0, downloadBytesPerSecond: 0 };

function smallTree(quick: boolean) {
  const files = quick ? 500 : 5_000;
  return { files, folders: files / 50, tree: smallFilesTree(files, files / 50, 1 * KiB, 8 * KiB) };
}

/** Raw and sync alternately, `rounds` each; the run with the least of `by` counts for each side. */
async function alternate(
  rounds: number,
  raw: (i: number) => Promise<ChildResult>,
  sync: (i: number) => Promise<ChildResult>,
  by: (r: ChildResult) => number,
): Promise<{ raw: ChildResult; sync: ChildResult }> {
  let best: { raw: ChildResult; sync: ChildResult } | null = null;
  for (let i = 0; i < rounds; i++) {
    const r = await raw(i);
    const s = await sync(i);
    best = { raw: best && by(best.raw) <= by(r) ? best.raw : r, sync: best && by(best.sync) <= by(s) ? best.sync : s };
  }
  return best!;
}

export async function benchCpuSmall(env: BenchEnv): Promise<Metric[]> {
  const s = 'cpu-small';
  const { files, folders, tree } = smallTree(env.quick);
  const bs = await makeBenchSync(env, s, tree);
  bs.cloud.control.setLatency(NO_LATENCY);
  const best = await alternate(
    env.quick ? 1 : 3,
    (i) => bs.raw(`raw${i}`, { slots: 8, http: 'https' }),
    (i) => bs.sync(`sync${i}`, { fresh: true, slots: 8, adaptive: true }),
    (r) => r.cpuMs,
  );
  if (best.sync.files !== files) throw new Error(`${s}: synced ${best.sync.files} of ${files} files`);
  const ratio = best.sync.cpuMs / best.raw.cpuMs;
  const cli = await cliInitialSync(env, bs);
  return [
    { scenario: s, name: 'files / folders (1-8 KiB each, no latency)', value: files, unit: `files in ${folders} folders` },
    { scenario: s, name: 'raw node:https CPU time (8 at a time, listing not timed)', value: best.raw.cpuMs / 1000, unit: 's' },
    { scenario: s, name: 'sync CPU time (listing included)', value: best.sync.cpuMs / 1000, unit: 's' },
    { scenario: s, name: 'sync / raw CPU time', value: ratio, unit: 'x', ...check(ratio, '<=', 1.5) },
    { scenario: s, name: 'sync / raw wall time', value: best.sync.wallMs / best.raw.wallMs, unit: 'x' },
    ...Object.entries(best.sync.phases ?? {}).map(([phase, p]) => ({
      scenario: s,
      name: `sync phase ${phase}: CPU (peak RSS ${p.rssMB.toFixed(0)} MB, heap ${p.heapMB.toFixed(0)}, buffers ${p.externalMB.toFixed(0)})`,
      value: (p.cpuMs ?? 0) / 1000,
      unit: 's',
    })),
    // Informative here: with no latency the loop runs flat out by design (the 100 ms bar is the latency scenarios').
    { scenario: s, name: 'sync: peak RSS', value: best.sync.maxRssMB, unit: 'MB' },
    { scenario: s, name: 'raw: peak RSS', value: best.raw.maxRssMB, unit: 'MB' },
    {
      scenario: s,
      name: 'sync: event-loop delay p99 / max',
      value: best.sync.eldP99Ms,
      unit: `ms / ${best.sync.eldMaxMs.toFixed(0)} ms`,
    },
    { scenario: s, name: `CLI initial sync: wall time`, value: cli.wallMs / 1000, unit: 's' },
    { scenario: s, name: `CLI initial sync: CPU time (process start included)`, value: cli.cpuMs / 1000, unit: 's' },
    {
      scenario: s,
      name: `CLI initial sync: peak RSS (${cli.processes} process${cli.processes > 1 ? 'es, the largest' : ''})`,
      value: cli.maxRssMB,
      unit: 'MB',
      ...check(cli.maxRssMB, '<=', 120),
    },
  ];
}

export async function benchLatencySmall(env: BenchEnv): Promise<Metric[]> {
  const s = 'latency-small';
  const { files, folders, tree } = smallTree(env.quick);
  const bs = await makeBenchSync(env, s, tree);
  bs.cloud.control.setLatency({ ...NO_LATENCY, graphMs: 20, downloadMs: 100 });
  const best = await alternate(
    env.quick ? 1 : 2,
    (i) => bs.raw(`raw${i}`, { slots: 16, http: 'https' }),
    (i) => bs.sync(`sync${i}`, { fresh: true, slots: 4, adaptive: true }),
    (r) => r.wallMs,
  );
  if (best.sync.files !== files) throw new Error(`${s}: synced ${best.sync.files} of ${files} files`);
  const ratio = best.sync.wallMs / best.raw.wallMs;
  return [
    { scenario: s, name: 'files / folders (100 ms per download request)', value: files, unit: `files in ${folders} folders` },
    { scenario: s, name: 'raw node:https wall time (16 at a time, listing not timed)', value: best.raw.wallMs / 1000, unit: 's' },
    {
      scenario: s,
      name: 'sync wall time (from 4 parallel, adaptive; listing included)',
      value: best.sync.wallMs / 1000,
      unit: 's',
    },
    { scenario: s, name: 'sync / raw wall time', value: ratio, unit: 'x', ...check(ratio, '<=', 1.3) },
    { scenario: s, name: 'sync CPU time', value: best.sync.cpuMs / 1000, unit: 's' },
    { scenario: s, name: 'sync: peak RSS', value: best.sync.maxRssMB, unit: 'MB' },
  ];
}

/** Writes each Node process's peak RSS and CPU at exit (NODE_OPTIONS --require): the CLI and any child it starts. */
const PRELOAD = `const fs = require('node:fs');
const peak = { heapMB: 0, externalMB: 0 };
setInterval(() => {
  const m = process.memoryUsage();
  peak.heapMB = Math.max(peak.heapMB, m.heapTotal / 1048576);
  peak.externalMB = Math.max(peak.externalMB, (m.external + m.arrayBuffers) / 1048576);
}, 50).unref();
process.on('exit', () => {
  const u = process.resourceUsage();
  // VmHWM: this process's own peak. getrusage's maxRSS keeps the high-water mark from before exec, i.e. the forked
  // copy of the (big) bench parent.
  const hwm = /VmHWM:\\s*(\\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
  fs.appendFileSync(process.env.ODM_BENCH_RUSAGE, JSON.stringify({ pid: process.pid, maxRssKB: hwm ? Number(hwm) : u.maxRSS, cpuUs: u.userCPUTime + u.systemCPUTime, ...peak }) + '\\n');
});
`;

/** The built CLI's first `sync run` of the bench tree, from profile setup on (setup not measured). */
export async function cliInitialSync(
  env: BenchEnv,
  bs: BenchSync,
): Promise<{ wallMs: number; cpuMs: number; maxRssMB: number; processes: number }> {
  await buildCli();
  const base = await env.tempDir('cpu-small-cli');
  const preload = path.join(base, 'rusage.cjs');
  const rusage = path.join(base, 'rusage.jsonl');
  await fs.writeFile(preload, PRELOAD);
  const { cloud, acc } = bs;
  const childEnv = cliEnv(cloud, path.join(base, 'data'));
  const cli = (args: string[], measured = false) =>
    new Promise<number>((resolve, reject) => {
      const started = performance.now();
      const env = measured ? { ...childEnv, NODE_OPTIONS: `--require ${preload}`, ODM_BENCH_RUSAGE: rusage } : childEnv;
      // ODM_BENCH_CLI_FLAGS: extra Node flags for the measured CLI (diagnosis, e.g. --heap-prof or --trace-gc).
      const flags = measured ? (process.env.ODM_BENCH_CLI_FLAGS ?? '').split(' ').filter(Boolean) : [];
      const out = flags.length ? 'inherit' : 'ignore';
      const child = spawn(process.execPath, [...flags, cliBundle, ...args], {
        env,
        stdio: ['ignore', out, flags.length ? 'inherit' : 'pipe'],
      });
      let err = '';
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) =>
        code === 0
          ? resolve(performance.now() - started)
          : reject(new Error(`onedrive-mirror ${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`)),
      );
    });
  cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: acc.accountId, interval: 0 });
  await cli(['profile', 'add', 'bench']);
  await cli(['profile', 'login', 'bench', '--device-code']);
  await cli(['sync', 'add', '--profile', 'bench', '--remote', '/Bench', '--local', path.join(base, 'mirror')]);
  const wallMs = await cli(['sync', 'run'], true);
  const rows = (await fs.readFile(rusage, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { maxRssKB: number; cpuUs: number; heapMB: number; externalMB: number });
  if (process.env.ODM_BENCH_CLI_FLAGS !== undefined) process.stderr.write(`${JSON.stringify(rows)}\n`);
  return {
    wallMs,
    cpuMs: rows.reduce((n, r) => n + r.cpuUs, 0) / 1000,
    maxRssMB: Math.max(...rows.map((r) => r.maxRssKB)) / 1024,
    processes: rows.length,
  };
}
