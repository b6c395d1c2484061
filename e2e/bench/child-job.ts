/**
 * Each measurement runs in its own child process (sync-child.ts, bundled), so peak RSS, CPU time and event-loop delay are the
 * sync's own and not the fake cloud's (which serves from the bench parent). The job goes on argv as JSON; the child
 * prints one JSON line with its measurements on stdout.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildSyncJob } from '../sync/child-sync';
import type { RunSummary } from '../../main/core/sync/types';
import type { HostedFigures } from './hosted-sync';

export type ChildJob =
  | (ChildSyncJob & {
      kind: 'sync';
      slots: number;
      adaptive?: boolean;
      /** The built engine host's entry: the run goes through the hosted engine, the host a process of its own. */
      hostEntry?: string;
    })
  | {
      kind: 'raw';
      graphUrl: string;
      token: string;
      driveId: string;
      itemId: string;
      root: string;
      slots: number;
      /** fetch streaming each body (default), or node:https with one write per file. */
      http?: 'fetch' | 'https';
    };

export interface ChildResult {
  wallMs: number;
  cpuMs: number;
  /** Peak RSS of the whole child process (its own startup included; see rssBeforeMB). */
  maxRssMB: number;
  /** RSS once loaded, before the measured work. */
  rssBeforeMB: number;
  /** RSS after the work, two forced GCs and a pause: what an idle app keeps. */
  rssAtRestMB: number;
  heapAtRestMB: number;
  eldP99Ms: number;
  eldMaxMs: number;
  bytes: number;
  files: number;
  summary?: RunSummary;
  /** Per engine phase (loading, listing, planning, applying, done): peaks and the worst timer lateness. */
  phases?: Record<
    string,
    { rssMB: number; heapMB: number; externalMB: number; maxLateMs: number; liveHeapMB?: number; cpuMs?: number }
  >;
  /** A hosted run (job.hostEntry): the host process's figures. The rest are main's, cpuMs main's plus the host's. */
  host?: HostedFigures & { mainCpuMs: number };
}

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const childBundle = path.join(repo, 'bench-results', 'child', 'sync-child.js');
/** The engine host as shipped (`vite build --mode engine-host`, as npm run build makes it). */
export const hostEntry = path.join(repo, 'out', 'engine-host', 'index.js');
let built: Promise<void> | null = null;

/**
 * The child runs sync-child.ts bundled by Vite like the shipped main process and CLI (`vite build --mode
 * bench-child`), not through tsx: tsx's loader alone adds ~38 MB of RSS that no user's process has. Built once per
 * bench run, so it always measures the current source.
 */
export function buildChild(): Promise<void> {
  built ??= (async () => {
    const { build } = await import('vite');
    await build({ root: repo, mode: 'bench-child', logLevel: 'warn', configFile: path.join(repo, 'vite.config.ts') });
  })();
  return built;
}

/** Extra node flags for the child, e.g. ['--cpu-prof', '--cpu-prof-dir=bench-results/profiles'] (run.ts --profile). */
export interface ChildRunOptions {
  caPath: string;
  nodeFlags?: string[];
  label?: string;
}

let hostBuilt: Promise<void> | null = null;

/** The engine host for hosted runs, built once per bench run like the child. */
function buildHost(): Promise<void> {
  hostBuilt ??= (async () => {
    const { build } = await import('vite');
    await build({ root: repo, mode: 'engine-host', logLevel: 'warn', configFile: path.join(repo, 'vite.config.ts') });
  })();
  return hostBuilt;
}

export async function runChild(job: ChildJob, o: ChildRunOptions): Promise<ChildResult> {
  await buildChild();
  if (job.kind === 'sync' && job.hostEntry) await buildHost();
  const flags = (o.nodeFlags ?? []).map((f) => f.replace('{label}', o.label ?? job.kind));
  const child = spawn(process.execPath, ['--expose-gc', ...flags, childBundle, JSON.stringify(job)], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: o.caPath },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => (out += d));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench child (${job.kind}) exited ${code}: ${last.slice(0, 500)}`));
      try {
        resolve(JSON.parse(last) as ChildResult);
      } catch {
        reject(new Error(`bench child (${job.kind}) printed no result: ${last.slice(0, 500)}`));
      }
    });
  });
}
