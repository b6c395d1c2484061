import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { silentLogger, type Clock, type TimerHandle } from '../ports';
import { openDbStore, type DbStore } from './db-store';
import { addProfile, addSyncConfig } from './repos';
import { dbSchema, emptyDb, type Db } from './schema';

const fixtures = path.resolve(__dirname, '../../../e2e/fixtures/db');
let dir: string;
const open: DbStore[] = [];

beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-store-'));
});
afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
  await fs.rm(dir, { recursive: true, force: true });
});

async function openStore(o: Partial<Parameters<typeof openDbStore>[0]> = {}): Promise<DbStore> {
  const store = await openDbStore({ dataDir: dir, logger: silentLogger, debounceMs: 10, ...o });
  open.push(store);
  return store;
}

async function readDbFile(): Promise<Db> {
  return dbSchema.parse(JSON.parse(await fs.readFile(path.join(dir, 'db.json'), 'utf8')));
}

/** Timers fire only when the test says so. */
function manualClock(): Clock & { pending: number; fire(): void } {
  let timers: { fn: () => void; handle: TimerHandle }[] = [];
  return {
    now: () => Date.parse('2026-05-01T12:00:00.000Z'),
    setTimeout(fn) {
      const handle = { n: Math.random() } as unknown as TimerHandle;
      timers.push({ fn, handle });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((t) => t.handle !== handle);
    },
    get pending() {
      return timers.length;
    },
    fire() {
      const due = timers;
      timers = [];
      for (const t of due) t.fn();
    },
  };
}

function addSample(db: Db, n: number): void {
  const p = addProfile(db, { name: `P${db.profiles.length}`, now: '2026-01-01T00:00:00.000Z' });
  for (let i = 0; i < n; i++) {
    addSyncConfig(db, {
      profileId: p.id,
      itemType: 'folder',
      itemId: `item-${i}`,
      driveId: 'drive-1',
      itemName: `Folder ${i}`,
      itemPath: `/Documents/Folder ${i}`,
      localPath: `/home/user/OneDrive/Folder ${i}`,
      intervalMinutes: 60,
      metadata: { note: 'x'.repeat(40) },
      now: '2026-01-01T00:00:00.000Z',
    });
  }
}

describe('db store', () => {
  it('starts a fresh database and writes it at once', async () => {
    const store = await openStore();
    expect(store.data).toEqual(emptyDb());
    expect(store.recovered).toBeNull();
    expect(await readDbFile()).toEqual(emptyDb());
  });

  it('round-trips profiles, configs, settings and the pause through the file', async () => {
    const store = await openStore();
    store.update((db) => {
      addSample(db, 3);
      db.settings.maxConcurrentRuns = 4;
      db.pausedUntil = 'forever';
    });
    await store.close();
    const again = await openStore();
    expect(again.data).toEqual(store.data);
    expect(again.data.syncConfigs).toHaveLength(3);
    expect(again.data.settings.maxConcurrentRuns).toBe(4);
    expect(again.data.pausedUntil).toBe('forever');
  });

  it('coalesces many updates into one debounced write', async () => {
    const clock = manualClock();
    const store = await openStore({ clock });
    for (let i = 0; i < 100; i++) store.update((db) => void (db.settings.bigDeleteFiles = i + 1));
    expect(clock.pending).toBe(1);
    expect((await readDbFile()).settings.bigDeleteFiles).toBe(500); // nothing written before the debounce
    clock.fire();
    await store.flush();
    expect((await readDbFile()).settings.bigDeleteFiles).toBe(100);
    expect(clock.pending).toBe(0);
  });

  it('keeps changes made during a write for the next write', async () => {
    const store = await openStore({ debounceMs: 0 });
    store.update((db) => void (db.settings.bigDeleteFiles = 1));
    await new Promise((r) => setTimeout(r, 1)); // the first write is now under way
    store.update((db) => void (db.settings.bigDeleteFiles = 2));
    await store.flush();
    expect((await readDbFile()).settings.bigDeleteFiles).toBe(2);
  });

  it('emits change with the new data and returns what the updater returns', async () => {
    const store = await openStore();
    const seen: number[] = [];
    store.on('change', (db) => seen.push(db.profiles.length));
    const p = store.update((db) => addProfile(db, { name: 'Home', now: '2026-01-01T00:00:00.000Z' }));
    expect(p.name).toBe('Home');
    expect(store.data.profiles[0]).toBe(p);
    expect(seen).toEqual([1]);
  });

  it('refuses an invalid change and leaves the data as it was', async () => {
    const store = await openStore();
    store.update((db) => addSample(db, 1));
    const before = structuredClone(store.data);
    let events = 0;
    store.on('change', () => events++);
    let error: unknown;
    try {
      store.update((db) => void (db.syncConfigs[0]!.intervalMinutes = 0));
    } catch (e) {
      error = e;
    }
    expect(isAppError(error, 'internal')).toBe(true);
    expect(String((error as Error).message)).toMatch(/intervalMinutes/);
    expect(() =>
      store.update((db) => {
        db.profiles.length = 0;
        throw new Error('changed my mind');
      }),
    ).toThrow('changed my mind');
    expect(store.data).toEqual(before);
    expect(events).toBe(0);
  });

  it('rejects updates after close', async () => {
    const store = await openStore();
    await store.close();
    expect(() => store.update(() => {})).toThrow(/closed/);
  });

  it('removes leftovers of an interrupted write at open', async () => {
    await fs.writeFile(path.join(dir, 'db.json.abc123.tmp'), '{"half":');
    await openStore();
    expect((await fs.readdir(dir)).sort()).toEqual(['db.json']);
  });

  it('reports a failed write from flush and retries it on the next flush', async () => {
    // No debounced write may land before the directory is gone (a loaded machine once fired the 10 ms timer first).
    const store = await openStore({ debounceMs: 60_000 });
    store.update((db) => void (db.settings.bigDeleteFiles = 7));
    await fs.rm(dir, { recursive: true, force: true }); // the directory vanished under us
    await expect(store.flush()).rejects.toThrow(/ENOENT/);
    await fs.mkdir(dir);
    await store.flush();
    expect((await readDbFile()).settings.bigDeleteFiles).toBe(7);
  });

  it('serialises and writes 1,000 configs quickly', async () => {
    const store = await openStore();
    store.update((db) => addSample(db, 1000));
    await store.flush();
    const timings = { stringify: Infinity, write: Infinity, update: Infinity };
    for (let i = 0; i < 5; i++) {
      let t = performance.now();
      const text = JSON.stringify(store.data, null, 2);
      timings.stringify = Math.min(timings.stringify, performance.now() - t);
      t = performance.now();
      store.update((db) => void (db.syncConfigs[i]!.lastSyncAt = new Date().toISOString()));
      timings.update = Math.min(timings.update, performance.now() - t);
      t = performance.now();
      await store.flush();
      timings.write = Math.min(timings.write, performance.now() - t);
      expect(text.length).toBeGreaterThan(400_000);
    }
    const size = (await fs.stat(path.join(dir, 'db.json'))).size;
    console.log(
      `1,000 configs (${Math.round(size / 1024)} KiB): JSON.stringify ${timings.stringify.toFixed(1)} ms, ` +
        `update (clone + zod) ${timings.update.toFixed(1)} ms, flush (stringify + atomic write + fsync) ${timings.write.toFixed(1)} ms`,
    );
    // Generous: only the synchronous parts block the event loop; on a loaded 2-core box they are a few ms.
    expect(timings.stringify).toBeLessThan(200);
    expect(timings.update).toBeLessThan(500);
  });
});

