/**
 * Issue 13, item 1: a symlink planted where the engine puts its temp file (or a folder swapped for a symlink while a
 * download runs) must never make a run write, append to, stamp or rename anything outside the sync root.
 */
import { promises as fs, readdirSync, renameSync, statSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ActivityEvent } from '../../main/core/sync/apply/apply';
import { partialName } from '../../main/core/sync/paths';
import { makeSync, readTree, sorted, useCloud, type SyncFixture } from './harness';

const h = useCloud();

const OUTSIDE_BYTES = 'precious bytes outside the root';
/** Longer than the outside file, so the old code took that file for a partial download and resumed it. */
const REMOTE_A = 'remote a, long enough to look like the rest of a partial download';
const OLD = new Date(Date.UTC(2020, 0, 1));

/** A file outside the root, with a known old mtime, to check nothing touched it. */
async function outsideFile(fx: SyncFixture): Promise<string> {
  const p = path.join(fx.base, 'outside.txt');
  await fs.writeFile(p, OUTSIDE_BYTES);
  await fs.utimes(p, OLD, OLD);
  return p;
}

async function expectUntouched(p: string): Promise<void> {
  expect(await fs.readFile(p, 'utf8')).toBe(OUTSIDE_BYTES);
  expect((await fs.lstat(p)).mtimeMs).toBe(OLD.getTime());
}

function tempOf(fx: SyncFixture, remote: string): string {
  const rel = remote.replace(/^Docs\//, '');
  return path.join(fx.root, path.dirname(rel), partialName(h.cloud.control.itemId(fx.acc.accountId, remote)));
}

/** Runs once, aborted as soon as the big file's partial holds bytes: leaves a partial the state says to resume. */
async function leavePartial(fx: SyncFixture, remote: string): Promise<string> {
  h.cloud.control.setLatency({ downloadBytesPerSecond: 2_000_000 });
  const ac = new AbortController();
  const temp = tempOf(fx, remote);
  const s = await fx.run({
    signal: ac.signal,
    onProgress: () => {
      if (statSync(temp, { throwIfNoEntry: false })?.size) ac.abort(new Error('stop'));
    },
  });
  h.cloud.control.setLatency({ downloadBytesPerSecond: 0 });
  expect(s.result).toBe('cancelled');
  // The state names the partial (in its .json or its checkpoint journal), so the next run resumes it with Range.
  const read = (ext: string) => fs.readFile(path.join(fx.stateDir, `${fx.config.id}${ext}`), 'utf8').catch(() => '');
  expect(`${await read('.json')}${await read('.checkpoints.jsonl')}`).toContain(path.basename(temp));
  return temp;
}

describe('a symlink at the temp file path', () => {
  it('of a new file, dangling: nothing is created where it points, and the file is downloaded', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/a.txt': 'remote a' } });
    await fs.mkdir(fx.root, { recursive: true });
    const target = path.join(fx.base, 'created-outside.txt');
    await fs.symlink(target, tempOf(fx, 'Docs/a.txt'));
    const events: ActivityEvent[] = [];
    const s = await fx.run({ onActivity: (e) => events.push(e) });
    expect(s).toMatchObject({ result: 'success', downloaded: 1 });
    expect(await fs.lstat(target).catch(() => null)).toBeNull();
    expect(sorted(await readTree(fx.root))).toEqual([['a.txt', 'remote a']]);
    expect(events.some((e) => e.kind === 'refused' && /symbolic link/.test(e.message))).toBe(true);
  });

  it('of a new file, to an existing file outside: that file keeps its bytes and mtime', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: { 'Docs/a.txt': REMOTE_A } });
    await fs.mkdir(fx.root, { recursive: true });
    const outside = await outsideFile(fx);
    await fs.symlink(outside, tempOf(fx, 'Docs/a.txt'));
    expect(await fx.run()).toMatchObject({ result: 'success', downloaded: 1 });
    await expectUntouched(outside);
    expect(sorted(await readTree(fx.root))).toEqual([['a.txt', REMOTE_A]]);
  });

  it('of a file being resumed, to an existing file outside: nothing is appended there, the file is fetched whole', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/Sub/big.bin': { size: 2_000_000 } } });
    const temp = await leavePartial(fx, 'Docs/Sub/big.bin');
    const outside = await outsideFile(fx);
    await fs.rm(temp);
    await fs.symlink(outside, temp);
    expect(await fx.run()).toMatchObject({ result: 'success', downloaded: 1 });
    await expectUntouched(outside);
    const want = h.cloud.control.content(fx.acc.accountId, 'Docs/Sub/big.bin');
    expect((await fs.readFile(path.join(fx.root, 'Sub', 'big.bin'))).equals(want)).toBe(true);
    expect(await fs.readdir(path.join(fx.root, 'Sub'))).toEqual(['big.bin']);
  });

  it('of a file being resumed, dangling: nothing is created where it points', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: { 'Docs/big.bin': { size: 2_000_000 } } });
    const temp = await leavePartial(fx, 'Docs/big.bin');
    const target = path.join(fx.base, 'created-outside.bin');
    await fs.rm(temp);
    await fs.symlink(target, temp);
    expect(await fx.run()).toMatchObject({ result: 'success', downloaded: 1 });
    expect(await fs.lstat(target).catch(() => null)).toBeNull();
    const want = h.cloud.control.content(fx.acc.accountId, 'Docs/big.bin');
    expect((await fs.readFile(path.join(fx.root, 'big.bin'))).equals(want)).toBe(true);
  });
});

describe('a folder swapped for a symlink while its file downloads', () => {
  it('refuses the rename into it: nothing appears outside the root', async () => {
    const fx = await makeSync(h, {
      kind: 'personal',
      tree: { 'Docs/Sub/big.bin': { size: 2_000_000 }, 'Docs/Sub/x.txt': 'x' },
    });
    await fx.run();
    const old = h.cloud.control.content(fx.acc.accountId, 'Docs/Sub/big.bin');
    h.cloud.control.modify(fx.acc.accountId, 'Docs/Sub/big.bin', { size: 2_000_000 });
    const elsewhere = path.join(fx.base, 'elsewhere');
    await fs.mkdir(elsewhere);
    h.cloud.control.setLatency({ downloadBytesPerSecond: 2_000_000 });
    let swapped = false;
    const s = await fx.run({
      onProgress: (p) => {
        if (swapped || p.bytesDone === 0) return;
        swapped = true;
        // The attacker moves the folder (with our open temp file) out of the root and leaves a link in its place.
        renameSync(path.join(fx.root, 'Sub'), path.join(elsewhere, 'Sub'));
        symlinkSync(path.join(elsewhere, 'Sub'), path.join(fx.root, 'Sub'));
      },
    });
    expect(swapped).toBe(true);
    expect(s.skipped).toContainEqual({
      path: 'Sub/big.bin',
      reason: expect.stringContaining('outside the synced folder'),
    });
    // Only what the attacker moved there: the old files and our half-written temp file, never a new big.bin.
    const there = readdirSync(path.join(elsewhere, 'Sub')).sort();
    expect(there.filter((n) => !n.endsWith('.partial'))).toEqual(['big.bin', 'x.txt']);
    expect((await fs.readFile(path.join(elsewhere, 'Sub', 'big.bin'))).equals(old)).toBe(true);
  });
});
