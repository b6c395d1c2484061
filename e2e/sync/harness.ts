/**
 * Test support for sync integration tests: one fake cloud per test file, and per test an account, a local root,
 * a state folder, a fake trash folder, and `run()` that calls the real engine with a fresh drive client.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { startFakeCloud, trustCaInProcess, type FakeCloud, type TreeSpec } from '../fake-cloud';
import type { AccountInfo } from '../fake-cloud/state';
import { createDriveClient, type DriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { silentLogger, systemClock, type Trash } from '../../main/core/ports';
import type { SyncConfigRecord } from '../../main/core/store/schema';
import { runSync, type RunSyncOptions } from '../../main/core/sync/engine';
import { Semaphore } from '../../main/core/sync/semaphore';
import type { RunSummary } from '../../main/core/sync/types';
import { readTree } from '../../main/core/testing/read-tree';
import { syncConfig } from '../../main/core/testing/sync-config';

export { readTree };

export interface CloudHandle {
  cloud: FakeCloud;
}

export function useCloud(): CloudHandle {
  const h = {} as CloudHandle;
  let untrust = (): void => undefined;
  beforeAll(async () => {
    h.cloud = await startFakeCloud();
    untrust = trustCaInProcess(h.cloud.caPem);
  });
  afterAll(async () => {
    untrust();
    await h.cloud?.close();
  });
  const dirs: string[] = [];
  afterEach(async () => {
    h.cloud?.control.clearFaults();
    h.cloud?.control.setLatency({ graphMs: 0, identityMs: 0, downloadMs: 0, downloadBytesPerSecond: 0 });
    while (dirs.length) await fs.rm(dirs.pop()!, { recursive: true, force: true });
  });
  (h as CloudHandle & { track: (d: string) => void }).track = (d) => dirs.push(d);
  return h;
}

export interface SyncFixture {
  acc: AccountInfo;
  base: string;
  root: string;
  stateDir: string;
  trashDir: string;
  config: SyncConfigRecord;
  /** The last run's drive client (for request counts). */
  client: DriveClient | null;
  run(extra?: Partial<RunSyncOptions>): Promise<RunSummary>;
  baseOptions(extra?: Partial<RunSyncOptions>): RunSyncOptions;
}

export async function makeSync(
  h: CloudHandle,
  o: { kind: 'personal' | 'business'; tree: TreeSpec; remote?: string; itemType?: 'file' | 'folder' },
): Promise<SyncFixture> {
  const { control } = h.cloud;
  const acc = control.createAccount({ kind: o.kind, tree: o.tree });
  const remote = o.remote ?? 'Docs';
  const base = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-sync-'));
  (h as CloudHandle & { track: (d: string) => void }).track(base);
  const trashDir = path.join(base, 'trash');
  await fs.mkdir(trashDir);
  const config: SyncConfigRecord = syncConfig({
    itemType: o.itemType ?? 'folder',
    itemId: control.itemId(acc.accountId, remote),
    driveId: acc.driveId,
    itemName: remote.split('/').pop()!,
    itemPath: `/${remote}`,
    localPath: path.join(base, 'local'),
  });
  let trashed = 0;
  const trash: Trash = {
    async trash(p) {
      await fs.rename(p, path.join(trashDir, `${trashed++}-${path.basename(p)}`));
    },
  };
  const slots = new Semaphore(4);
  const fx: SyncFixture = {
    acc,
    base,
    root: config.localPath,
    stateDir: path.join(base, 'state'),
    trashDir,
    config,
    client: null,
    baseOptions(extra = {}) {
      const gate = new ThrottleGate(systemClock, { baseMs: 20, maxMs: 200 });
      const client = createDriveClient({
        graphUrl: h.cloud.graphUrl,
        getToken: async () => control.issueAccessToken(acc.accountId),
        gate,
        tokenReuseMs: 0,
      });
      fx.client = client;
      return {
        config,
        driveType: o.kind,
        client,
        gate,
        stateDir: fx.stateDir,
        trash,
        logger: silentLogger,
        signal: new AbortController().signal,
        downloadSlots: slots,
        bigDelete: { files: 500 },
        confirmedDeletes: null,
        ...extra,
      };
    },
    run: (extra = {}) => runSync(fx.baseOptions(extra)),
  };
  return fx;
}

/** The remote subtree under `remote` in the same format (text content). */
export function remoteTree(h: CloudHandle, acc: AccountInfo, remote = 'Docs'): Map<string, string> {
  const { control } = h.cloud;
  const prefix = `/${remote}/`;
  const out = new Map<string, string>();
  for (const it of control.list(acc.accountId)) {
    if (!it.path.startsWith(prefix)) continue;
    const rel = it.path.slice(prefix.length);
    if (it.isFolder) out.set(`${rel}/`, '');
    else out.set(rel, control.content(acc.accountId, { id: it.id }).toString('utf8'));
  }
  return out;
}

export function sorted(m: Map<string, string>): [string, string][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
