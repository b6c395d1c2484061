import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDriveClient } from '../../main/core/graph/drive-client';
import { ThrottleGate } from '../../main/core/graph/throttle-gate';
import { systemClock } from '../../main/core/ports';
import { makeSync, readTree, remoteTree, sorted, useCloud } from './harness';

const h = useCloud();

const tree = Object.fromEntries([
  ...Array.from({ length: 8 }, (_, i) => [`Docs/f${i}.txt`, `file ${i}`]),
  ...Array.from({ length: 4 }, (_, i) => [`Docs/Sub/g${i}.txt`, `sub ${i}`]),
]);

describe.each(['personal', 'business'] as const)('faults on a %s drive', (kind) => {
  it('recovers from a 410 in the middle of a delta listing without downloading unchanged files again', async () => {
    const fx = await makeSync(h, { kind, tree });
    const { control } = h.cloud;
    await fx.run();
    control.modify(fx.acc.accountId, 'Docs/f1.txt', 'changed');
    control.rename(fx.acc.accountId, 'Docs/f2.txt', 'renamed.txt');
    control.delete(fx.acc.accountId, 'Docs/f3.txt');
    control.setDeltaOptions({ pageSize: 2 });
    let deltaCalls = 0;
    control.fail((r) => r.route === 'delta' && ++deltaCalls === 2, { kind: 'status', status: 410, code: 'resyncRequired' });
    control.resetCounts();
    try {
      const s = await fx.run();
      expect(deltaCalls).toBe(2);
      expect(control.count('delta') + control.count('children')).toBeGreaterThan(2); // listed again from scratch
      expect(s).toMatchObject({ result: 'success', downloaded: 1, renamed: 1, trashed: 1 });
      expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
      expect(await fx.run()).toMatchObject({ downloaded: 0, renamed: 0, trashed: 0 });
    } finally {
      control.setDeltaOptions({ pageSize: 200 });
    }
  });

  it('copes with awkward delta pages: children before parents, repeats, empty pages, id-only deletes', async () => {
    const fx = await makeSync(h, { kind, tree });
    const { control } = h.cloud;
    await fx.run();
    control.setDeltaOptions({
      pageSize: 3,
      childBeforeParent: true,
      repeatItems: true,
      emptyFirstPage: true,
      deletedShape: 'idOnly',
    });
    try {
      control.addFile(fx.acc.accountId, 'Docs/New/Deeper/n.txt', 'n');
      control.move(fx.acc.accountId, 'Docs/f4.txt', 'Docs/New/Deeper');
      control.delete(fx.acc.accountId, 'Docs/Sub');
      control.modify(fx.acc.accountId, 'Docs/f5.txt', 'five');
      const s = await fx.run();
      expect(s.result).toBe('success');
      expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
      expect(await fx.run()).toMatchObject({ downloaded: 0, renamed: 0, trashed: 0 });
    } finally {
      control.setDeltaOptions({
        pageSize: 200,
        childBeforeParent: false,
        repeatItems: false,
        emptyFirstPage: false,
        deletedShape: 'sparse',
      });
    }
  });

  it('rides out a 429 storm on listings and downloads', async () => {
    const fx = await makeSync(h, { kind, tree });
    const { control } = h.cloud;
    control.throttle('delta', { times: 2, retryAfter: 1 });
    control.throttle('children', { times: 2 });
    control.throttle('download', { times: 4 });
    const t0 = Date.now();
    const s = await fx.run();
    expect(s.result).toBe('success');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900); // Retry-After honoured
    expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
  });

  it('never commits a truncated or corrupt download, and ends with the right bytes', async () => {
    const fx = await makeSync(h, { kind, tree: { 'Docs/big.bin': { size: 2_500_000 }, 'Docs/small.txt': 'small' } });
    const { control } = h.cloud;
    control.fail('download', { kind: 'truncate' }, 1);
    control.fail('download', { kind: 'corrupt' }, 1);
    control.fail('download', { kind: 'reset' }, 1);
    const s = await fx.run();
    expect(s).toMatchObject({ result: 'success', downloaded: 2 });
    const big = await fs.readFile(path.join(fx.root, 'big.bin'));
    expect(big.equals(control.content(fx.acc.accountId, 'Docs/big.bin'))).toBe(true);
    expect((await fs.readdir(fx.root)).sort()).toEqual(['big.bin', 'small.txt']);
  });

  it('gets a fresh download URL when the one from the listing expired', async () => {
    const fx = await makeSync(h, { kind, tree: { 'Docs/a.txt': 'a', 'Docs/b.txt': 'b' } });
    const { control } = h.cloud;
    control.resetCounts();
    const s = await fx.run({ onProgress: (p) => p.phase === 'planning' && control.expireDownloadUrls() });
    expect(s).toMatchObject({ result: 'success', downloaded: 2 });
    expect(control.requests().filter((r) => r.route === 'download' && r.status !== 200).length).toBeGreaterThanOrEqual(2);
    expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
  });

  it('gets a fresh token once when the access token expires mid-run', async () => {
    const fx = await makeSync(h, { kind, tree });
    const { control } = h.cloud;
    let token = control.issueAccessToken(fx.acc.accountId);
    let refreshes = 0;
    const gate = new ThrottleGate(systemClock, { baseMs: 20, maxMs: 200 });
    const client = createDriveClient({
      graphUrl: h.cloud.graphUrl,
      gate,
      tokenReuseMs: 0,
      getToken: async ({ forceRefresh }) => {
        if (forceRefresh) {
          refreshes++;
          token = control.issueAccessToken(fx.acc.accountId);
        }
        return token;
      },
    });
    control.setDeltaOptions({ pageSize: 3 });
    control.setChildrenPageSize(3);
    let calls = 0;
    control.fail(
      (r) => {
        if ((r.route === 'delta' || r.route === 'children') && ++calls === 2) control.expireAccessTokens(fx.acc.accountId);
        return false;
      },
      { kind: 'status', status: 500 },
    );
    try {
      const s = await fx.run({ client, gate });
      expect(s.result).toBe('success');
      expect(refreshes).toBe(1);
      expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
    } finally {
      control.setDeltaOptions({ pageSize: 200 });
      control.setChildrenPageSize(200);
    }
  });

  it('returns cancelled, with nothing written, when cancelled while listing', async () => {
    const fx = await makeSync(h, { kind, tree });
    h.cloud.control.setLatency({ graphMs: 200 });
    const ac = new AbortController();
    const s = await fx.run({ signal: ac.signal, onProgress: (p) => p.phase === 'listing' && ac.abort(new Error('cancel')) });
    expect(s.result).toBe('cancelled');
    expect(await fs.readdir(fx.root)).toEqual([]);
  });

  it('stops at a file boundary when cancelled, and the next run finishes the job with no temp files left', async () => {
    const files = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`Docs/b${i}.bin`, { size: 1_500_000 }]));
    const fx = await makeSync(h, { kind, tree: files });
    const { control } = h.cloud;
    control.setLatency({ downloadBytesPerSecond: 6_000_000 });
    const ac = new AbortController();
    const s = await fx.run({
      signal: ac.signal,
      onProgress: (p) => {
        if (p.filesDone >= 1) ac.abort(new Error('user cancelled'));
      },
    });
    expect(s.result).toBe('cancelled');
    expect(s.downloaded).toBeLessThan(6);
    control.setLatency({ downloadBytesPerSecond: 0 });
    const again = await fx.run();
    expect(again.result).toBe('success');
    expect(again.downloaded + s.downloaded).toBe(6);
    expect((await fs.readdir(fx.root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });
});
