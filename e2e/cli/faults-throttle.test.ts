/**
 * The built CLI waits out throttling and server errors instead of dying (issue 12 item 1: every core timer is
 * unref'd, so a process that only waited on a Retry-After or a backoff ended with exit 13 and no output).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { RouteName } from '../fake-cloud';
import { downloadOf, expectConverged, expectNoLeftovers, useCliWorld, type User } from './harness';

const world = useCliWorld();
const tree = { 'a.txt': 'alpha', 'Sub/b.txt': 'bravo', 'c.txt': 'charlie' };
let user: User;
let n = 0;

beforeAll(async () => {
  user = await world.user();
  await user.login();
});

describe('sync run against a throttling or failing cloud', { timeout: 120_000 }, () => {
  it.each<[string, RouteName, number]>([
    ['Graph 429', 'delta', 429],
    ['Graph 503', 'delta', 503],
    ['download host 429', 'download', 429],
    ['download host 503', 'download', 503],
  ])('%s with Retry-After: waits, then syncs everything (exit 0)', async (_name, route, status) => {
    const sync = await user.addSync(`T${++n}`, tree);
    world.cloud.control.resetCounts();
    world.cloud.control.throttle(route, { status, retryAfter: 1, times: 1 });
    const run = await user.cli('sync', 'run', sync.id);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(new RegExp(`^ok {3}/${sync.folder} -> .*: Synced: 3 downloaded`, 'm'));
    expect(run.code).toBe(0);
    expect(world.cloud.control.requests().filter((r) => r.status === status)).toHaveLength(1);
    await expectConverged(world, user, sync);
  });

  it('sync add waits out a Graph 429 while it looks the folder up (exit 0)', async () => {
    world.cloud.control.resetCounts();
    world.cloud.control.throttle('item', { status: 429, retryAfter: 1, times: 1 });
    const sync = await user.addSync(`T${++n}`, tree); // fails the test unless exit 0
    expect(world.cloud.control.requests().filter((r) => r.status === 429)).toHaveLength(1);
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({ status: 'active' });
  });

  it('a Graph 500 that goes away is retried (exit 0)', async () => {
    const sync = await user.addSync(`T${++n}`, tree);
    world.cloud.control.fail('delta', { kind: 'status', status: 500 }, 1);
    const run = await user.cli('sync', 'run', sync.id);
    expect(run.stdout).toMatch(/^ok /m);
    expect(run.code).toBe(0);
    await expectConverged(world, user, sync);
  });

  it('a download host that keeps answering 502 fails the run (exit 1, message); the next run converges', async () => {
    const sync = await user.addSync(`T${++n}`, tree);
    world.cloud.control.fail(downloadOf(world, user, `${sync.folder}/c.txt`), { kind: 'status', status: 502 }, 100);
    const failed = await user.cli('sync', 'run', sync.id);
    expect(failed.stdout).toMatch(/^FAIL \/T\d+ -> .*: The download of "c\.txt" kept failing \(HTTP 502\)/m);
    expect(failed.code).toBe(1);
    expect((await user.syncList()).find((s) => s.id === sync.id)).toMatchObject({
      lastSyncStatus: 'failed',
      errorCode: 'offline',
    });
    await expectNoLeftovers(user, sync, { allowPartials: true });
    world.cloud.control.clearFaults();
    const next = await user.cli('sync', 'run', sync.id);
    expect(next.code).toBe(0);
    await expectConverged(world, user, sync);
  });
});
