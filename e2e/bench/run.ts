/**
 * `npm run bench` runs the scenarios of issue 8 and prints a table beside the targets; `--quick` is the small
 * CI smoke version (no thresholds enforced); `--only=a,b` picks scenarios; `--profile=cpu|heap` writes a CPU or
 * heap-sampling profile of every measured sync child to bench-results/profiles. Results go to bench-results/.
 * Both modes exit 0: a MISS row is a finding to fix, not a crash.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createBenchEnv, LATENCY, type BenchEnv } from './bench-env';
import { benchIncremental100, benchIncrementalNoop, benchMemory } from './at-scale';
import { formatTable, quickRows, summaryLine, type Metric } from './report';
import { benchHash } from './hash';
import { benchInitialLarge, benchInitialSmall } from './initial';
import { benchSchedulerIdle } from './scheduler-idle';
import { benchCliStartup } from './cli-startup';
import { benchLiveIdle, benchLiveLatency } from './live';
import { benchDownloadLimit } from './download-limit';
import { benchCpuSmall, benchLatencySmall } from './small-files';

type Scenario = (env: BenchEnv) => Promise<Metric[]>;

// hash first: it measures this process, which later holds the fake cloud's big trees. The idle scenarios measure
// a bundled child of their own. cli-startup early, while the fake cloud in this process is small and answers at once.
const scenarios: Record<string, Scenario> = {
  'scheduler-idle': benchSchedulerIdle,
  hash: benchHash,
  'cli-startup': benchCliStartup,
  'initial-small': benchInitialSmall,
  'initial-large': benchInitialLarge,
  memory: benchMemory,
  'incremental-noop': benchIncrementalNoop,
  'incremental-100-changes': benchIncremental100,
  'live-idle': benchLiveIdle,
  'live-latency': benchLiveLatency,
  'download-limit': benchDownloadLimit,
  'cpu-small': benchCpuSmall,
  'latency-small': benchLatencySmall,
};

const PROFILE_FLAGS: Record<string, string[]> = {
  cpu: ['--cpu-prof', '--cpu-prof-dir=bench-results/profiles', '--cpu-prof-name={label}.cpuprofile'],
  heap: ['--heap-prof', '--heap-prof-dir=bench-results/profiles', '--heap-prof-name={label}.heapprofile'],
};

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = onlyArg ? new Set(onlyArg.split(',')) : null;
  const profile = args.find((a) => a.startsWith('--profile='))?.slice('--profile='.length);
  // ODM_BENCH_NODE_FLAGS: extra flags for every sync child (diagnosis, e.g. of V8 heap settings).
  const extraFlags = (process.env.ODM_BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean);
  const env = createBenchEnv({ quick, nodeFlags: [...(profile ? (PROFILE_FLAGS[profile] ?? []) : []), ...extraFlags] });
  const metrics: Metric[] = [];
  const started = Date.now();
  try {
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only && !only.has(name)) continue;
      process.stderr.write(`bench: ${name}${quick ? ' (quick)' : ''}... (${Math.round((Date.now() - started) / 1000)} s)\n`);
      try {
        metrics.push(...(await scenario(env)));
      } catch (e) {
        // A broken scenario is reported as a row and the rest still run.
        process.stderr.write(`bench: ${name} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
        metrics.push({
          scenario: name,
          name: `failed: ${String(e instanceof Error ? e.message : e).slice(0, 80)}`,
          value: 0,
          unit: '',
          target: 'runs',
          pass: false,
        });
      }
    }
  } finally {
    await env.close();
  }
  // Quick mode is a smoke test: at that scale the targets mean nothing, so it shows none (a broken scenario still shows).
  const shown = quick ? quickRows(metrics) : metrics;
  console.log(formatTable(shown));
  const machine = {
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadavg: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  await mkdir('bench-results', { recursive: true });
  const file = path.join('bench-results', quick ? 'quick.json' : 'latest.json');
  const totalSeconds = Math.round((Date.now() - started) / 1000);
  await writeFile(
    file,
    JSON.stringify({ at: new Date().toISOString(), quick, totalSeconds, machine, latency: LATENCY, metrics: shown }, null, 2),
  );
  console.log(`\n${summaryLine({ metrics, quick, seconds: totalSeconds, file })}`);
}

await main();
