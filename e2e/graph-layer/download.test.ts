/**
 * Downloads and throttling against the fake cloud over real HTTPS: verified by hash, never an Authorization header
 * to the download host, truncation/corruption/resets retried, expired URLs renewed, partials resumed, 429 storms
 * pausing the whole account (asserted on the fake clock and the fake's counters, never by sleeping).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../main/core/errors';
import { downloadFile } from '../../main/core/sync/download/download';
import { enumerate } from '../../main/core/sync/enumerate/enumerate';
import type { RemoteItem } from '../../main/core/sync/types';
import type { AccountInfo } from '../fake-cloud';
import { useFakeCloud } from '../fake-cloud/test-support';
import { type AccountClient, clientFor } from './harness';

const h = useFakeCloud();
let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dl-it-'));
  h.cloud.control.resetCounts();
});
afterEach(async () => {
  h.cloud.control.clearFaults();
  h.cloud.control.setIgnoreRange(false);
  await rm(dir, { recursive: true, force: true });
});

const SIZE = 2_000_000;

/** An account with a few files, enumerated once to get their RemoteItems (with listing download URLs). */
async function prepared(kind: 'personal' | 'business', files = 3) {
  const tree: Record<string, { size: number; seed: number }> = {};
  for (let i = 0; i < files; i++) tree[`Docs/f${i}.bin`] = { size: SIZE + i, seed: i + 1 };
  const account = h.cloud.control.createAccount({ kind, tree });
  const ac = clientFor(h.cloud, account);
  const rootId = h.cloud.control.itemId(account.accountId, 'Docs');
  const set = await enumerate({
    client: ac.client,
    driveId: account.driveId,
    driveType: kind,
    itemType: 'folder',
    rootId,
    deltaLink: null,
    knownIds: new Set(),
    knownParent: () => undefined,
  });
  const items = set.items.filter((i) => i.kind === 'file').sort((a, b) => a.name.localeCompare(b.name));
  h.cloud.control.resetCounts();
  return { account, ac, items };
}

function download(
  account: AccountInfo,
  ac: AccountClient,
  item: RemoteItem,
  over: Partial<Parameters<typeof downloadFile>[0]> = {},
) {
  return downloadFile({
    item,
    driveId: account.driveId,
    client: ac.client,
    gate: ac.gate,
    tempPath: join(dir, `.${item.id.replace(/\W/g, '_')}.part`),
    ...over,
  });
}

async function assertSameAsCloud(account: AccountInfo, item: RemoteItem, path: string) {
  const expected = h.cloud.control.content(account.accountId, { id: item.id });
  expect(Buffer.compare(await readFile(path), expected)).toBe(0);
}

for (const kind of ['personal', 'business'] as const) {
  describe(`download from a ${kind} drive`, () => {
    it('streams the listing URL into the temp file, verified by QuickXorHash, with no Authorization header', async () => {
      const { account, ac, items } = await prepared(kind, 1);
      const item = items[0]!;
      const temp = join(dir, 'a.part');
      let progress = 0;
      const before = ac.client.requests;
      const r = await download(account, ac, item, { tempPath: temp, onBytes: (n) => (progress += n) });
      expect(r).toEqual({ bytes: item.size, verifiedBy: 'quickXorHash' });
      await assertSameAsCloud(account, item, temp);
      expect(progress).toBe(item.size);
      const log = h.cloud.control.requests().filter((q) => q.route === 'download');
      expect(log).toHaveLength(1);
      expect(log.every((q) => !q.hadAuthorization)).toBe(true);
      expect(ac.client.requests - before).toBe(0); // the listing's URL: no Graph request per file
    });

    it('resumes with Range after a truncated body and after a reset', async () => {
      const { account, ac, items } = await prepared(kind, 2);
      h.cloud.control.fail('download', { kind: 'truncate' }, 1);
      const t0 = join(dir, 't0');
      await download(account, ac, items[0]!, { tempPath: t0 });
      await assertSameAsCloud(account, items[0]!, t0);
      h.cloud.control.fail('download', { kind: 'reset' }, 1);
      const t1 = join(dir, 't1');
      await download(account, ac, items[1]!, { tempPath: t1 });
      await assertSameAsCloud(account, items[1]!, t1);
      expect(h.cloud.control.count('download')).toBe(4);
    });

    it('discards corrupt bytes and fetches again; gives up without leaving a file when it never matches', async () => {
      const { account, ac, items } = await prepared(kind, 2);
      h.cloud.control.fail('download', { kind: 'corrupt' }, 1);
      const t0 = join(dir, 't0');
      await download(account, ac, items[0]!, { tempPath: t0 });
      await assertSameAsCloud(account, items[0]!, t0);
      h.cloud.control.fail('download', { kind: 'corrupt' }, 10);
      const t1 = join(dir, 't1');
      const e = await download(account, ac, items[1]!, { tempPath: t1 }).catch((x: unknown) => x);
      expect(isAppError(e, 'internal')).toBe(true);
      expect(existsSync(t1)).toBe(false);
    });

    it('gets one fresh URL from Graph when the listing URL expired', async () => {
      const { account, ac, items } = await prepared(kind, 1);
      h.cloud.control.expireDownloadUrls();
      const before = ac.client.requests;
      const temp = join(dir, 'x');
      await download(account, ac, items[0]!, { tempPath: temp });
      await assertSameAsCloud(account, items[0]!, temp);
      expect(ac.client.requests - before).toBe(1);
      expect(h.cloud.control.count('item')).toBe(1);
    });

    it('resumes a partial file left by an interrupted run, or starts over when Range is ignored', async () => {
      const { account, ac, items } = await prepared(kind, 2);
      const content = h.cloud.control.content(account.accountId, { id: items[0]!.id });
      const temp = join(dir, 'partial');
      await writeFile(temp, content.subarray(0, 700_000));
      await download(account, ac, items[0]!, { tempPath: temp });
      await assertSameAsCloud(account, items[0]!, temp);

      h.cloud.control.setIgnoreRange(true);
      const other = h.cloud.control.content(account.accountId, { id: items[1]!.id });
      const temp2 = join(dir, 'partial2');
      await writeFile(temp2, other.subarray(0, 300_000));
      await download(account, ac, items[1]!, { tempPath: temp2 });
      await assertSameAsCloud(account, items[1]!, temp2);
      expect(h.cloud.control.count('download')).toBe(2);
    });
  });
}

