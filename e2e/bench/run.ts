/**
 * `npm run bench` runs the scenarios of issue 8 and prints a table beside the targets; `--quick` is the small
 * CI smoke version (no thresholds enforced); `--only a,b` picks scenarios. Results go to bench-results/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { formatTable, type Metric } from './report';
import { benchHash } from './hash';
import { benchSchedulerIdle } from './scheduler-idle';

type Scenario = (o: { quick: boolean }) => Promise<Metric[]>;

const scenarios: Record<string, Scenario> = {
  hash: benchHash,
  'scheduler-idle': benchSchedulerIdle,
};

async function main() {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
  const only = onlyArg ? new Set(onlyArg.split(',')) : null;
  const metrics: Metric[] = [];
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only && !only.has(name)) continue;
    process.stderr.write(`bench: ${name}${quick ? ' (quick)' : ''}...\n`);
    metrics.push(...(await scenario({ quick })));
  }
  console.log(formatTable(metrics));
  const machine = { cpus: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', memGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` };
  await mkdir('bench-results', { recursive: true });
  const file = path.join('bench-results', quick ? 'quick.json' : 'latest.json');
  await writeFile(file, JSON.stringify({ at: new Date().toISOString(), quick, machine, metrics }, null, 2));
  console.log(`\nwritten ${file}`);
}

await main();
