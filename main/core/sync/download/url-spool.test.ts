import { promises as fsp } from 'node:fs';
import { mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openUrlSpool, spoolUrl, sweepUrlSpools, sweepUrlSpoolsSync } from './url-spool';
import type { RemoteItem } from '../types';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'odm-urls-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const url = (i: number): string => `https://dl.example/download.aspx?tempauth=${'t'.repeat(i % 700)}${i}&ApiVersion=2.0`;

describe('url spool', () => {
  it('gives every URL back, in any order, whether or not its batch reached the disk yet', async () => {
    const spool = await openUrlSpool(path.join(dir, 'c.urls.tmp'), { memoryBytes: 0 });
    const refs = Array.from({ length: 5_000 }, (_, i) => spool.add(url(i))!); // ~1.7 MB: several batches
    expect(await spool.get(refs[4_999]!)).toBe(url(4_999)); // the last batch is still pending here
    const order = refs.map((_, i) => (i * 7919) % refs.length);
    for (const i of order) expect(await spool.get(refs[i]!)).toBe(url(i));
    await spool.close();
    expect(await readdir(dir)).toEqual([]);
  });

  it('keeps non-ASCII URLs intact and very long ones in memory', async () => {
    const spool = await openUrlSpool(path.join(dir, 'c.urls.tmp'), { memoryBytes: 0 });
    const odd = 'https://dl.example/Bücher/ñ?x=€';
    expect(await spool.get(spool.add(odd)!)).toBe(odd);
    expect(spool.add(`https://x/${'a'.repeat(70_000)}`)).toBeNull();
    await spool.close();
  });

  it('moves an item URL into the spool and leaves folders and spool-less runs alone', async () => {
    const spool = await openUrlSpool(path.join(dir, 'c.urls.tmp'), { memoryBytes: 0 });
    const item = (downloadUrl: string | null): RemoteItem => ({
      id: 'i',
      parentId: 'p',
      name: 'n',
      kind: 'file',
      size: 1,
      eTag: null,
      cTag: null,
      mtimeMs: 0,
      hashes: {},
      downloadUrl,
    });
    const spooled = spoolUrl(item('https://dl/1'), spool);
    expect(spooled.downloadUrl).toBeNull();
    expect(await spool.get(spooled.downloadUrlRef!)).toBe('https://dl/1');
    expect(spoolUrl(item(null), spool).downloadUrlRef).toBeUndefined();
    expect(spoolUrl(item('https://dl/2'), undefined).downloadUrl).toBe('https://dl/2');
    await spool.close();
  });

  it('keeps the first URLs in memory up to its budget, then spools', async () => {
    const spool = await openUrlSpool(path.join(dir, 'c.urls.tmp'), { memoryBytes: 100 });
    expect(spool.add('x'.repeat(60))).toBeNull();
    expect(spool.add('y'.repeat(30))).toBeNull();
    const ref = spool.add('z'.repeat(30)); // 10 bytes of budget left
    expect(ref).not.toBeNull();
    expect(await spool.get(ref!)).toBe('z'.repeat(30));
    await spool.close();
  });

  it('starts empty over a leftover of a killed run', async () => {
    const file = path.join(dir, 'c.urls.tmp');
    await writeFile(file, 'x'.repeat(10_000));
    const spool = await openUrlSpool(file, { memoryBytes: 0 });
    const ref = spool.add('https://dl/fresh')!;
    expect(ref).toBeLessThan(65_536); // offset 0
    expect(await spool.get(ref)).toBe('https://dl/fresh');
    await spool.close();
  });

  it('gives null (a fresh URL from Graph), not NULs, for URLs a short write left out', async () => {
    const probe = await open(path.join(dir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as {
      writev: (this: unknown, bufs: Buffer[], at: number) => Promise<{ bytesWritten: number }>;
    };
    await probe.close();
    await rm(path.join(dir, 'probe'));
    const realWritev = proto.writev;
    const spy = vi.spyOn(proto, 'writev').mockImplementationOnce(function (this: unknown, bufs: Buffer[], at: number) {
      return realWritev.call(this, [bufs[0]!.subarray(0, 5)], at); // the disk filled up after 5 bytes
    });
    try {
      const spool = await openUrlSpool(path.join(dir, 'c.urls.tmp'), { memoryBytes: 0 });
      const a = spool.add('https://dl/first')!;
      expect(await spool.get(a)).toBeNull();
      const b = spool.add('https://dl/second'); // written after the hole, or kept in memory
      if (b !== null) expect(await spool.get(b)).toBe('https://dl/second');
      expect(await spool.get(a)).toBeNull();
      await spool.close();
    } finally {
      spy.mockRestore();
    }
  });

  it('closes without throwing when the file cannot be removed (the run’s own outcome stands)', async () => {
    const spool = await openUrlSpool(path.join(dir, 'c.urls.tmp'), { memoryBytes: 0 });
    spool.add('https://dl/1');
    const spy = vi.spyOn(fsp, 'rm').mockRejectedValueOnce(Object.assign(new Error('EBUSY: resource busy'), { code: 'EBUSY' }));
    try {
      await expect(spool.close()).resolves.toBeUndefined();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('url spool sweep', () => {
  it('removes the spools a killed run left and nothing else, async or sync', async () => {
    for (const name of ['a.urls.tmp', 'b.urls.tmp', 'a.json', 'a.checkpoints.jsonl']) await writeFile(path.join(dir, name), 'x');
    expect(await sweepUrlSpools(dir)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['a.checkpoints.jsonl', 'a.json']);
    await writeFile(path.join(dir, 'c.urls.tmp'), 'x');
    sweepUrlSpoolsSync(dir);
    expect((await readdir(dir)).sort()).toEqual(['a.checkpoints.jsonl', 'a.json']);
    expect(await sweepUrlSpools(path.join(dir, 'missing'))).toBe(0);
    expect(() => sweepUrlSpoolsSync(path.join(dir, 'missing'))).not.toThrow();
  });
});
