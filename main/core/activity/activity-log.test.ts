import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ActivityEntry, ActivityKind } from '../../../shared/model';
import { silentLogger, type Clock } from '../ports';
import { openActivityLog, type ActivityLog, type ActivityLogOptions, type NewActivity } from './activity-log';

let dir: string;
const opened: ActivityLog[] = [];
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-activity-'));
});
afterEach(async () => {
  for (const log of opened.splice(0)) await log.close().catch(() => {});
  await fs.rm(dir, { recursive: true, force: true });
});

async function open(o: Partial<ActivityLogOptions> = {}): Promise<ActivityLog> {
  const log = await openActivityLog({ dataDir: dir, logger: silentLogger, ...o });
  opened.push(log);
  return log;
}

const file = () => path.join(dir, 'activity.jsonl');
const kinds: ActivityKind[] = ['run', 'downloaded', 'conflict', 'error'];
function sample(i: number): NewActivity {
  return {
    kind: kinds[i % kinds.length]!,
    syncId: i % 3 === 0 ? null : `sync-${i % 3}`,
    message: `event ${i}`,
    path: i % 2 ? `/docs/file-${i}.txt` : null,
    details: i % 4 === 0 ? { downloaded: i, failed: 0, note: 'ok', partial: false } : undefined,
  };
}

async function readAll(log: ActivityLog, q: { kinds?: ActivityKind[]; syncId?: string } = {}, limit = 7) {
  const all: ActivityEntry[] = [];
  let before: number | null = null;
  for (;;) {
    const page = await log.list({ before, limit, kinds: q.kinds ?? null, syncId: q.syncId ?? null });
    all.push(...page.entries);
    if (page.entries.length < limit) return { all, total: page.total };
    before = page.entries.at(-1)!.seq;
  }
}

