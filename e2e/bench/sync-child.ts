/**
 * One measured run in a process of its own: `node --expose-gc bench-results/child/sync-child.js '<job json>'` (this
 * file, bundled by child-job.ts) with NODE_EXTRA_CA_CERTS set to the fake cloud's CA. Either the real engine
 * (runSync), the engine through the hosted engine with the host in a process of its own (job.hostEntry,
 * hosted-sync.ts), or the raw downloader. Prints one JSON line (ChildResult) on stdout.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import type { RunSummary } from '../../main/core/sync/types';
import { prepareChildSync } from '../sync/child-sync';
import type { ChildJob, ChildResult } from './child-job';
import { prepareHostedSync } from './hosted-sync';
import { listForRawDownload, rawDownload, rawHttpsDownload } from './raw-downloader';

const MB = 1024 * 1024;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

/** Where the peak happens: memory and the worst timer lateness per engine phase, sampled every 50 ms. */
function phaseSampler(): { phase: (p: string) => void; stop: () => ChildResult['phases'] } {
  const phases: NonNullable<ChildResult['phases']> = {};
  let current = 'loading';
  let expected = performance.now() + 50;
  const sample = (): void => {
    const now = performance.now();
    const m = process.memoryUsage();
    const p = (phases[current] ??= { rssMB: 0, heapMB: 0, externalMB: 0, maxLateMs: 0 });
    p.rssMB = Math.max(p.rssMB, m.rss / MB);
    p.heapMB = Math.max(p.heapMB, m.heapUsed / MB);
    p.externalMB = Math.max(p.externalMB, (m.external + m.arrayBuffers) / MB);
    p.maxLateMs = Math.max(p.maxLateMs, now - expected);
    expected = now + 50;
  };
  const timer = setInterval(sample, 50);
  // Diagnosis (ODM_BENCH_LIVE_HEAP=1): a forced GC every 5 s tells live data from garbage V8 has not collected yet.
  const live = process.env.ODM_BENCH_LIVE_HEAP
    ? setInterval(() => {
        gc();
        const p = (phases[current] ??= { rssMB: 0, heapMB: 0, externalMB: 0, maxLateMs: 0 });
        p.liveHeapMB = Math.max(p.liveHeapMB ?? 0, process.memoryUsage().heapUsed / MB);
        expected = performance.now() + 50; // the forced GC is not the engine's stall
      }, 5000)
    : null;
  // CPU time per phase (where a small-file sync spends it: listing and planning, or applying).
  let cpuAt = process.cpuUsage();
  const chargeCpu = (): void => {
    const used = process.cpuUsage(cpuAt);
    cpuAt = process.cpuUsage();
    const p = (phases[current] ??= { rssMB: 0, heapMB: 0, externalMB: 0, maxLateMs: 0 });
    p.cpuMs = (p.cpuMs ?? 0) + (used.user + used.system) / 1000;
  };
  return {
    phase: (next) => {
      if (next === current) return;
      sample(); // the lateness so far belongs to the phase that caused it
      chargeCpu();
      current = next;
    },
    stop: () => {
      sample();
      chargeCpu();
      clearInterval(timer);
      if (live) clearInterval(live);
      return phases;
    },
  };
}

/**
 * This process's own peak RSS: VmHWM on Linux. getrusage's maxRSS also keeps the high-water mark from before exec,
 * which for a spawned child is the forked copy of the bench parent (it holds the fake cloud's trees): 5,000 files'
 * CLI sync read 210-240 MB that way, of which ~100 MB was the parent's.
 */
function peakRssMB(): number {
  try {
    const hwm = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (hwm) return Number(hwm) / 1024;
  } catch {
    // not Linux
  }
  return (process.resourceUsage().maxRSS * 1024) / MB;
}

type Work = (
  phase: (p: string) => void,
) => Promise<{ bytes: number; files: number; summary?: RunSummary; host?: Omit<NonNullable<ChildResult['host']>, 'mainCpuMs'> }>;

async function prepare(job: ChildJob): Promise<Work> {
  if (job.kind === 'raw') {
    // Listing is not part of the raw limit: done before the clock starts.
    const listing = await listForRawDownload(job);
    const download = job.http === 'https' ? rawHttpsDownload : rawDownload;
    return async () => ({ bytes: await download(listing, job.root, job.slots), files: listing.files.length });
  }
  let phase: (p: string) => void = () => {};
  if (job.hostEntry) {
    const hosted = await prepareHostedSync(
      { ...job, hostEntry: job.hostEntry },
      { slots: job.slots, onProgress: (p) => phase(p.phase) },
    );
    return async (onPhase) => {
      phase = onPhase;
      const { summary, host } = await hosted.run();
      phase('done');
      if (summary.result !== 'success') throw new Error(`sync ${summary.result}: ${summary.notes.slice(0, 3).join('; ')}`);
      return { bytes: summary.bytes, files: summary.downloaded, summary, host };
    };
  }
  const run = await prepareChildSync(job, {
    slots: job.slots,
    ...(job.adaptive ? { adaptive: true } : {}),
    onProgress: (p) => phase(p.phase),
  });
  return async (onPhase) => {
    phase = onPhase;
    const summary = await run();
    phase('done');
    if (summary.result !== 'success') throw new Error(`sync ${summary.result}: ${summary.notes.slice(0, 3).join('; ')}`);
    return { bytes: summary.bytes, files: summary.downloaded, summary };
  };
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2] ?? '{}') as ChildJob;
  const work = await prepare(job);
  gc();
  const rssBefore = process.memoryUsage().rss;
  const eld = monitorEventLoopDelay({ resolution: 10 });
  eld.enable();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const sampler = phaseSampler();
  const { host, ...done } = await work(sampler.phase);
  const wallMs = performance.now() - t0;
  const phases = sampler.stop();
  const cpu = process.cpuUsage(cpu0);
  eld.disable();
  const maxRssMB = peakRssMB();
  gc();
  await sleep(300);
  gc();
  const mem = process.memoryUsage();
  const result: ChildResult = {
    wallMs,
    cpuMs: (cpu.user + cpu.system) / 1000 + (host?.cpuMs ?? 0),
    maxRssMB,
    rssBeforeMB: rssBefore / MB,
    rssAtRestMB: mem.rss / MB,
    heapAtRestMB: mem.heapUsed / MB,
    eldP99Ms: eld.percentile(99) / 1e6,
    eldMaxMs: eld.max / 1e6,
    ...done,
    ...(host ? { host: { ...host, mainCpuMs: (cpu.user + cpu.system) / 1000 } } : {}),
    phases,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
