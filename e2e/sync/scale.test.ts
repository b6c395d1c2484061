/**
 * An initial sync of a 5,000-file tree (the benchmarks go to 100,000): Graph requests are only listing pages (downloads use the listing's URLs
 * and go to the download host), progress stays at a bounded rate, and a second run is cheap.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TreeSpec } from '../fake-cloud';
import { Semaphore } from '../../main/core/sync/semaphore';
import { makeSync, useCloud } from './harness';

const h = useCloud();

function bigTree(files: number, perFolder: number): TreeSpec {
  const tree: TreeSpec = {};
  for (let i = 0; i < files; i++) tree[`Docs/d${Math.floor(i / perFolder)}/f${i}.txt`] = `file ${i}`;
  return tree;
}

describe.each(['personal', 'business'] as const)('a 5,000-file %s tree', (kind) => {
  it('syncs with no Graph request per file, then re-runs with nothing to do', async () => {
    const fx = await makeSync(h, { kind, tree: bigTree(5_000, 125) });
    const { control } = h.cloud;
    control.resetCounts();
    const t0 = Date.now();
    let events = 0;
    const first = await fx.run({ downloadSlots: new Semaphore(16), onProgress: () => void events++ });
    const took = Date.now() - t0;
    expect(events).toBeLessThanOrEqual(took / 100 + 10); // progress at a bounded rate (~10/s), not per file
    expect(first).toMatchObject({ result: 'success', downloaded: 5_000 });
    const pages = control.count('delta') + control.count('children');
    const graph = pages + control.count('item') + control.count('content') + control.count('drive');
    expect(first.requests).toBe(graph); // everything the client sent was a listing page or an item lookup
    expect(control.count('content')).toBe(0);
    expect(first.requests).toBeLessThanOrEqual(pages + 2);
    expect(control.count('download')).toBe(5_000);
    expect((await fs.readdir(fx.root)).length).toBe(40);

    control.resetCounts();
    const second = await fx.run();
    expect(second).toMatchObject({ result: 'success', downloaded: 0 });
    expect(second.requests).toBeLessThanOrEqual(2);
    console.log(`${kind}: 5k files in ${took} ms, ${first.requests} Graph requests (${pages} pages)`);

    // Later runs cost what changed: the 5k-entry state file stays as it is; its journal gets a line or two.
    const stateFile = path.join(fx.stateDir, `${fx.config.id}.json`);
    const journal = path.join(fx.stateDir, `${fx.config.id}.checkpoints.jsonl`);
    const before = await fs.readFile(stateFile, 'utf8');
    control.modify(fx.acc.accountId, 'Docs/d7/f875.txt', 'changed online');
    expect(await fx.run()).toMatchObject({ result: 'success', downloaded: 1 });
    await fx.run();
    expect(await fs.readFile(stateFile, 'utf8')).toBe(before);
    expect((await fs.stat(journal)).size).toBeLessThan(4_096);
    expect(before.length).toBeGreaterThan(250_000);
  }, 180_000); // speed is the bench's business; here a loaded machine must not fail it
});