describe('db store recovery', () => {
  async function place(fixture: string): Promise<string> {
    const content = await fs.readFile(path.join(fixtures, fixture), 'utf8');
    await fs.writeFile(path.join(dir, 'db.json'), content);
    return content;
  }

  async function expectSetAside(original: string, reason: RegExp, store: DbStore) {
    expect(store.recovered).not.toBeNull();
    expect(store.recovered!.reason).toMatch(reason);
    expect(path.basename(store.recovered!.movedTo)).toMatch(/^db\.corrupt-2026-05-01T12-00-00-000Z\.json$/);
    expect(await fs.readFile(store.recovered!.movedTo, 'utf8')).toBe(original);
    expect(await readDbFile()).toEqual(emptyDb());
  }

  it('sets a truncated db.json aside and starts fresh', async () => {
    const original = await place('corrupt-truncated.json');
    await expectSetAside(original, /not valid JSON/, await openStore({ clock: manualClock() }));
  });

  it('sets a db.json that fails validation aside', async () => {
    const original = await place('v2-invalid.json');
    await expectSetAside(original, /invalid content: .*syncConfigs\.0\.status/, await openStore({ clock: manualClock() }));
  });

  it('sets an empty db.json aside', async () => {
    await fs.writeFile(path.join(dir, 'db.json'), '');
    await expectSetAside('', /empty/, await openStore({ clock: manualClock() }));
  });

  it('never overwrites an earlier corrupt copy', async () => {
    const clock = manualClock();
    await place('corrupt-truncated.json');
    const first = await openStore({ clock });
    await first.close();
    await fs.writeFile(path.join(dir, 'db.json'), 'garbage');
    const second = await openStore({ clock });
    expect(second.recovered!.movedTo).not.toBe(first.recovered!.movedTo);
    expect(await fs.readFile(second.recovered!.movedTo, 'utf8')).toBe('garbage');
    expect(await fs.readFile(first.recovered!.movedTo, 'utf8')).toMatch(/^\{/);
  });

  it('leaves a file from a newer app version untouched and says why', async () => {
    const content = (await place('v5-current.json')).replace('"version": 5', '"version": 9');
    await fs.writeFile(path.join(dir, 'db.json'), content);
    await expect(openStore()).rejects.toSatisfy((e: unknown) => isAppError(e, 'bad_input') && /version 9/.test(String(e)));
    expect(await fs.readFile(path.join(dir, 'db.json'), 'utf8')).toBe(content);
  });

  it('read-only mode neither writes nor moves anything', async () => {
    const missing = await openStore({ readOnly: true });
    expect(missing.data).toEqual(emptyDb());
    expect(() => missing.update(() => {})).toThrow(/read-only/);
    expect(await fs.readdir(dir)).toEqual([]);
    await place('corrupt-truncated.json');
    await expect(openStore({ readOnly: true })).rejects.toThrow(/cannot be used/);
    expect(await fs.readdir(dir)).toEqual(['db.json']);
  });
});
