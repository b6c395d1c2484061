import { promises as fs, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../main/core/errors';
import { keepPendingFiles, readPendingDeletes, removeSyncState } from '../../main/core/sync/engine';
import { deleteSetFingerprint } from '../../main/core/sync/plan/delete-review';
import { makeSync, readTree, remoteTree, sorted, useCloud } from './harness';

const h = useCloud();

const rejectsWith = async (p: Promise<unknown>, code: string): Promise<void> => {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(isAppError(e) ? e.code : e).toBe(code);
};

describe('local root safety', () => {
  it('creates the local folder on the first sync', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/a.txt': 'a' } });
    expect(await fs.stat(fx.root).catch(() => null)).toBeNull();
    await fx.run();
    expect(await fs.readFile(path.join(fx.root, 'a.txt'), 'utf8')).toBe('a');
  });

  it('refuses to run when a synced root is missing: nothing downloaded, nothing trashed', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/a.txt': 'a', 'Docs/b.txt': 'b' } });
    await fx.run();
    await fs.rename(fx.root, `${fx.root}-unplugged`);
    h.cloud.control.delete(fx.acc.accountId, 'Docs/a.txt');
    await rejectsWith(fx.run(), 'local_missing');
    expect(await fs.stat(fx.root).catch(() => null)).toBeNull();
    expect(await fs.readdir(fx.trashDir)).toEqual([]);
  });

  it('treats an empty root that held synced files as an unmounted disk', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: { 'Docs/a.txt': 'a' } });
    await fx.run();
    await fs.rm(path.join(fx.root, 'a.txt'));
    await rejectsWith(fx.run(), 'local_missing');
    // The folder is there: the message says "empty", not "missing" (the user may have emptied it on purpose).
    await expect(fx.run()).rejects.toThrow(/local folder is empty/);
    expect(await fs.readdir(fx.root)).toEqual([]);
  });
});

describe('big deletes', () => {
  const files = Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`Docs/f${i}.txt`, `f${i}`]));

  it('stops with confirm_deletes, lists the deletes, and trashes them once confirmed', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: files });
    await fx.run();
    for (let i = 0; i < 6; i++) h.cloud.control.delete(fx.acc.accountId, `Docs/f${i}.txt`);
    await rejectsWith(fx.run({ bigDelete: { files: 5 } }), 'confirm_deletes');
    expect((await fs.readdir(fx.root)).length).toBe(10);
    const pending = await readPendingDeletes(fx.stateDir, fx.config.id);
    expect(pending.map((p) => p.path).sort()).toEqual(['f0.txt', 'f1.txt', 'f2.txt', 'f3.txt', 'f4.txt', 'f5.txt']);
    const confirmedDeletes = { files: pending.length, fingerprint: deleteSetFingerprint(pending) };
    const s = await fx.run({ bigDelete: { files: 5 }, confirmedDeletes });
    expect(s).toMatchObject({ result: 'success', trashed: 6 });
    expect(await readPendingDeletes(fx.stateDir, fx.config.id)).toEqual([]);
    expect((await fs.readdir(fx.trashDir)).length).toBe(6);
  });

  it('stops above the file-count threshold too', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: files });
    await fx.run();
    for (let i = 0; i < 3; i++) h.cloud.control.delete(fx.acc.accountId, `Docs/f${i}.txt`);
    await rejectsWith(fx.run({ bigDelete: { files: 2 } }), 'confirm_deletes');
    expect(await fx.run({ bigDelete: { files: 3 } })).toMatchObject({ trashed: 3 });
  });

  it('keeps the files when the user declines, and does not ask again', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: files });
    await fx.run();
    for (let i = 0; i < 6; i++) h.cloud.control.delete(fx.acc.accountId, `Docs/f${i}.txt`);
    await rejectsWith(fx.run({ bigDelete: { files: 5 } }), 'confirm_deletes');
    expect(await keepPendingFiles(fx.stateDir, fx.config.id)).toBe(6);
    expect(await fx.run({ bigDelete: { files: 5 } })).toMatchObject({ result: 'success', trashed: 0 });
    expect((await fs.readdir(fx.root)).length).toBe(10);
    await removeSyncState(fx.stateDir, fx.config.id);
    expect(await fs.readdir(fx.stateDir)).toEqual([]);
  });
});

