/**
 * Issue 17: the global download limit and the cost of exclusions. Ten 5 MB (decimal) files across three syncs
 * (three accounts, run at the same time in this process, as the app runs them) through one 2 MB/s bucket: the
 * whole should take 25 s +/- 5 %, and no wall-clock second may carry more than the limit + 10 %. Then one sync
 * with and without exclusions: the same number of Graph requests.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { silentLogger, systemClock } from '../../main/core/ports';
import type { SyncConfigRecord } from '../../main/core/store/schema';
import { RateLimiter } from '../../main/core/sync/download/rate-limit';
import { runSync } from '../../main/core/sync/engine';
import { Semaphore } from '../../main/core/sync/semaphore';
import { syncConfig } from '../../main/core/testing/sync-config';
import { trustCaInProcess } from '../fake-cloud';
import type { BenchEnv } from './bench-env';
import { check, type Metric } from './report';

const LIMIT = 2_000_000;

async function syncOf(env: BenchEnv, label: string, files: Record<string, string | null>) {
  const cloud = await env.cloud();
  const acc = cloud.control.createAccount({
    kind: 'personal',
    username: `${label}@outlook.com`,
    tree: files,
  });
  const base = await env.tempDir(label);
  const config: SyncConfigRecord = syncConfig({
    id: label,
    itemId: cloud.control.itemId(acc.accountId, 'Bench'),
    driveId: acc.driveId,
    localPath: path.join(base, 'sync'),
  });
  const run = async (o: {
    stateDir: string;
    config?: SyncConfigRecord;
    pace?: (n: number, s?: AbortSignal) => Promise<void>;
  }) => {
    const gate = new ThrottleGate(systemClock);
    const client = createDriveClient({
      graphUrl: cloud.graphUrl,
      getToken: async () => cloud.control.issueAccessToken(acc.accountId),
      gate,
    });
    return runSync({
      config: o.config ?? config,
      driveType: 'personal',
      client,
      gate,
      stateDir: o.stateDir,
      trash: { trash: async (p) => fs.rm(p, { recursive: true, force: true }) },
      logger: silentLogger,
      signal: new AbortController().signal,
      downloadSlots: new Semaphore(4),
      bigDelete: { files: 500 },
      confirmedDeletes: null,
      ...(o.pace ? { pace: o.pace } : {}),
    });
  };
  return { base, config, run };
}

export async function benchDownloadLimit(env: BenchEnv): Promise<Metric[]> {
  // The engine runs in this process (one bucket for all three syncs): it must trust the fake cloud's CA here.
  const untrust = trustCaInProcess((await env.cloud()).caPem);
  try {
    return await measure(env);
  } finally {
    untrust();
  }
}

async function measure(env: BenchEnv): Promise<Metric[]> {
  const size = env.quick ? 500_000 : 5_000_000;
  const body = 'x'.repeat(size);
  const counts = [4, 3, 3];
  const syncs = await Promise.all(
    counts.map((n, i) => {
      const files: Record<string, string | null> = { 'Bench/': null };
      for (let f = 0; f < n; f++) files[`Bench/f${f}.bin`] = `${i}${f}${body}`.slice(0, size);
      return syncOf(env, `limit${i}`, files);
    }),
  );
  const limiter = new RateLimiter(LIMIT, systemClock);
  const perSecond = new Map<number, number>();
  const t0 = performance.now();
  const pace = async (n: number, s?: AbortSignal): Promise<void> => {
    await limiter.take(n, s);
    const second = Math.floor((performance.now() - t0) / 1000);
    perSecond.set(second, (perSecond.get(second) ?? 0) + n);
  };
  const results = await Promise.all(syncs.map((s) => s.run({ stateDir: path.join(s.base, 'state'), pace })));
  const seconds = (performance.now() - t0) / 1000;
  const bytes = results.reduce((n, r) => n + r.bytes, 0);
  const expected = (size * 10) / LIMIT;
  // The last second is partial; every full second counts.
  const full = [...perSecond.entries()].filter(([s]) => s < Math.floor(seconds)).map(([, b]) => b);
  const worst = Math.max(0, ...full) / LIMIT;

  // Exclusions cost no request: the same folder with and without them, each a first run into its own folder.
  const one = syncs[0]!;
  const plain = await one.run({
    stateDir: path.join(one.base, 'state-plain'),
    config: { ...one.config, localPath: path.join(one.base, 'plain') },
  });
  const excluded = await one.run({
    stateDir: path.join(one.base, 'state-excl'),
    config: {
      ...one.config,
      localPath: path.join(one.base, 'excl'),
      exclusions: { folders: [], patterns: ['f1.bin', 'f2.*'], maxFileSize: null },
    },
  });
  return [
    {
      scenario: 'download-limit',
      name: `10 x ${size / 1e6} MB across 3 syncs at 2 MB/s: wall time`,
      value: seconds,
      unit: 's',
      ...check(Math.abs(seconds - expected) / expected, '<=', 0.05),
      target: `${expected} +/- 5 %`,
    },
    { scenario: 'download-limit', name: 'bytes downloaded', value: bytes, unit: 'B' },
    {
      scenario: 'download-limit',
      name: 'busiest full second / limit',
      value: worst,
      unit: 'x',
      ...check(worst, '<=', 1.1),
    },
    {
      scenario: 'download-limit',
      name: 'Graph requests with exclusions minus without',
      value: excluded.requests - plain.requests,
      unit: '',
      ...check(excluded.requests - plain.requests, '<=', 0),
    },
  ];
}