describe('activity log', () => {
  it('records entries with increasing seq and the clock time, newest first', async () => {
    let now = Date.parse('2026-05-01T12:00:00.000Z');
    const clock: Clock = {
      now: () => now,
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (h) => clearTimeout(h as never),
    };
    const log = await open({ clock });
    const a = log.append(sample(1));
    now += 1000;
    const b = log.append({
      kind: 'run',
      syncId: 's',
      message: 'done',
      path: null,
      details: { downloaded: 3 },
    });
    expect([a.seq, b.seq]).toEqual([1, 2]);
    expect(b.at).toBe('2026-05-01T12:00:01.000Z');
    const page = await log.list({ before: null, limit: 10, kinds: null, syncId: null });
    expect(page.total).toBe(2);
    expect(page.entries).toEqual([b, a]);
    expect(a.details).toBeNull();
  });

  it('scrubs tokens and download-URL credentials out of what it records', async () => {
    const secrets = ['Zm9vYmFyLXNob3J0', 'y4mShortPathTok', 'DC-device-code-1'];
    const log = await open();
    const entry = log.append({
      kind: 'error',
      syncId: 's',
      message: `GET https://x.sharepoint.com/_layouts/15/download.aspx?UniqueId=1&tempauth=${secrets[0]} failed`,
      path: 'docs/a.txt',
      details: {
        url: `https://public.bn.files.1drv.com/${secrets[1]}/a.txt?download`,
        body: `device_code=${secrets[2]}`,
        n: 1,
      },
    });
    await log.flush();
    const stored = await fs.readFile(file(), 'utf8');
    for (const secret of secrets) {
      expect(JSON.stringify(entry)).not.toContain(secret);
      expect(stored).not.toContain(secret);
    }
    expect(entry).toMatchObject({ path: 'docs/a.txt', details: { n: 1 } });
    expect(entry.message).toContain('download.aspx?UniqueId=1&tempauth=');
  });

  it('pages backwards with `before` through every entry exactly once', async () => {
    const log = await open();
    for (let i = 0; i < 50; i++) log.append(sample(i));
    const { all, total } = await readAll(log);
    expect(total).toBe(50);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 50 - i));
    const page = await log.list({ before: 10, limit: 3, kinds: null, syncId: null });
    expect(page.entries.map((e) => e.seq)).toEqual([9, 8, 7]);
    expect(page.total).toBe(50);
  });

  it('filters by kinds and sync id, with totals of the filter', async () => {
    const log = await open();
    for (let i = 0; i < 60; i++) log.append(sample(i));
    const conflicts = await readAll(log, { kinds: ['conflict', 'error'] });
    expect(conflicts.total).toBe(30);
    expect(conflicts.all.every((e) => e.kind === 'conflict' || e.kind === 'error')).toBe(true);
    const one = await readAll(log, { syncId: 'sync-1' });
    expect(one.total).toBe(20);
    expect(one.all.every((e) => e.syncId === 'sync-1')).toBe(true);
    const both = await readAll(log, { syncId: 'sync-2', kinds: ['run'] });
    expect(both.all.map((e) => e.message)).toEqual(
      Array.from({ length: 60 }, (_, i) => i)
        .filter((i) => i % 3 === 2 && i % 4 === 0)
        .reverse()
        .map((i) => `event ${i}`),
    );
    expect((await log.list({ before: null, limit: 5, kinds: null, syncId: 'unknown' })).total).toBe(0);
    expect((await log.list({ before: null, limit: 5, kinds: [], syncId: null })).total).toBe(0);
  });

  it('writes appends in batches after a short delay, and flush writes at once', async () => {
    const log = await open({ flushMs: 60_000 });
    log.append(sample(1));
    await expect(fs.readFile(file(), 'utf8')).rejects.toThrow(/ENOENT/);
    await log.flush();
    expect((await fs.readFile(file(), 'utf8')).split('\n')).toHaveLength(2);
  });

  it('continues the seq after a restart and reads what an earlier run wrote', async () => {
    const first = await open();
    for (let i = 0; i < 5; i++) first.append(sample(i));
    await first.close();
    const second = await open();
    expect(second.append(sample(5)).seq).toBe(6);
    const { all } = await readAll(second);
    expect(all.map((e) => e.message)).toEqual(['event 5', 'event 4', 'event 3', 'event 2', 'event 1', 'event 0']);
  });

  it('survives a half-written last line from a crash', async () => {
    const first = await open();
    for (let i = 0; i < 3; i++) first.append(sample(i));
    await first.close();
    await fs.appendFile(file(), '{"seq":4,"at":"2026-05-01T1');
    const second = await open();
    const next = second.append(sample(9));
    expect(next.seq).toBe(4); // the broken line never counted
    const { all, total } = await readAll(second);
    expect(total).toBe(4);
    expect(all.map((e) => e.seq)).toEqual([4, 3, 2, 1]);
    const third = await open();
    expect(third.append(sample(10)).seq).toBe(5);
  });

  it('read-only mode reads pages but writes nothing', async () => {
    const first = await open();
    for (let i = 0; i < 3; i++) first.append(sample(i));
    await first.close();
    const before = await fs.readFile(file(), 'utf8');
    const ro = await openActivityLog({ file: file(), readOnly: true });
    ro.append(sample(5));
    await ro.close();
    expect((await ro.list({ before: null, limit: 10, kinds: null, syncId: null })).total).toBe(3);
    expect(await fs.readFile(file(), 'utf8')).toBe(before);
  });

  it('keeps the newest half when it passes the entry bound, rewriting the file', async () => {
    const log = await open({ maxEntries: 100 });
    for (let i = 0; i < 101; i++) log.append(sample(i));
    await log.flush();
    const { all, total } = await readAll(log, {}, 100);
    expect(total).toBe(50);
    expect(all[0]!.seq).toBe(101);
    expect(all.at(-1)!.seq).toBe(52);
    const lines = (await fs.readFile(file(), 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(50);
    expect(await fs.readdir(dir)).toEqual(['activity.jsonl']);
    // and keeps counting from where it was, also after a restart
    log.append(sample(1));
    await log.close();
    const again = await open({ maxEntries: 100 });
    expect(again.append(sample(2)).seq).toBe(103);
  });

  it('keeps the newest half when it passes the size bound, without reading the file first', async () => {
    const first = await open();
    for (let i = 0; i < 200; i++) first.append({ ...sample(i), message: 'x'.repeat(400) });
    await first.close();
    const size = (await fs.stat(file())).size;
    const log = await open({ maxBytes: size }); // the next append passes the bound
    log.append(sample(0));
    await log.flush();
    expect((await fs.stat(file())).size).toBeLessThanOrEqual(size / 2);
    const { all } = await readAll(log, {}, 500);
    expect(all[0]!.seq).toBe(201);
    expect(all.length).toBeGreaterThan(90);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: all.length }, (_, i) => 201 - i));
  });

  it('opens and pages 100,000 entries quickly', async () => {
    const lines: string[] = [];
    for (let i = 1; i <= 99_999; i++) {
      const e = sample(i);
      lines.push(JSON.stringify({ seq: i, at: '2026-05-01T12:00:00.000Z', ...e, details: e.details ?? null }));
    }
    await fs.writeFile(file(), `${lines.join('\n')}\n`);
    const size = (await fs.stat(file())).size;

    let t = performance.now();
    const log = await open();
    const openMs = performance.now() - t;
    expect(log.append(sample(0)).seq).toBe(100_000); // at the bound, not past it

    t = performance.now();
    const first = await log.list({ before: null, limit: 100, kinds: null, syncId: null });
    const firstListMs = performance.now() - t;
    expect(first.total).toBe(100_000);
    expect(first.entries.map((e) => e.seq).slice(0, 3)).toEqual([100_000, 99_999, 99_998]);

    t = performance.now();
    const deep = await log.list({ before: 50_000, limit: 100, kinds: ['conflict'], syncId: 'sync-1' });
    const filteredMs = performance.now() - t;
    expect(deep.entries).toHaveLength(100);
    expect(deep.entries.every((e) => e.seq < 50_000 && e.kind === 'conflict' && e.syncId === 'sync-1')).toBe(true);

    console.log(
      `activity log, 100,000 entries (${(size / 1e6).toFixed(1)} MB): open ${openMs.toFixed(1)} ms, ` +
        `first page (builds the index) ${firstListMs.toFixed(0)} ms, filtered page ${filteredMs.toFixed(1)} ms`,
    );
    expect(openMs).toBeLessThan(1_000);
    expect(filteredMs).toBeLessThan(1_000);
  });
});
