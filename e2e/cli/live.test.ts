/**
 * Live changes end to end: the built CLI's `run` against the fake cloud's socketIo subscriptions. A change online
 * reaches the disk without any "sync now"; each fault mode (refused subscription, expiry, dropped socket, delayed
 * and duplicated notifications) ends live again, and while not live the sync says it checks on its interval.
 * Intervals are 60 min, so nothing here arrives by the interval.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expectOk, useCliWorld, waitUntil, type Running, type Sync, type User } from './harness';

const world = useCliWorld();

/** The text of a file, or null while it is not there. */
const text = (sync: Sync, rel: string) => readFile(path.join(sync.local, rel), 'utf8').catch(() => null);

/** `run` lines saying the sync is live: waits for the n-th one. */
const nthLive = (run: Running, n: number) => run.waitFor(new RegExp(`(live /\\w+: Live\\n[\\s\\S]*){${n}}`));
const runsDone = (run: Running) => (run.output().match(/ ok {3}/g) ?? []).length;

async function liveUser(folder: string): Promise<{ user: User; sync: Sync; run: Running }> {
  const user = await world.user();
  await user.login();
  const sync = await user.addSync(folder, { 'a.txt': 'one' });
  const run = user.spawn('run');
  await nthLive(run, 1);
  await waitUntil(async () => (await text(sync, 'a.txt')) === 'one', 'the first run is done');
  return { user, sync, run };
}

async function stop(run: Running): Promise<void> {
  run.child.kill('SIGTERM');
  expectOk(await run.done, 'run');
}

describe('live changes (run)', () => {
  it('a change online is on disk within seconds, with no Sync now; sync list --json says live', async () => {
    const { user, sync, run } = await liveUser('Live1');
    const list = await user.syncList();
    expect(list.find((s) => s.id === sync.id)).toMatchObject({
      live: true,
      liveReason: null,
      intervalMinutes: 60,
    });
    const before = runsDone(run);
    world.cloud.control.addFile(user.account.accountId, 'Live1/b.txt', 'two');
    world.cloud.control.modify(user.account.accountId, 'Live1/a.txt', 'one, edited');
    await waitUntil(
      async () => (await text(sync, 'b.txt')) === 'two' && (await text(sync, 'a.txt')) === 'one, edited',
      'the change is on disk',
    );
    expect(runsDone(run) - before).toBeLessThanOrEqual(2);
    await stop(run);
    // Nothing runs now: the published status is gone with its process.
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({ live: false });
  }, 120_000);

  it('a refused subscription (400 notSupported) says why, checks on the interval, and is live again later', async () => {
    const user = await world.user();
    await user.login();
    const sync = await user.addSync('Live2', { 'a.txt': 'one' });
    world.cloud.control.refuseSubscriptions(2);
    const run = user.spawn('run');
    await run.waitFor(/live \/Live2: Checking every 60 min \(live changes not supported for this drive\)/);
    await nthLive(run, 1);
    world.cloud.control.addFile(user.account.accountId, 'Live2/b.txt', 'two');
    await waitUntil(async () => (await text(sync, 'b.txt')) === 'two', 'the change is on disk');
    await stop(run);
  }, 120_000);

  it('an expired subscription and a dropped socket each end live again, and changes keep arriving', async () => {
    const { user, sync, run } = await liveUser('Live3');
    world.cloud.control.expireSubscriptions(user.account.accountId);
    await run.waitFor(/live \/Live3: Checking every 60 min \(reconnecting\)/);
    await nthLive(run, 2);
    world.cloud.control.dropSockets(user.account.accountId);
    await nthLive(run, 3);
    world.cloud.control.addFile(user.account.accountId, 'Live3/b.txt', 'two');
    await waitUntil(async () => (await text(sync, 'b.txt')) === 'two', 'the change is on disk');
    await stop(run);
  }, 120_000);

  it('delayed and duplicated notifications still bring the change, in at most two runs', async () => {
    const { user, sync, run } = await liveUser('Live4');
    world.cloud.control.setNotifications({ delayMs: 300, copies: 5 });
    try {
      const before = runsDone(run);
      const sent = world.cloud.control.notificationsSent(user.account.accountId);
      world.cloud.control.addFile(user.account.accountId, 'Live4/b.txt', 'two');
      await waitUntil(
        async () => world.cloud.control.notificationsSent(user.account.accountId) >= sent + 5,
        'all five copies were sent',
      );
      await waitUntil(async () => (await text(sync, 'b.txt')) === 'two', 'the change is on disk');
      await waitUntil(async () => runsDone(run) > before, 'the run that brought it printed its line');
      expect(runsDone(run) - before).toBeLessThanOrEqual(2);
    } finally {
      world.cloud.control.setNotifications({ delayMs: 0, copies: 1 });
    }
    await stop(run);
  }, 120_000);

  it('live-changes off: no subscription, the sync says it checks on its interval', async () => {
    const user = await world.user();
    await user.login();
    await user.addSync('Live5', { 'a.txt': 'one' });
    expectOk(await user.cli('settings', 'set', 'live-changes', 'off'), 'settings set');
    const before = world.cloud.control.count('socketIo');
    const run = user.spawn('run');
    await run.waitFor(/live \/Live5: Checking every 60 min \(live changes are off\)/);
    await run.waitFor(/ok {3}\/Live5/);
    expect(world.cloud.control.count('socketIo')).toBe(before);
    await stop(run);
  }, 120_000);
});
