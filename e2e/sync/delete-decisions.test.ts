/**
 * The big-delete guard of the real engine against the fake cloud: the rule's clauses on real listings, and a
 * confirmation that covers only the deletions that were reviewed (the list a stopped run keeps in its state).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../main/core/errors';
import { readPendingDeletes } from '../../main/core/sync/engine';
import { deleteSetFingerprint } from '../../main/core/sync/plan/delete-review';
import { makeSync, useCloud, type SyncFixture } from './harness';

const h = useCloud();

const tree = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`Docs/f${i}.txt`, `f${i}`]));
const del = (fx: SyncFixture, ...ids: number[]) => ids.forEach((i) => h.cloud.control.delete(fx.acc.accountId, `Docs/f${i}.txt`));

async function stopMessage(p: Promise<unknown>): Promise<string> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isAppError(e) ? e.code : e).toBe('confirm_deletes');
  return (e as Error).message;
}

/** What the user confirms after looking at the stopped run's list. */
async function confirmReviewed(fx: SyncFixture) {
  const pending = await readPendingDeletes(fx.stateDir, fx.config.id);
  return { files: pending.length, fingerprint: deleteSetFingerprint(pending) };
}

describe('the big-delete rule on real runs', () => {
  it('4 of 7 files deleted online: the run trashes them without asking', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(7) });
    await fx.run();
    del(fx, 0, 1, 2, 3);
    expect(await fx.run()).toMatchObject({ result: 'success', trashed: 4 });
  });

  it('every file of 11 gone online: stops and says so; 10 of 10 would not', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(11) });
    await fx.run();
    del(fx, ...Array.from({ length: 11 }, (_, i) => i));
    expect(await stopMessage(fx.run())).toMatch(/^OneDrive lists none of the 11 files this mirror tracks/);
    expect((await fs.readdir(fx.root)).length).toBe(11);

    const small = await makeSync(h, { kind: 'personal', tree: tree(10) });
    await small.run();
    del(small, ...Array.from({ length: 10 }, (_, i) => i));
    expect(await small.run()).toMatchObject({ result: 'success', trashed: 10 });
  });
});

describe('a confirmation covers what was reviewed, no more', () => {
  it('one more deletion than confirmed: the run asks again and trashes nothing', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(10) });
    await fx.run();
    del(fx, 0, 1, 2);
    await stopMessage(fx.run({ bigDelete: { files: 2 } }));
    const confirmedDeletes = await confirmReviewed(fx);
    del(fx, 3);
    expect(await stopMessage(fx.run({ bigDelete: { files: 2 }, confirmedDeletes }))).toMatch(/would move 4 files/);
    expect(await fs.readdir(fx.trashDir)).toEqual([]);
    // The new list is what the user reviews and confirms next.
    const again = await confirmReviewed(fx);
    expect(again.files).toBe(4);
    expect(await fx.run({ bigDelete: { files: 2 }, confirmedDeletes: again })).toMatchObject({ trashed: 4 });
  });

  it('as many deletions as confirmed but another file: asks again', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(10) });
    await fx.run();
    del(fx, 0, 1, 2);
    await stopMessage(fx.run({ bigDelete: { files: 2 } }));
    const confirmedDeletes = await confirmReviewed(fx);
    await fs.writeFile(path.join(fx.root, 'f0.txt'), 'edited here'); // f0 stays as the user's own file ...
    del(fx, 5); // ... and f5 goes online: three to trash again, but not the three reviewed
    await stopMessage(fx.run({ bigDelete: { files: 2 }, confirmedDeletes }));
    expect(await fs.readdir(fx.trashDir)).toEqual([]);
  });

  it('fewer deletions than confirmed (one was edited here since): trashes the rest', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: tree(10) });
    await fx.run();
    del(fx, 0, 1, 2, 3);
    await stopMessage(fx.run({ bigDelete: { files: 2 } }));
    const confirmedDeletes = await confirmReviewed(fx);
    await fs.writeFile(path.join(fx.root, 'f0.txt'), 'edited here'); // changed here: left in place, not trashed
    expect(await fx.run({ bigDelete: { files: 2 }, confirmedDeletes })).toMatchObject({
      result: 'success',
      trashed: 3,
    });
    expect((await fs.readdir(fx.root)).sort()).toEqual(['f0.txt', 'f4.txt', 'f5.txt', 'f6.txt', 'f7.txt', 'f8.txt', 'f9.txt']);
  });
});