describe('downloads', () => {
  it('writes only a hidden temp file while downloading, then the final name with the remote mtime', async () => {
    const modifiedAt = Date.UTC(2024, 0, 2, 3, 4, 5);
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/big.bin': { size: 3_000_000, modifiedAt } } });
    h.cloud.control.setLatency({ downloadBytesPerSecond: 4_000_000 });
    const seen = new Set<string>();
    await fx.run({
      onProgress: (p) => {
        if (p.bytesDone > 0 && p.bytesDone < p.bytesTotal) for (const n of readdirSync(fx.root)) seen.add(n);
      },
    });
    expect([...seen]).toEqual([expect.stringMatching(/^\.odm-.*\.partial$/)]);
    expect(await fs.readdir(fx.root)).toEqual(['big.bin']);
    expect((await fs.stat(path.join(fx.root, 'big.bin'))).mtimeMs).toBe(modifiedAt);
  });

  it('garbage-collects a partial download that is no longer wanted', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: { 'Docs/big.bin': { size: 3_000_000 }, 'Docs/keep.txt': 'k' } });
    h.cloud.control.setLatency({ downloadBytesPerSecond: 3_000_000 });
    const ac = new AbortController();
    const s = await fx.run({
      signal: ac.signal,
      onProgress: (p) => {
        if (readdirSync(fx.root).some((n) => n.endsWith('.partial') && statSync(path.join(fx.root, n)).size > 0))
          ac.abort(new Error('stop'));
        void p;
      },
    });
    expect(s.result).toBe('cancelled');
    expect((await fs.readdir(fx.root)).filter((n) => n.endsWith('.partial'))).toHaveLength(1);
    h.cloud.control.setLatency({ downloadBytesPerSecond: 0 });
    h.cloud.control.delete(fx.acc.accountId, 'Docs/big.bin');
    expect(await fx.run()).toMatchObject({ result: 'success' });
    expect(await fs.readdir(fx.root)).toEqual(['keep.txt']);
  });

  it('downloads a file OneDrive has no hash for yet, checked by size, and says so', async () => {
    const fx = await makeSync(h, {
      kind: 'personal',
      tree: { 'Docs/fresh.txt': { content: 'just uploaded', omitHashes: true } },
    });
    const s = await fx.run();
    expect(s).toMatchObject({ result: 'success', downloaded: 1 });
    expect(s.notes).toEqual([expect.stringContaining('size only')]);
    expect(await fs.readFile(path.join(fx.root, 'fresh.txt'), 'utf8')).toBe('just uploaded');
    expect(await fx.run()).toMatchObject({ downloaded: 0 });
  });

  it('stops with disk_full before writing when the disk is too small', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/big.bin': { size: 3_000_000 } } });
    await rejectsWith(fx.run({ freeBytes: async () => 2_000_000 }), 'disk_full');
    expect(await fs.readdir(fx.root)).toEqual([]);
    expect(h.cloud.control.count('download')).toBeGreaterThanOrEqual(0);
  });

  it('uses the listing download URL: no /content request and no Authorization header to the download host', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: { 'Docs/a.txt': 'a', 'Docs/b.txt': 'b' } });
    h.cloud.control.resetCounts();
    await fx.run();
    expect(h.cloud.control.count('content')).toBe(0);
    const downloads = h.cloud.control.requests().filter((r) => r.route === 'download');
    expect(downloads).toHaveLength(2);
    expect(downloads.every((r) => !r.hadAuthorization)).toBe(true);
  });
});

