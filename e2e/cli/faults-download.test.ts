/**
 * Broken downloads through the built CLI: a reset, truncated or corrupt body that goes away is retried and the run
 * succeeds; one that stays fails the run with exit 1 and says which file, leaves at most a hidden resume partial,
 * and the next run after the fault clears converges.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Fault } from '../fake-cloud';
import { downloadOf, expectConverged, expectNoLeftovers, useCliWorld, type User } from './harness';

const world = useCliWorld();
const tree = { 'a.txt': 'alpha', 'Sub/b.txt': 'bravo', 'big.bin': { size: 300_000 } };
let user: User;
let n = 0;

beforeAll(async () => {
  user = await world.user();
  await user.login();
});

const kinds: Array<Fault['kind']> = ['reset', 'truncate', 'corrupt'];

describe('sync run with broken downloads', { timeout: 120_000 }, () => {
  it.each(kinds)('a %s download that goes away is fetched again (exit 0)', async (kind) => {
    const sync = await user.addSync(`D${++n}`, tree);
    world.cloud.control.fail(downloadOf(world, user, `${sync.folder}/big.bin`), { kind } as Fault, 1);
    const run = await user.cli('sync', 'run', sync.id);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^ok {3}\/D\d+ -> .*: Synced: 3 downloaded/m);
    expect(run.code).toBe(0);
    await expectConverged(world, user, sync);
  });

  it.each<[Fault['kind'], RegExp]>([
    ['reset', /The download of "big\.bin" kept failing/],
    ['truncate', /The download of "big\.bin" kept failing/],
    ['corrupt', /The download of "big\.bin" did not match OneDrive's size or checksum after 3 tries/],
  ])('a %s download that stays fails the run (exit 1, message); the next run converges', async (kind, message) => {
    const sync = await user.addSync(`D${++n}`, tree);
    world.cloud.control.fail(downloadOf(world, user, `${sync.folder}/big.bin`), { kind } as Fault, 100);
    const failed = await user.cli('sync', 'run', sync.id);
    expect(failed.stdout).toMatch(/^FAIL \/D\d+ -> /m);
    expect(failed.stdout).toMatch(message);
    expect(failed.code).toBe(1);
    const view = (await user.syncList()).find((s) => s.id === sync.id);
    expect(view).toMatchObject({ lastSyncStatus: kind === 'corrupt' ? 'partial' : 'failed' });
    await expectNoLeftovers(user, sync, { allowPartials: kind !== 'corrupt' });
    world.cloud.control.clearFaults();
    const next = await user.cli('sync', 'run', sync.id);
    expect(next.stdout).toMatch(/^ok /m);
    expect(next.code).toBe(0);
    await expectConverged(world, user, sync);
  });
});
