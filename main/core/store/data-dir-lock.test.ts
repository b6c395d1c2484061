import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { acquireDataDirLock, isAlive, readLockOwner, releaseOwnLockSync } from './data-dir-lock';

const holder = path.resolve(__dirname, '../testing/hold-lock.ts');
let dir: string;
const children: ChildProcess[] = [];

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-lock-'));
});
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await fs.rm(dir, { recursive: true, force: true });
});

/** Runs the holder script; resolves with the child and its first line ("locked" or "refused ..."). */
async function startHolder(): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', holder, dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve(out.split('\n')[0]!);
    });
    child.on('exit', (code) => setTimeout(() => reject(new Error(`holder exited ${code}: ${out}${stderr}`)), 50));
  });
  return { child, line };
}

async function lockError(): Promise<Error> {
  try {
    const lock = await acquireDataDirLock(dir);
    await lock.release();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the lock to be refused');
}

describe('data dir lock across processes', () => {
  it('refuses a second owner while the first lives, and recovers the lock after kill -9', async () => {
    const { child, line } = await startHolder();
    expect(line).toBe('locked');

    const refused = await lockError();
    expect(isAppError(refused, 'locked')).toBe(true);
    expect(refused.message).toContain(`pid ${child.pid}`);
    expect(refused.message).toContain('onedrive-mirror run');
    expect(await readLockOwner(dir)).toMatchObject({ pid: child.pid, host: os.hostname(), alive: true });

    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    expect(await readLockOwner(dir)).toMatchObject({ pid: child.pid, alive: false });

    const lock = await acquireDataDirLock(dir, { purpose: 'test' });
    expect(await readLockOwner(dir)).toMatchObject({ pid: process.pid, purpose: 'test', alive: true });
    await lock.release();
    expect(await readLockOwner(dir)).toBeNull();
  });

  it('a second process is refused while this process holds the lock', async () => {
    const lock = await acquireDataDirLock(dir, { purpose: 'OneDrive Mirror app' });
    const { line } = await startHolder().catch((e: Error) => ({ line: e.message }));
    expect(line).toMatch(new RegExp(`refused .*OneDrive Mirror app \\(pid ${process.pid}`));
    await lock.release();
  });
});

describe('data dir lock rules', () => {
  it('one process cannot take the lock twice; release frees it', async () => {
    const lock = await acquireDataDirLock(dir);
    expect(isAppError(await lockError(), 'locked')).toBe(true);
    await lock.release();
    await lock.release(); // twice is harmless
    const again = await acquireDataDirLock(dir);
    await again.release();
  });

  it('release leaves a lock that is no longer ours alone', async () => {
    const lock = await acquireDataDirLock(dir);
    const foreign = JSON.stringify({
      pid: 1,
      host: 'elsewhere',
      startedAt: new Date().toISOString(),
      purpose: 'x',
    });
    await fs.writeFile(path.join(dir, 'lock'), foreign);
    await lock.release();
    expect(await fs.readFile(path.join(dir, 'lock'), 'utf8')).toBe(foreign);
  });

  it('a lock from another host is never taken over and the message names the host', async () => {
    await fs.writeFile(
      path.join(dir, 'lock'),
      JSON.stringify({
        pid: 4242,
        host: 'nas-box',
        startedAt: new Date().toISOString(),
        purpose: 'onedrive-mirror run',
      }),
    );
    const e = await lockError();
    expect(e.message).toMatch(/pid 4242 on nas-box/);
    expect((await readLockOwner(dir))?.alive).toBe('unknown');
  });

  it('an unreadable lock file is respected while fresh and recovered once old', async () => {
    const file = path.join(dir, 'lock');
    await fs.writeFile(file, '');
    expect(isAppError(await lockError(), 'locked')).toBe(true);
    const old = new Date(Date.now() - 60_000);
    await fs.utimes(file, old, old);
    const lock = await acquireDataDirLock(dir);
    await lock.release();
  });

  it("releaseSync removes our lock at once (a process exiting on a signal), and never someone else's", async () => {
    const lock = await acquireDataDirLock(dir);
    lock.releaseSync();
    expect(await readLockOwner(dir)).toBeNull();
    const second = await acquireDataDirLock(dir);
    lock.releaseSync(); // released before: a no-op, the new owner's file stays
    expect(await readLockOwner(dir)).not.toBeNull();
    await second.release();
  });

  it('releaseOwnLockSync removes a lock of this process only', async () => {
    const file = path.join(dir, 'lock');
    const other = { pid: process.ppid, host: os.hostname(), startedAt: new Date().toISOString(), purpose: 'x' };
    await fs.writeFile(file, JSON.stringify(other));
    releaseOwnLockSync(dir);
    expect(await readLockOwner(dir)).not.toBeNull();
    await fs.rm(file);
    await acquireDataDirLock(dir);
    releaseOwnLockSync(dir);
    expect(await readLockOwner(dir)).toBeNull();
    expect(() => releaseOwnLockSync(dir)).not.toThrow();
  });

  it('treats a pid from before this boot, or our own pid from an earlier process, as gone', () => {
    const here = { host: 'h', bootMs: Date.parse('2026-05-01T10:00:00Z') };
    const before = { pid: process.ppid, host: 'h', startedAt: '2026-05-01T09:00:00Z', purpose: 'x' };
    expect(isAlive(before, here)).toBe(false);
    expect(isAlive({ ...before, startedAt: new Date().toISOString() }, here)).toBe(true); // parent is alive
    expect(isAlive({ ...before, pid: process.pid, startedAt: new Date().toISOString() }, here)).toBe(true);
    const earlierProcess = new Date(Date.now() - process.uptime() * 1000 - 10_000).toISOString();
    expect(isAlive({ ...before, pid: process.pid, startedAt: earlierProcess }, { ...here, bootMs: 0 })).toBe(false);
    expect(isAlive({ ...before, host: 'other' }, here)).toBe('unknown');
  });
});