describe('names and links', () => {
  it('refuses names Windows cannot hold and syncs the rest', async () => {
    const fx = await makeSync(h, {
      kind: 'personal',
      tree: { 'Docs/CON.txt': 'c', 'Docs/what?.txt': 'q', 'Docs/Bad:Folder/inside.txt': 'i', 'Docs/ok.txt': 'ok' },
    });
    const s = await fx.run({ platform: 'win32' });
    expect(s.result).toBe('success');
    expect(s.skipped.map((x) => x.path).sort()).toEqual(['Bad:Folder', 'CON.txt', 'what?.txt']);
    expect(sorted(await readTree(fx.root))).toEqual([['ok.txt', 'ok']]);
  });

  it.each(['personal', 'business'] as const)(
    'refuses control characters, over-long and dot names (%s drive), and syncs the rest',
    async (kind) => {
      const fx = await makeSync(h, {
        kind,
        tree: { 'Docs/ok.txt': 'ok', 'Docs/x1': 'a', 'Docs/x2': 'b', 'Docs/Dir/inner.txt': 'i' },
      });
      const { control } = h.cloud;
      control.rename(fx.acc.accountId, 'Docs/x1', 'bell\u0007.txt');
      control.rename(fx.acc.accountId, 'Docs/x2', `${'long'.repeat(70)}.txt`);
      control.rename(fx.acc.accountId, 'Docs/Dir', '..');
      const s = await fx.run();
      expect(s.result).toBe('success');
      expect(s.skipped).toHaveLength(3);
      expect(sorted(await readTree(fx.root))).toEqual([['ok.txt', 'ok']]);
      expect(await fs.readdir(fx.base)).not.toContain('inner.txt');
    },
  );

  it('never writes through a symlink inside the root', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/ok.txt': 'ok' } });
    await fx.run();
    const outside = path.join(fx.base, 'outside');
    await fs.mkdir(outside);
    await fs.symlink(outside, path.join(fx.root, 'Linked'));
    h.cloud.control.addFile(fx.acc.accountId, 'Docs/Linked/evil.txt', 'evil');
    const s = await fx.run();
    expect(s.skipped.map((x) => x.path)).toContain('Linked');
    expect(await fs.readdir(outside)).toEqual([]);
  });
});

describe('local edits', () => {
  it('keeps one conflict copy across three runs', async () => {
    const fx = await makeSync(h, { kind: 'business', tree: { 'Docs/doc.txt': 'v1' } });
    await fx.run();
    await fs.writeFile(path.join(fx.root, 'doc.txt'), 'mine');
    h.cloud.control.modify(fx.acc.accountId, 'Docs/doc.txt', 'v2');
    const runs = [await fx.run(), await fx.run(), await fx.run()];
    expect(runs.map((r) => r.conflicts)).toEqual([1, 0, 0]);
    const names = await fs.readdir(fx.root);
    expect(names.filter((n) => n.includes('(conflict ')).length).toBe(1);
    expect(await fs.readFile(path.join(fx.root, 'doc.txt'), 'utf8')).toBe('v2');
    const copy = names.find((n) => n.includes('(conflict '))!;
    expect(copy).toMatch(/^doc \(conflict \d{4}-\d\d-\d\d \d{6}\)\.txt$/);
    expect(await fs.readFile(path.join(fx.root, copy), 'utf8')).toBe('mine');
  });

  it('adopts identical existing local files on the first sync and keeps different ones as conflicts', async () => {
    const fx = await makeSync(h, { kind: 'personal', tree: { 'Docs/same.txt': 'same', 'Docs/diff.txt': 'theirs' } });
    await fs.mkdir(fx.root, { recursive: true });
    await fs.writeFile(path.join(fx.root, 'same.txt'), 'same');
    await fs.writeFile(path.join(fx.root, 'diff.txt'), 'mine');
    const s = await fx.run();
    expect(s).toMatchObject({ downloaded: 1, conflicts: 1 });
    const t = await readTree(fx.root);
    expect(t.get('same.txt')).toBe('same');
    expect(t.get('diff.txt')).toBe('theirs');
    expect([...t.values()]).toContain('mine');
  });
});

describe('single-file configs', () => {
  it('puts the file inside the local folder under its remote name and follows a rename', async () => {
    const fx = await makeSync(h, {
      kind: 'personal',
      tree: { 'Docs/report.pdf': 'pdf-1' },
      remote: 'Docs/report.pdf',
      itemType: 'file',
    });
    await fx.run();
    expect(sorted(await readTree(fx.root))).toEqual([['report.pdf', 'pdf-1']]);
    h.cloud.control.modify(fx.acc.accountId, 'Docs/report.pdf', 'pdf-2');
    h.cloud.control.rename(fx.acc.accountId, 'Docs/report.pdf', 'final.pdf');
    await fx.run();
    expect(sorted(await readTree(fx.root))).toEqual([['final.pdf', 'pdf-2']]);
    void remoteTree;
  });
});
