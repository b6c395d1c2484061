/**
 * apply.ts against a real temp folder with a stub downloader: each action stays safe when the disk changed between
 * planning and applying (the plan is only a forecast), and failures do not stop the rest of the run.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../errors';
import type { DriveClient } from '../../graph/drive-client';
import { silentLogger } from '../../ports';
import { applyPlan, type ApplyOptions } from './apply';
import { createLocalFs } from './apply-fs';
import { hashLocal, statLocal } from '../enumerate/local-stat';
import { pathsToHashSteps, pathsToStatSteps, planSync, runSteps } from '../plan/plan';
import type { Plan } from '../plan/plan-types';
import { Semaphore } from '../semaphore';
import type { ChangeSet, ManifestEntry, RemoteItem } from '../types';

let root: string;
let trashed: string[];
beforeEach(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-apply-'));
  trashed = [];
});
afterEach(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

const R = 'root';
const remoteFile = (id: string, name: string, content: string, parentId = R): RemoteItem => ({
  id,
  parentId,
  name,
  kind: 'file',
  size: Buffer.byteLength(content),
  eTag: `e-${content}`,
  cTag: `c-${content}`,
  mtimeMs: Date.UTC(2025, 0, 1),
  hashes: { sha1Hash: content }, // the stub downloader reads the content from here
  downloadUrl: 'https://download.invalid/x',
});
const remoteFolder = (id: string, name: string, parentId = R): RemoteItem => ({
  ...remoteFile(id, name, ''),
  kind: 'folder',
  size: 0,
  parentId,
  hashes: {},
});
const rootItem: RemoteItem = { ...remoteFolder(R, 'Docs'), parentId: null };
const change = (full: boolean, items: RemoteItem[], removedIds: string[] = []): ChangeSet => ({
  full,
  rootId: R,
  items,
  removedIds,
  deltaLink: 'd',
  requests: 0,
});

async function planFor(manifest: Map<string, ManifestEntry>, changes: ChangeSet): Promise<Plan> {
  const local = await statLocal(root, runSteps(pathsToStatSteps(manifest, changes, 'linux', false)));
  const localHashes = await hashLocal(root, runSteps(pathsToHashSteps(manifest, changes, local, 'linux', false)));
  return planSync({
    manifest,
    changes,
    local,
    localHashes,
    platform: 'linux',
    caseInsensitive: false,
    nowMs: Date.UTC(2026, 0, 2, 3, 4, 5),
  });
}

function options(plan: Plan, manifest: Map<string, ManifestEntry>, extra: Partial<ApplyOptions> = {}): ApplyOptions {
  return {
    plan,
    lfs: createLocalFs(root),
    manifest,
    driveId: 'drive',
    client: {} as DriveClient,
    trash: {
      trash: async (p) => {
        trashed.push(path.relative(root, p));
        await fs.rm(p);
      },
    },
    logger: silentLogger,
    signal: new AbortController().signal,
    downloadSlots: new Semaphore(2),
    partials: new Set(),
    checkpoint: () => {},
    freeBytes: async () => 1e12,
    now: () => Date.now(),
    download: async ({ item, tempPath }) => {
      await fs.writeFile(tempPath, item.hashes.sha1Hash ?? '');
      return { bytes: item.size, verifiedBy: 'size' };
    },
    ...extra,
  };
}

async function syncOnce(manifest: Map<string, ManifestEntry>, changes: ChangeSet, extra: Partial<ApplyOptions> = {}) {
  const plan = await planFor(manifest, changes);
  const m = new Map(manifest);
  const out = await applyPlan(options(plan, m, extra));
  return { plan, manifest: m, out };
}

const read = (rel: string) => fs.readFile(path.join(root, rel), 'utf8');

describe('applyPlan', () => {
  it('downloads through a hidden temp file and records what it wrote', async () => {
    const { manifest, out } = await syncOnce(
      new Map(),
      change(true, [rootItem, remoteFolder('f', 'F'), remoteFile('a', 'a.txt', 'A', 'f')]),
    );
    expect(out).toMatchObject({ downloaded: 1, failures: [] });
    expect(await read('F/a.txt')).toBe('A');
    const st = await fs.stat(path.join(root, 'F/a.txt'));
    expect(manifest.get('a')).toMatchObject({ path: 'F/a.txt', localSize: 1, localMtimeMs: st.mtimeMs });
    expect(st.mtimeMs).toBe(Date.UTC(2025, 0, 1));
    expect(await fs.readdir(path.join(root, 'F'))).toEqual(['a.txt']);
  });

  it('keeps a file edited after planning as a conflict copy instead of overwriting it', async () => {
    const first = await syncOnce(new Map(), change(true, [rootItem, remoteFile('a', 'a.txt', 'v1')]));
    const plan = await planFor(first.manifest, change(false, [remoteFile('a', 'a.txt', 'v2')]));
    await fs.writeFile(path.join(root, 'a.txt'), 'edited meanwhile');
    const out = await applyPlan(options(plan, new Map(first.manifest)));
    expect(out.conflicts).toBe(1);
    expect(await read('a.txt')).toBe('v2');
    const copies = (await fs.readdir(root)).filter((n) => n.includes('(conflict '));
    expect(copies).toHaveLength(1);
    expect(await read(copies[0]!)).toBe('edited meanwhile');
  });

  it('does not trash a file edited after planning', async () => {
    const first = await syncOnce(new Map(), change(true, [rootItem, remoteFile('a', 'a.txt', 'v1')]));
    const plan = await planFor(first.manifest, change(false, [], ['a']));
    await fs.writeFile(path.join(root, 'a.txt'), 'edited meanwhile!');
    const m = new Map(first.manifest);
    const out = await applyPlan(options(plan, m));
    expect(out.trashed).toBe(0);
    expect(trashed).toEqual([]);
    expect(await read('a.txt')).toBe('edited meanwhile!');
    expect(m.has('a')).toBe(false);
  });

  it('sets aside a local file sitting where a folder must be created', async () => {
    await fs.writeFile(path.join(root, 'F'), 'mine');
    const { out } = await syncOnce(
      new Map(),
      change(true, [rootItem, remoteFolder('f', 'F'), remoteFile('a', 'a.txt', 'A', 'f')]),
    );
    expect(out.conflicts).toBe(1);
    expect(await read('F/a.txt')).toBe('A');
    expect((await fs.readdir(root)).sort()).toEqual(['F', 'F (conflict 2026-01-02 030405)']);
  });

  it('never writes through a symlink that appeared after planning', async () => {
    const outside = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-outside-'));
    try {
      const first = await syncOnce(new Map(), change(true, [rootItem, remoteFolder('f', 'F')]));
      const plan = await planFor(first.manifest, change(false, [remoteFile('a', 'a.txt', 'A', 'f')]));
      await fs.rmdir(path.join(root, 'F'));
      await fs.symlink(outside, path.join(root, 'F'));
      const out = await applyPlan(options(plan, new Map(first.manifest)));
      expect(out.skipped).toEqual([expect.objectContaining({ path: 'F/a.txt' })]);
      expect(await fs.readdir(outside)).toEqual([]);
    } finally {
      await fs.rm(outside, { recursive: true, force: true });
    }
  });

  it('records a failed download, goes on with the others, and leaves the manifest without it', async () => {
    const { out, manifest } = await syncOnce(
      new Map(),
      change(true, [rootItem, remoteFile('a', 'a.txt', 'A'), remoteFile('b', 'b.txt', 'B')]),
      {
        download: async ({ item, tempPath }) => {
          if (item.id === 'a') throw new Error('boom');
          await fs.writeFile(tempPath, item.hashes.sha1Hash ?? '');
          return { bytes: item.size, verifiedBy: 'size' };
        },
      },
    );
    expect(out.failures).toEqual([{ path: 'a.txt', message: 'boom' }]);
    expect(out.downloaded).toBe(1);
    expect(manifest.has('a')).toBe(false);
    expect(await fs.readdir(root)).toEqual(['b.txt']);
  });

  it('stops starting downloads after disk_full and reports it as fatal', async () => {
    let started = 0;
    const items = Array.from({ length: 6 }, (_, i) => remoteFile(`i${i}`, `f${i}.txt`, `content ${i}`));
    const { out } = await syncOnce(new Map(), change(true, [rootItem, ...items]), {
      downloadSlots: new Semaphore(1),
      download: async () => {
        started++;
        throw new AppError('disk_full');
      },
    });
    expect(out.fatal?.code).toBe('disk_full');
    expect(started).toBe(1);
  });
});

describe("applyPlan and the account's adaptive parallelism", () => {
  const files = (n: number) => Array.from({ length: n }, (_, i) => remoteFile(`f${i}`, `f${i}.txt`, `${i}`));

  it('raises the limit as downloads pass, and halves it when the download host throttles', async () => {
    const slots = new Semaphore(4, { adaptive: { min: 2, max: 32 } });
    await syncOnce(new Map(), change(true, [rootItem, ...files(30)]), { downloadSlots: slots });
    expect(slots.limit).toBeGreaterThan(4); // 30 unthrottled downloads: +1 per window of 4, 5, 6, ...
    const grown = slots.limit;

    let throttledOnce = false;
    await syncOnce(new Map(), change(true, [rootItem, ...files(3).map((f) => ({ ...f, id: `t${f.id}`, name: `t${f.name}` }))]), {
      downloadSlots: slots,
      download: async ({ item, tempPath, onThrottled }) => {
        if (!throttledOnce) {
          throttledOnce = true;
          onThrottled?.(5_000); // what downloadFile reports on a 429/503 before it waits and tries again
        }
        await fs.writeFile(tempPath, item.hashes.sha1Hash ?? '');
        return { bytes: item.size, verifiedBy: 'size' };
      },
    });
    expect(slots.limit).toBe(Math.floor(grown / 2)); // halved once; no growth while the pause lasts
  });
});
