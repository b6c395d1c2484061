/**
 * The memory scenario's shipped arrangement: this process plays main (Electron main or the CLI) and drives the run
 * through the hosted engine (engine-host/hosted-engine.ts), with the host in a separate Node process running the
 * built out/engine-host/index.js, the way the app's utilityProcess does (process-channel.ts). Main answers the
 * host's token requests with the job's access token and does the trash, as compose.ts's main does.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';
import { createHostedEngine } from '../../main/core/engine-host/hosted-engine';
import { processHost, type ProcessLike } from '../../main/core/engine-host/process-channel';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { silentLogger, systemClock } from '../../main/core/ports';
import type { RunSummary } from '../../main/core/sync/types';
import type { Progress } from '../../shared/model';
import type { ChildSyncJob } from '../sync/child-sync';

/**
 * Loaded into the host (--require): its event-loop delay, written when main stops it. A long delay there is how
 * long a cancel, a pause or a token answer waits, since the host reads its messages on that loop.
 */
const HOST_LOOP_PRELOAD = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
const write = () => require('node:fs').writeFileSync(process.env.ODM_BENCH_HOST_LOOP, String(h.max / 1e6));
process.on('exit', write);
process.on('SIGTERM', () => process.exit(0));
`;

export interface HostStats {
  /** The host's own peak RSS (VmHWM). */
  maxRssMB: number;
  rssMB: number;
  cpuMs: number;
}

/** What the run cost the host, and main plus host together. */
export interface HostedFigures extends HostStats {
  /** Main's RSS plus the host's, sampled together every 50 ms: the peak of the pair. */
  mainPlusHostMaxRssMB: number;
  /** The host's peak RSS per engine phase (sampled every 50 ms). */
  phasesRssMB: Record<string, number>;
  /**
   * The event-loop delay max of an idle Node process running alongside: what the shared cores' scheduling alone
   * costs a loop in this run (main's figure can hardly be below it).
   */
  idleLoopMaxMs: number;
  /** The host's event-loop delay max: the longest a message to it (cancel, pause, a token) could wait. */
  hostLoopMaxMs: number;
}

export interface HostedSync {
  /** Runs the sync, then stops the host (its figures are read before). */
  run(): Promise<{ summary: RunSummary; host: HostedFigures }>;
}

export async function prepareHostedSync(
  job: ChildSyncJob & { hostEntry: string },
  o: { slots: number; onProgress: (p: Progress) => void },
): Promise<HostedSync> {
  await fs.mkdir(job.trashDir, { recursive: true });
  let trashed = 0;
  let child: ChildProcess | null = null;
  const loopFile = path.join(job.stateDir, '..', 'host-loop.txt');
  const preload = path.join(job.stateDir, '..', 'host-loop.cjs');
  await fs.writeFile(preload, HOST_LOOP_PRELOAD);
  const gate = new ThrottleGate(systemClock);
  const engine = createHostedEngine({
    start: () => {
      const c = fork(job.hostEntry, [], {
        serialization: 'advanced', // structured clone, as a utility process's postMessage
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'], // this process's stdout carries the result line
        env: { ...process.env, ODM_BENCH_HOST_LOOP: loopFile },
        execArgv: [
          ...process.execArgv.map((a) => (/^--(cpu|heap)-prof-name=/.test(a) ? a.replace(/(\.\w+)$/, '-host$1') : a)),
          '--require',
          preload,
        ],
      });
      child = c;
      return processHost({
        postMessage: (m) => void c.send(m as object),
        on: ((event: string, l: (...args: unknown[]) => void) => c.on(event, l)) as ProcessLike['on'],
        kill: () => c.kill(),
      });
    },
    trash: { trash: (p) => fs.rename(p, path.join(job.trashDir, `${trashed++}-${path.basename(p)}`)) },
    logger: silentLogger,
    gateFor: () => gate,
  });
  engine.warm(); // the host loads while main gets ready, as compose.ts's warmEngine
  let phase = 'loading';
  const phasesRssMB: Record<string, number> = {};
  let pairMax = 0;
  const sample = (): void => {
    const h = procStats(child?.pid);
    phasesRssMB[phase] = Math.max(phasesRssMB[phase] ?? 0, h.rssMB);
    pairMax = Math.max(pairMax, h.rssMB + process.memoryUsage.rss() / (1024 * 1024));
  };
  const onProgress = (p: Progress): void => {
    if (p.phase !== phase) sample();
    phase = p.phase;
    o.onProgress(p);
  };
  return {
    async run() {
      const timer = setInterval(sample, 50);
      const idle = idleLoop();
      try {
        const summary = await engine.run({
          params: {
            config: job.config,
            driveType: job.driveType,
            ownDriveId: null,
            profileId: job.config.profileId ?? 'bench',
            graphUrl: job.graphUrl,
            stateDir: job.stateDir,
            confirmedDeletes: null,
            parallelDownloads: o.slots,
            downloadLimit: 0,
            bigDelete: { files: 500 },
          },
          getToken: async () => job.token,
          signal: new AbortController().signal,
          onProgress,
          onActivity: () => undefined,
        });
        sample();
        const figures = { ...procStats(child?.pid), mainPlusHostMaxRssMB: pairMax, phasesRssMB };
        const idleLoopMaxMs = await idle.stop();
        await engine.close();
        const hostLoopMaxMs = Number(await fs.readFile(loopFile, 'utf8'));
        return { summary, host: { ...figures, idleLoopMaxMs, hostLoopMaxMs } };
      } finally {
        clearInterval(timer);
        idle.kill();
        await engine.close();
      }
    },
  };
}

/** A Node process that does nothing but measure its event-loop delay until asked for the max. */
function idleLoop(): { stop: () => Promise<number>; kill: () => void } {
  const script = `const h = require('node:perf_hooks').monitorEventLoopDelay({ resolution: 10 }); h.enable();
process.on('message', () => process.send(h.max / 1e6, () => process.exit(0)));`;
  const c = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    stop: async () => {
      c.send('stop');
      const [max] = (await once(c, 'message')) as [number];
      return max;
    },
    kill: () => void c.kill(),
  };
}

function procStats(pid: number | undefined): HostStats {
  try {
    if (!pid) throw new Error('no host');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string): number => Number(new RegExp(`${k}:\\s*(\\d+) kB`).exec(status)?.[1] ?? 0) / 1024;
    // utime and stime, in clock ticks (100 per second on Linux), after the parenthesised command name.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return { maxRssMB: kb('VmHWM'), rssMB: kb('VmRSS'), cpuMs: (Number(stat[11]) + Number(stat[12])) * 10 };
  } catch {
    return { maxRssMB: 0, rssMB: 0, cpuMs: 0 };
  }
}
