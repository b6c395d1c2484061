/**
 * What the sync scenarios share: one fake cloud for the whole bench run (started on first use, in this process),
 * temp folders removed at the end, and a helper that makes an account with a tree plus a sync config for it.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFakeCloud, type FakeCloud, type TreeSpec } from '../fake-cloud';
import type { AccountInfo } from '../fake-cloud/state';
import type { SyncConfigRecord } from '../../main/core/store/schema';
import { syncConfig } from '../../main/core/testing/sync-config';
import { hostEntry, runChild, type ChildJob, type ChildResult } from './child-job';

/** Default latency from issue 8: 20 ms per Graph request, 5 ms plus a bandwidth cap per download. */
export const LATENCY = { graphMs: 20, identityMs: 0, downloadMs: 5, downloadBytesPerSecond: 64 * 1024 * 1024 };
export const SLOTS = 4;

export interface BenchEnv {
  quick: boolean;
  /** Node flags for measured children (run.ts --profile). */
  nodeFlags: string[];
  cloud(): Promise<FakeCloud>;
  tempDir(label: string): Promise<string>;
  close(): Promise<void>;
}

export function createBenchEnv(o: { quick: boolean; nodeFlags?: string[] }): BenchEnv {
  let cloud: Promise<FakeCloud> | null = null;
  const dirs: string[] = [];
  return {
    quick: o.quick,
    nodeFlags: o.nodeFlags ?? [],
    cloud: () => (cloud ??= startFakeCloud()),
    async tempDir(label) {
      const d = await fs.mkdtemp(path.join(os.tmpdir(), `odm-bench-${label}-`));
      dirs.push(d);
      return d;
    },
    async close() {
      if (cloud) await (await cloud).close();
      while (dirs.length) await fs.rm(dirs.pop()!, { recursive: true, force: true });
    },
  };
}

export interface BenchSync {
  cloud: FakeCloud;
  acc: AccountInfo;
  base: string;
  config: SyncConfigRecord;
  /**
   * The engine over this config, in a child process (state kept between calls, like the app's runs). `fresh`: a
   * first sync again, into a new directory with no state (the previous fresh one is removed first). `hosted`: the
   * child plays main and runs the sync through the hosted engine, the host a process of its own (as shipped).
   */
  sync(label: string, o?: { fresh?: boolean; slots?: number; adaptive?: boolean; hosted?: boolean }): Promise<ChildResult>;
  /** The raw downloader over the same folder into a fresh directory. */
  raw(label: string, o?: { slots?: number; http?: 'fetch' | 'https' }): Promise<ChildResult>;
}

/** A personal account whose `Bench` folder holds `tree`, and a sync of that folder into a temp dir. */
export async function makeBenchSync(env: BenchEnv, label: string, tree: TreeSpec): Promise<BenchSync> {
  const cloud = await env.cloud();
  const under: TreeSpec = { 'Bench/': null };
  for (const [k, v] of Object.entries(tree)) under[`Bench/${k}`] = v;
  const acc = cloud.control.createAccount({ kind: 'personal', username: `${label}@outlook.com`, tree: under });
  const base = await env.tempDir(label);
  const config: SyncConfigRecord = syncConfig({
    id: label,
    profileId: 'bench',
    itemId: cloud.control.itemId(acc.accountId, 'Bench'),
    driveId: acc.driveId,
    itemName: 'Bench',
    itemPath: '/Bench',
    localPath: path.join(base, 'sync'),
  });
  const token = (): string => cloud.control.issueAccessToken(acc.accountId, 24 * 3600);
  let raws = 0;
  let fresh = 0;
  const run = (job: ChildJob, l: string): Promise<ChildResult> =>
    runChild(job, { caPath: cloud.caPath, nodeFlags: env.nodeFlags, label: `${label}-${l}` });
  return {
    cloud,
    acc,
    base,
    config,
    sync: async (l, o) => {
      const dir = o?.fresh ? path.join(base, `fresh${fresh++}`) : base;
      if (o?.fresh && fresh > 1) await fs.rm(path.join(base, `fresh${fresh - 2}`), { recursive: true, force: true });
      return run(
        {
          kind: 'sync',
          graphUrl: cloud.graphUrl,
          token: token(),
          config: o?.fresh ? { ...config, localPath: path.join(dir, 'sync') } : config,
          driveType: 'personal',
          stateDir: path.join(dir, 'state'),
          trashDir: path.join(dir, 'trash'),
          slots: o?.slots ?? SLOTS,
          ...(o?.adaptive ? { adaptive: true } : {}),
          ...(o?.hosted ? { hostEntry } : {}),
        },
        l,
      );
    },
    raw: async (l, o) => {
      if (raws > 0) await fs.rm(path.join(base, `raw${raws - 1}`), { recursive: true, force: true });
      return run(
        {
          kind: 'raw',
          graphUrl: cloud.graphUrl,
          token: token(),
          driveId: acc.driveId,
          itemId: config.itemId,
          root: path.join(base, `raw${raws++}`),
          slots: o?.slots ?? SLOTS,
          ...(o?.http ? { http: o.http } : {}),
        },
        l,
      );
    },
  };
}

/** `files` small files of 1-16 KiB spread over `folders` folders (some nested), sizes deterministic. */
export function smallFilesTree(files: number, folders: number, minBytes = 1024, maxBytes = 16 * 1024): TreeSpec {
  const tree: TreeSpec = {};
  const folderPath = (i: number): string => (i % 10 === 0 ? `d${i}` : `d${i - (i % 10)}/s${i}`);
  for (let i = 0; i < folders; i++) tree[`${folderPath(i)}/`] = null;
  let x = 12345;
  for (let i = 0; i < files; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const size = minBytes + (x % (maxBytes - minBytes + 1));
    tree[`${folderPath(i % folders)}/f${i}.bin`] = { size, seed: i + 1 };
  }
  return tree;
}
