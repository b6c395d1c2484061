import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type * as FsPromises from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { isAppError } from '../../errors';
import type { DriveClient } from '../../graph/drive-client';
import { deferred, enospc } from '../../testing/deferred';
import { createFakeClock, type FakeClock } from '../../testing/fake-clock';
import { startTestServer, type TestServer } from '../../testing/test-http-server';
import { ThrottleGate } from '../../graph/throttle-gate';
import { downloadFile, type DownloadOptions } from './download';
import { QuickXorHash } from './quickxorhash';
import type { RemoteItem } from '../types';
import { rejection } from '../../testing/rejection';

const content = randomBytes(300_000);
const qxh = new QuickXorHash().update(content).digest();
const MiB = 1 << 20;

/** The disk under downloadFile: a hook may delay or fail each writev (given its byte count) before the real write. */
const disk = vi.hoisted(() => ({ beforeWritev: null as null | ((bytes: number) => Promise<void>) }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof FsPromises>();
  const open: typeof real.open = async (...args) => {
    const handle = await real.open(...args);
    const hook = disk.beforeWritev;
    if (!hook) return handle;
    return new Proxy(handle, {
      get(target, key) {
        if (key === 'writev') {
          return async (chunks: Uint8Array[]) => {
            await hook(chunks.reduce((n, c) => n + c.length, 0));
            return target.writev(chunks);
          };
        }
        const value: unknown = Reflect.get(target, key);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
  };
  return { ...real, open, default: { ...real, open } };
});

let dir = '';
let server: TestServer | null = null;
let clock: FakeClock;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'download-'));
  clock = createFakeClock(0, { auto: true });
});
afterEach(async () => {
  disk.beforeWritev = null;
  await server?.close();
  server = null;
  await rm(dir, { recursive: true, force: true });
});

/** Serves `body` at /file honouring Range; `behave` may take over a request by returning true. */
async function host(
  behave: (req: IncomingMessage, res: ServerResponse, n: number) => boolean | void = () => false,
  body = content,
) {
  server = await startTestServer((req, res, n) => {
    if (behave(req, res, n)) return;
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      res.writeHead(206, {
        'content-length': String(body.length - start),
        'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
      });
      res.end(body.subarray(start));
    } else {
      res.writeHead(200, { 'content-length': String(body.length) });
      res.end(body);
    }
  });
  return server;
}

function item(over: Partial<RemoteItem> = {}): RemoteItem {
  return {
    id: 'F!1',
    parentId: 'R',
    name: 'big.bin',
    kind: 'file',
    size: content.length,
    eTag: 'e',
    cTag: 'c',
    mtimeMs: 0,
    hashes: { quickXorHash: qxh },
    downloadUrl: `${server!.url}/file?tempauth=secret`,
    ...over,
  };
}

function fakeClient(fresh: () => string): DriveClient & { refreshes: number } {
  const c = {
    refreshes: 0,
    requests: 0,
    freshDownloadUrl: async () => {
      c.refreshes++;
      return fresh();
    },
  };
  return c as unknown as DriveClient & { refreshes: number };
}

function run(over: Partial<DownloadOptions> = {}) {
  let progressed = 0;
  const client = fakeClient(() => `${server!.url}/file?tempauth=fresh`);
  const opts: DownloadOptions = {
    item: item(),
    driveId: 'd',
    client,
    tempPath: join(dir, '.big.bin.part'),
    gate: new ThrottleGate(clock, { random: () => 0.5 }),
    onBytes: (n) => (progressed += n),
    ...over,
  };
  return { promise: downloadFile(opts), progress: () => progressed, client, tempPath: opts.tempPath };
}

