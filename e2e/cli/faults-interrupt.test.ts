/**
 * Ending a `sync run` from outside while a download is in flight (the fake holds it half sent: a 'stall' fault, so
 * the signal lands mid-download without racing a timer). SIGINT/SIGTERM stop it cleanly: exit 1 with a message, no
 * lock, no URL spool, at most a hidden resume partial. kill -9 leaves what it leaves; the next command recovers the
 * lock and the spool, and the rerun converges without conflict copies of files the killed run wrote.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { partialName } from '../../main/core/sync/paths';
import { downloadOf, expectConverged, expectNoLeftovers, useCliWorld, waitUntil, type Sync, type User } from './harness';

const world = useCliWorld();
const BIG = 4 * 1024 * 1024;
const tree = { 'a.txt': 'alpha', 'Sub/b.txt': 'bravo', 'c.txt': 'charlie', 'big.bin': { size: BIG } };
let user: User;
let n = 0;

beforeAll(async () => {
  user = await world.user();
  await user.login();
});

/** Starts `sync run ID` with big.bin's download held half sent; resolves once part of it is on disk. */
async function runUntilStalled(sync: Sync, file = 'big.bin') {
  world.cloud.control.fail(downloadOf(world, user, `${sync.folder}/${file}`), { kind: 'stall' }, 1);
  const running = user.spawn('sync', 'run', sync.id);
  await Promise.race([
    world.cloud.control.whenStalled(),
    running.done.then((r) => Promise.reject(new Error(`ended: ${r.stdout}${r.stderr}`))),
  ]);
  // The child has demonstrably started writing: the first batch of the half it got is in the hidden partial.
  const partial = path.join(
    sync.local,
    partialName(world.cloud.control.itemId(user.account.accountId, `${sync.folder}/${file}`)),
  );
  await waitUntil(
    async () => ((await stat(partial).catch(() => null))?.size ?? 0) >= 1024 * 1024,
    'the partial download is on disk',
  );
  return running;
}

async function rerunConverges(sync: Sync): Promise<void> {
  world.cloud.control.clearFaults();
  world.cloud.control.releaseStalls();
  const next = await user.cli('sync', 'run', sync.id);
  expect(next.stdout).toMatch(/^ok /m);
  expect(next.code).toBe(0);
  await expectConverged(world, user, sync);
}

describe('sync run ended from outside', { timeout: 120_000 }, () => {
  it.each(['SIGINT', 'SIGTERM'] as const)(
    '%s during the first run: stops cleanly, exit 1, message; the rerun converges',
    async (signal) => {
      const sync = await user.addSync(`I${++n}`, tree);
      const running = await runUntilStalled(sync);
      running.child.kill(signal);
      const r = await running.done;
      expect(r.stderr).toContain(`Interrupted by ${signal}: stopped cleanly`);
      expect(r.code).toBe(1);
      expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({
        lastSyncStatus: 'cancelled',
      });
      await expectNoLeftovers(user, sync, { allowPartials: true });
      expect(await user.trashed()).toEqual([]);
      await rerunConverges(sync);
    },
  );

  it('SIGINT during an incremental run: the same', async () => {
    const sync = await user.addSync(`I${++n}`, { 'a.txt': 'alpha', 'c.txt': 'charlie' });
    expect((await user.cli('sync', 'run', sync.id)).code).toBe(0);
    world.cloud.control.modify(user.account.accountId, `${sync.folder}/a.txt`, 'alpha 2');
    world.cloud.control.addFile(user.account.accountId, `${sync.folder}/big.bin`, { size: BIG });
    const running = await runUntilStalled(sync);
    running.child.kill('SIGINT');
    const r = await running.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Interrupted by SIGINT');
    await expectNoLeftovers(user, sync, { allowPartials: true });
    await rerunConverges(sync);
  });

  it('kill -9 during the first run: the rerun recovers the lock and converges', async () => {
    const sync = await user.addSync(`K${++n}`, tree);
    const running = await runUntilStalled(sync);
    running.child.kill('SIGKILL');
    expect((await running.done).signal).toBe('SIGKILL');
    expect((await user.leftovers(sync)).lock).toBe(true); // what only kill -9 may leave
    await rerunConverges(sync);
  });

  it('kill -9 during an incremental run: the rerun converges without conflict copies', async () => {
    const sync = await user.addSync(`K${++n}`, {
      'a.txt': 'alpha',
      'Sub/b.txt': 'bravo',
      'c.txt': 'charlie',
    });
    expect((await user.cli('sync', 'run', sync.id)).code).toBe(0);
    world.cloud.control.modify(user.account.accountId, `${sync.folder}/a.txt`, 'alpha 2');
    world.cloud.control.modify(user.account.accountId, `${sync.folder}/Sub/b.txt`, 'bravo 2');
    world.cloud.control.addFile(user.account.accountId, `${sync.folder}/big.bin`, { size: BIG });
    const running = await runUntilStalled(sync);
    running.child.kill('SIGKILL');
    await running.done;
    await rerunConverges(sync);
  });
});
