import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeSync, readTree, remoteTree, sorted, useCloud } from './harness';

const h = useCloud();

const tree = {
  'Docs/a.txt': 'alpha',
  'Docs/Sub/b.txt': 'bravo',
  'Docs/Sub/Deep/c.txt': 'charlie',
  'Docs/Empty/': null,
  'Other/outside.txt': 'not synced',
};

describe.each(['personal', 'business'] as const)('sync against a %s drive', (kind) => {
  it('mirrors the remote folder, follows remote changes, and has nothing to do when nothing changed', async () => {
    const fx = await makeSync(h, { kind, tree });
    const { control } = h.cloud;
    const first = await fx.run();
    expect(first).toMatchObject({ result: 'success', downloaded: 3, trashed: 0, conflicts: 0 });
    expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
    // mtimes follow the remote
    const remoteA = control.item(fx.acc.accountId, 'Docs/a.txt')!;
    expect(remoteA).toBeDefined();

    control.modify(fx.acc.accountId, 'Docs/a.txt', 'alpha 2');
    control.rename(fx.acc.accountId, 'Docs/Sub', 'Renamed');
    control.move(fx.acc.accountId, 'Docs/Renamed/Deep/c.txt', 'Docs');
    control.delete(fx.acc.accountId, 'Docs/Empty');
    control.addFile(fx.acc.accountId, 'Docs/New/n.txt', 'november');
    const second = await fx.run();
    expect(second).toMatchObject({ result: 'success', downloaded: 2, renamed: 2, trashed: 1 });
    expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));

    const third = await fx.run();
    expect(third).toMatchObject({ result: 'success', downloaded: 0, renamed: 0, trashed: 0 });
  });

  it('trashes an item moved out of the synced folder and brings it back when it returns', async () => {
    const fx = await makeSync(h, { kind, tree });
    const { control } = h.cloud;
    await fx.run();
    control.move(fx.acc.accountId, 'Docs/Sub', 'Other');
    const out = await fx.run();
    expect(out).toMatchObject({ result: 'success', trashed: 4 }); // 2 files + 2 folders
    expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
    control.move(fx.acc.accountId, 'Other/Sub', 'Docs');
    expect(await fx.run()).toMatchObject({ result: 'success', downloaded: 2 });
    expect(sorted(await readTree(fx.root))).toEqual(sorted(remoteTree(h, fx.acc)));
  });

  it('trashes files deleted online through the Trash port and keeps a locally edited one', async () => {
    const fx = await makeSync(h, { kind, tree: { 'Docs/x.txt': 'x', 'Docs/y.txt': 'y', 'Docs/z.txt': 'z', 'Docs/w.txt': 'w' } });
    await fx.run();
    await fs.writeFile(path.join(fx.root, 'y.txt'), 'my edit');
    h.cloud.control.delete(fx.acc.accountId, 'Docs/x.txt');
    h.cloud.control.delete(fx.acc.accountId, 'Docs/y.txt');
    const s = await fx.run();
    expect(s).toMatchObject({ result: 'success', trashed: 1 });
    expect(await fs.readdir(fx.trashDir)).toEqual(['0-x.txt']);
    expect(await fs.readFile(path.join(fx.root, 'y.txt'), 'utf8')).toBe('my edit');
  });
});