describe('downloadFile', () => {
  it('streams the file into the temp path, verified by QuickXorHash, without an Authorization header', async () => {
    const s = await host();
    const r = run();
    expect(await r.promise).toEqual({ bytes: content.length, verifiedBy: 'quickXorHash' });
    expect(Buffer.compare(await readFile(r.tempPath), content)).toBe(0);
    expect(s.seen).toHaveLength(1);
    expect(s.seen[0]!.headers.authorization).toBeUndefined();
    expect(r.progress()).toBe(content.length);
  });

  it('follows a redirect of the download host, as fetch did, with no Authorization header', async () => {
    const s = await host((req, res) => {
      if (!req.url?.startsWith('/moved')) return false;
      res.writeHead(302, { location: '/file?tempauth=moved', 'content-length': '0' });
      res.end();
      return true;
    });
    const r = run({ item: item({ downloadUrl: `${s.url}/moved?tempauth=secret` }) });
    expect(await r.promise).toEqual({ bytes: content.length, verifiedBy: 'quickXorHash' });
    expect(s.seen.map((x) => x.url)).toEqual(['/moved?tempauth=secret', '/file?tempauth=moved']);
    expect(s.seen[1]!.headers.authorization).toBeUndefined();
  });

  it('resumes with Range after the connection dies midway, appending to what arrived', async () => {
    const s = await host((_req, res, n) => {
      if (n !== 1) return false;
      res.writeHead(200, { 'content-length': String(content.length) });
      res.write(content.subarray(0, 100_000), () => res.destroy());
      return true;
    });
    const r = run();
    expect((await r.promise).bytes).toBe(content.length);
    expect(s.seen[1]!.headers.range).toMatch(/^bytes=\d+-$/);
    expect(Buffer.compare(await readFile(r.tempPath), content)).toBe(0);
    expect(r.progress()).toBe(content.length); // never more than the file, despite the retry
  });

  it('treats a body that stalls as a broken connection and resumes', async () => {
    const s = await host((_req, res, n) => {
      if (n !== 1) return false;
      res.writeHead(200, { 'content-length': String(content.length) });
      res.write(content.subarray(0, 50_000)); // then silence, connection left open
      return true;
    });
    const r = run({ idleTimeoutMs: 150 });
    expect((await r.promise).bytes).toBe(content.length);
    expect(s.seen[1]!.headers.range).toMatch(/^bytes=\d+-$/);
  });

  it('resumes a partial file left by an earlier run, hashing its prefix first', async () => {
    const s = await host();
    await writeFile(join(dir, 'partial'), content.subarray(0, 123_456));
    const r = run({ tempPath: join(dir, 'partial') });
    expect(await r.promise).toMatchObject({ bytes: content.length });
    expect(s.seen.map((q) => q.headers.range)).toEqual(['bytes=123456-']);
    expect(r.progress()).toBe(content.length);
  });

  it('starts over when the server ignores Range', async () => {
    await writeFile(join(dir, 'p2'), content.subarray(0, 1000));
    const s = await host((_req, res) => {
      res.writeHead(200, { 'content-length': String(content.length) });
      res.end(content);
      return true;
    });
    const r = run({ tempPath: join(dir, 'p2') });
    await r.promise;
    expect(s.seen[0]!.headers.range).toBe('bytes=1000-');
    expect(Buffer.compare(await readFile(r.tempPath), content)).toBe(0);
  });

  it('throws a corrupt download away and fetches it again', async () => {
    const s = await host((_req, res, n) => {
      if (n !== 1) return false;
      const bad = Buffer.from(content);
      bad[777]! ^= 0xff;
      res.writeHead(200, { 'content-length': String(bad.length) });
      res.end(bad);
      return true;
    });
    const r = run();
    expect((await r.promise).verifiedBy).toBe('quickXorHash');
    expect(s.seen).toHaveLength(2);
    expect(s.seen[1]!.headers.range).toBeUndefined(); // the bad bytes were not resumed
    expect(Buffer.compare(await readFile(r.tempPath), content)).toBe(0);
  });

  it('gives up on a file that never matches its checksum, leaving no temp file', async () => {
    await host((_req, res) => {
      res.writeHead(200, { 'content-length': String(content.length) });
      res.end(Buffer.alloc(content.length, 7));
      return true;
    });
    const r = run();
    const e = await rejection(r.promise);
    expect(isAppError(e, 'internal')).toBe(true);
    expect((e as Error).message).toMatch(/checksum/);
    expect(existsSync(r.tempPath)).toBe(false);
  });

  it('reports offline when the connection keeps resetting, and never leaks the URL', async () => {
    await host((req) => {
      req.socket.destroy();
      return true;
    });
    const e = await rejection(run().promise);
    expect(isAppError(e, 'offline')).toBe(true);
    expect((e as Error).message).not.toContain('secret');
  });

  it('gets a fresh URL once when the download host says the URL expired', async () => {
    const s = await host((req, res) => {
      if (!req.url?.includes('tempauth=secret')) return false;
      res.writeHead(403).end();
      return true;
    });
    const r = run();
    await r.promise;
    expect(r.client.refreshes).toBe(1);
    expect(s.seen.map((q) => q.url)).toEqual(['/file?tempauth=secret', '/file?tempauth=fresh']);
  });

  it('says remote_missing when even the fresh URL finds nothing', async () => {
    await host((_req, res) => {
      res.writeHead(404).end();
      return true;
    });
    const r = run();
    expect(isAppError(await rejection(r.promise), 'remote_missing')).toBe(true);
    expect(r.client.refreshes).toBe(1);
  });

  it('pauses the account gate for the download host’s Retry-After', async () => {
    await host((_req, res, n) => {
      if (n !== 1) return false;
      res.writeHead(429, { 'retry-after': '30' }).end();
      return true;
    });
    const gate = new ThrottleGate(clock);
    await run({ gate }).promise;
    expect(clock.elapsed()).toBe(30_000);
  });

  it('refuses a body longer than the file', async () => {
    await host((_req, res) => {
      res.writeHead(200);
      res.end(Buffer.concat([content, Buffer.from('extra')]));
      return true;
    });
    const r = run({ maxAttempts: 2 });
    expect(isAppError(await rejection(r.promise), 'internal')).toBe(true);
    expect(existsSync(r.tempPath)).toBe(false);
  });

  it('falls back to sha1, then to the size alone', async () => {
    await host();
    const sha1 = createHash('sha1').update(content).digest('hex').toUpperCase();
    expect((await run({ item: item({ hashes: { sha1Hash: sha1 } }) }).promise).verifiedBy).toBe('sha1');
    expect((await run({ item: item({ hashes: {} }), tempPath: join(dir, 'other') }).promise).verifiedBy).toBe('size');
  });

  it('writes an empty file without any request', async () => {
    const s = await host();
    const r = run({ item: item({ size: 0, hashes: { quickXorHash: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' } }) });
    expect(await r.promise).toEqual({ bytes: 0, verifiedBy: 'quickXorHash' });
    expect((await readFile(r.tempPath)).length).toBe(0);
    expect(s.seen).toHaveLength(0);
  });
});

describe('downloadFile over a slow or failing disk', () => {
  const big = randomBytes(3 * MiB + 4321);
  const bigItem = () => item({ size: big.length, hashes: { quickXorHash: new QuickXorHash().update(big).digest() } });

  it('surfaces a failed write as disk_full at once, even with the body stalled, and leaves no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      // A body read on demand in 64 KiB chunks that goes silent after 2.5 MiB, once the reader asks for more.
      const sent = 2.5 * MiB;
      const stalled = deferred();
      let offset = 0;
      const body = new ReadableStream<Uint8Array>(
        {
          pull(controller) {
            if (offset >= sent) return stalled.resolve();
            controller.enqueue(big.subarray(offset, (offset += 64 * 1024)));
          },
        },
        { highWaterMark: 0 },
      );
      const fakeFetch = (async () => ({ status: 200, headers: new Headers(), body }) as unknown as Response) as typeof fetch;
      const writes: number[] = [];
      disk.beforeWritev = async (bytes) => {
        writes.push(bytes);
        if (writes.length !== 2) return;
        await stalled.promise; // fail only while the loop waits on a silent body: nothing but the failure can end it
        throw enospc();
      };
      await host();
      const r = run({ item: bigItem(), fetch: fakeFetch, idleTimeoutMs: 60_000 });
      const e = await rejection(r.promise);
      expect(isAppError(e, 'disk_full')).toBe(true);
      expect(writes).toEqual([MiB, MiB]); // nothing written after the failure: it would leave a hole
      expect(r.progress()).toBe(MiB); // only what reached the disk
      expect(Buffer.compare(await readFile(r.tempPath), big.subarray(0, MiB))).toBe(0);
      await new Promise((resolve) => setImmediate(resolve)); // let any stray rejection be reported
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('keeps exactly the bytes received when the stream is cut while a write is in flight, and resumes after them', async () => {
    const cut = 2 * MiB - 12_345; // one batch in flight, most of the next one buffered
    const cutDone = deferred();
    const s = await host((_req, res, n) => {
      if (n !== 1) return false;
      res.writeHead(200, { 'content-length': String(big.length) });
      res.write(big.subarray(0, cut), () => {
        res.destroy();
        cutDone.resolve();
      });
      return true;
    }, big);
    disk.beforeWritev = () => cutDone.promise; // the disk is slow until the connection is gone
    const r = run({ item: bigItem() });
    expect(await r.promise).toEqual({ bytes: big.length, verifiedBy: 'quickXorHash' });
    expect(s.seen[1]!.headers.range).toBe(`bytes=${cut}-`);
    expect(Buffer.compare(await readFile(r.tempPath), big)).toBe(0);
    expect(r.progress()).toBe(big.length);
  });

  it('downloads intact through a disk slower than the network', async () => {
    await host(undefined, big);
    disk.beforeWritev = () => new Promise((resolve) => setImmediate(resolve));
    const r = run({ item: bigItem() });
    expect((await r.promise).bytes).toBe(big.length);
    expect(Buffer.compare(await readFile(r.tempPath), big)).toBe(0);
  });
});