describe('throttling across one account', () => {
  it('holds downloads while Graph has the account paused (429 Retry-After), then lets them through', async () => {
    const { account, ac, items } = await prepared('personal', 3);
    h.cloud.control.throttle('item', { times: 1, retryAfter: 41 });
    const pausedCall = ac.client.getItem(account.driveId, items[0]!.id);
    while (ac.gate.pausedUntil() <= ac.clock.now()) await new Promise((r) => setImmediate(r));
    const pauseEnds = ac.gate.pausedUntil();
    const sentAt: number[] = [];
    const timed: typeof fetch = (input, init) => {
      sentAt.push(ac.clock.now());
      return fetch(input, init);
    };
    await Promise.all([
      pausedCall,
      ...items.map((it, i) => download(account, ac, it, { tempPath: join(dir, `p${i}`), fetch: timed })),
    ]);
    expect(sentAt).toHaveLength(3);
    expect(Math.min(...sentAt)).toBeGreaterThanOrEqual(pauseEnds);
    expect(h.cloud.control.count('item')).toBe(2);
  });

  it('rides out a 429 storm on the download host: every file arrives, the storm costs only its own answers', async () => {
    const { account, ac, items } = await prepared('business', 3);
    h.cloud.control.throttle('download', { times: 6, retryAfter: 5 });
    const start = ac.clock.now();
    await Promise.all(items.map((it, i) => download(account, ac, it, { tempPath: join(dir, `s${i}`) })));
    for (const [i, it] of items.entries()) await assertSameAsCloud(account, it, join(dir, `s${i}`));
    expect(h.cloud.control.count('download')).toBe(3 + 6);
    expect(ac.clock.now() - start).toBeGreaterThanOrEqual(5_000);
  });

  it('gives up with throttled when Graph keeps answering 503', async () => {
    const { account, ac } = await prepared('personal', 1);
    h.cloud.control.throttle('me', { times: 100, retryAfter: 60, status: 503 });
    const e = await ac.client.getMe().catch((x: unknown) => x);
    expect(isAppError(e, 'throttled')).toBe(true);
    expect(h.cloud.control.count('me')).toBe(5);
    expect(account.kind).toBe('personal');
  });

  it('gets a fresh token once when the access token expires mid-enumeration, and carries on', async () => {
    const tree: Record<string, string> = {};
    for (let i = 0; i < 20; i++) tree[`Docs/n${i}.txt`] = `${i}`;
    const account = h.cloud.control.createAccount({ kind: 'personal', tree });
    h.cloud.control.setDeltaOptions({ pageSize: 4 });
    let pages = 0;
    const expiring: typeof fetch = (input, init) => {
      if (String(input).includes('/delta') && ++pages === 3) h.cloud.control.expireAccessTokens(account.accountId);
      return fetch(input, init);
    };
    const ac = clientFor(h.cloud, account, { fetch: expiring });
    const set = await enumerate({
      client: ac.client,
      driveId: account.driveId,
      driveType: 'personal',
      itemType: 'folder',
      rootId: h.cloud.control.itemId(account.accountId, 'Docs'),
      deltaLink: null,
      knownIds: new Set(),
      knownParent: () => undefined,
    });
    h.cloud.control.setDeltaOptions({ pageSize: 200 });
    expect(set.items.filter((i) => i.kind === 'file')).toHaveLength(20);
    expect(h.cloud.control.requests().filter((q) => q.status === 401)).toHaveLength(1);
  });
});
