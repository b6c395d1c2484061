/**
 * cli-startup: what a user of the shipped `onedrive-mirror` binary waits for, process start included. The BUILT
 * CLI (out/cli, rebuilt first so it is the current source) runs as a child process, like a script or cron job
 * runs it: `--version`, `--help`, `sync list`, and a `sync run` that finds nothing changed in a 5,000-file tree
 * (200 with --quick) synced from the in-bench fake cloud. Each is the median of several rounds (every command once a
 * round, bare `node -e 0` too), also given as a multiple of bare Node's start in the same run.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LATENCY, smallFilesTree, type BenchEnv } from './bench-env';
import { check, type Metric } from './report';
import { cliEnv } from '../fake-cloud/cli-env';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cliBundle = path.join(repo, 'out', 'cli', 'index.js');

interface Timed {
  ms: number;
  code: number | null;
  stdout: string;
  stderr: string;
}

function timed(args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  const started = performance.now();
  const child = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: performance.now() - started, code, stdout, stderr }));
  });
}

/** Runs the CLI and insists on exit 0: a failing command would be timed as a fast one. */
async function cli(args: string[], env: NodeJS.ProcessEnv): Promise<Timed> {
  const r = await timed([cliBundle, ...args], env);
  if (r.code !== 0)
    throw new Error(`onedrive-mirror ${args.join(' ')} exited ${r.code}: ${(r.stderr || r.stdout).slice(0, 500)}`);
  return r;
}

function median(ms: number[]): number {
  const sorted = [...ms].sort((a, b) => a - b);
  return Math.round(sorted[Math.floor(sorted.length / 2)]!);
}

/** The figure as a multiple of bare Node's start in the same run: comparable across machine loads, roughly. */
const times = (ms: number, node: number): string => `${(ms / node).toFixed(2)}x bare node`;

export async function buildCli(): Promise<void> {
  const { build } = await import('vite');
  // The CLI runs syncs in a worker thread loading out/engine-host: both are what ships.
  for (const mode of ['cli', 'engine-host'])
    await build({ root: repo, mode, logLevel: 'warn', configFile: path.join(repo, 'vite.config.ts') });
}

export async function benchCliStartup(env: BenchEnv): Promise<Metric[]> {
  const s = 'cli-startup';
  const files = env.quick ? 200 : 5_000;
  const runs = env.quick ? 3 : 9;
  await buildCli();
  const cloud = await env.cloud();
  cloud.control.setLatency(LATENCY);
  const tree = smallFilesTree(files, files / 50, 100, 2048);
  const under: Record<string, (typeof tree)[string]> = { 'Bench/': null };
  for (const [k, v] of Object.entries(tree)) under[`Bench/${k}`] = v;
  const acc = cloud.control.createAccount({ kind: 'personal', username: 'cli-startup@outlook.com', tree: under });
  const base = await env.tempDir('cli-startup');
  const childEnv = cliEnv(cloud, path.join(base, 'data'));

  // Set up as a user would (not timed): profile, device-code sign-in, the sync, its initial run.
  cloud.control.setDeviceCode({ pendingPolls: 0, outcome: 'approve', accountId: acc.accountId, interval: 0 });
  await cli(['profile', 'add', 'bench'], childEnv);
  await cli(['profile', 'login', 'bench', '--device-code'], childEnv);
  await cli(['sync', 'add', '--profile', 'bench', '--remote', '/Bench', '--local', path.join(base, 'mirror')], childEnv);
  const initial = await cli(['sync', 'run'], childEnv);

  // Round by round, bare Node included, so a load that comes and goes on shared cores weighs on every figure alike.
  const samples: Record<'node' | 'version' | 'help' | 'list' | 'noop' | 'inproc', number[]> = {
    node: [],
    version: [],
    help: [],
    list: [],
    noop: [],
    inproc: [],
  };
  const noopCounts: Partial<Record<string, number>> = {};
  for (let i = 0; i < runs; i++) {
    samples.node.push((await timed(['-e', '0'], childEnv)).ms);
    samples.version.push((await cli(['--version'], childEnv)).ms);
    samples.help.push((await cli(['--help'], childEnv)).ms);
    samples.list.push((await cli(['sync', 'list'], childEnv)).ms);
    cloud.control.resetCounts();
    samples.noop.push((await cli(['sync', 'run'], childEnv)).ms);
    const c = cloud.control.counts();
    for (const [k, v] of Object.entries(c)) noopCounts[k] = (noopCounts[k] ?? 0) + (v ?? 0);
    // The same run with the engine in the CLI's own thread: what the worker thread costs (README "Processes").
    samples.inproc.push((await cli(['sync', 'run'], { ...childEnv, ODM_ENGINE_HOST: 'inprocess' })).ms);
  }
  const node = median(samples.node);
  const [version, help, list, noop, inproc] = [samples.version, samples.help, samples.list, samples.noop, samples.inproc].map(
    median,
  ) as [number, number, number, number, number];
  const counts = noopCounts;
  const graph = (['me', 'drive', 'item', 'children', 'delta'] as const).reduce((n, r) => n + (counts[r] ?? 0), 0) / runs;
  const identity = ((counts.openid ?? 0) + (counts.token ?? 0)) / runs;
  const downloads = counts.download ?? 0;
  return [
    { scenario: s, name: `files in the synced tree (initial run: ${Math.round(initial.ms)} ms)`, value: files, unit: 'files' },
    { scenario: s, name: `bare node -e 0, for scale (median of ${runs})`, value: node, unit: 'ms' },
    {
      scenario: s,
      name: `onedrive-mirror --version (${times(version, node)})`,
      value: version,
      unit: 'ms',
      ...check(version, '<=', 150),
    },
    { scenario: s, name: `onedrive-mirror --help (${times(help, node)})`, value: help, unit: 'ms', ...check(help, '<=', 150) },
    { scenario: s, name: `onedrive-mirror sync list (${times(list, node)})`, value: list, unit: 'ms', ...check(list, '<=', 250) },
    {
      scenario: s,
      name: `onedrive-mirror sync run, nothing changed (${times(noop, node)})`,
      value: noop,
      unit: 'ms',
      ...check(noop, '<=', 600),
    },
    {
      scenario: s,
      name: `sync run, nothing changed, engine in the CLI's thread (ODM_ENGINE_HOST=inprocess; worker ${(noop / inproc).toFixed(2)}x)`,
      value: inproc,
      unit: 'ms',
    },
    {
      scenario: s,
      name: 'sync run, nothing changed: Graph requests per run',
      value: graph,
      unit: 'req',
      ...check(graph, '<=', 1),
    },
    { scenario: s, name: 'sync run, nothing changed: identity requests per run', value: identity, unit: 'req' },
    { scenario: s, name: 'sync run, nothing changed: downloads', value: downloads, unit: 'req', ...check(downloads, '<=', 0) },
  ];
}
