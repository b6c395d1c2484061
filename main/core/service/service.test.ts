import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppNotification } from '../../../shared/ipc';
import { AppError } from '../errors';
import { systemClock } from '../ports';
import { SyncService } from './service';
import { fakeDeps } from '../testing/service-fakes';
import { deleteSetFingerprint } from '../sync/plan/delete-review';
import { useTempDirs } from '../testing/temp-dirs';

const temp = useTempDirs();

let tmp: string;
let t: ReturnType<typeof fakeDeps>;
let service: SyncService;
let notifications: AppNotification[];

async function connectedProfile(name = 'work') {
  const p = await service.handlers['profile:add']({ name });
  return service.handlers['profile:connect']({ id: p.id });
}

async function addSync(profileId: string, local = path.join(tmp, 'mirror')) {
  return service.handlers['sync:add']({ profileId, driveId: 'drive1', itemId: 'docs', localPath: local });
}

beforeEach(async () => {
  tmp = await temp.make('odm-service-');
  t = fakeDeps(path.join(tmp, 'data'), systemClock);
  t.store.update((db) => void (db.cloud.clientId = 'client-1'));
  service = new SyncService(t.deps);
  notifications = [];
  service.on('notification', (n) => notifications.push(n));
  service.start();
});

describe('SyncService profiles', () => {
  it('connects a profile and records its account and drive', async () => {
    const view = await connectedProfile();
    expect(view).toMatchObject({
      authState: 'connected',
      account: { username: 'ann@example.com' },
      drive: { id: 'drive1', driveType: 'personal', quota: { total: 100, used: 10 } },
    });
  });

  it('refuses a second profile with the same name', async () => {
    await service.handlers['profile:add']({ name: 'Work' });
    await expect(service.handlers['profile:add']({ name: 'work' })).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('marks every config of the profile and notifies ONCE per reconnect episode', async () => {
    const p = await connectedProfile();
    const a = await addSync(p.id, path.join(tmp, 'a'));
    const b = await addSync(p.id, path.join(tmp, 'b'));
    t.auth.tokenError = new AppError('reconnect_required');
    const r1 = await service.runOnce(a.id, new AbortController().signal);
    const r2 = await service.runOnce(b.id, new AbortController().signal);
    expect(r1.code).toBe('reconnect_required');
    expect(r2.code).toBe('reconnect_required');
    const state = service.getState();
    expect(state.profiles[0]!.authState).toBe('reconnect_required');
    expect(state.syncs.map((s) => [s.status, s.errorCode, s.action])).toEqual([
      ['error', 'reconnect_required', 'reconnect'],
      ['error', 'reconnect_required', 'reconnect'],
    ]);
    expect(state.notices.map((n) => n.kind)).toEqual(['reconnect_required']);
    expect(notifications.filter((n) => n.kind === 'reconnect_required')).toHaveLength(1);
  });

  it('leaves the profile and configs alone on a network failure', async () => {
    const p = await connectedProfile();
    const a = await addSync(p.id);
    t.auth.tokenError = new AppError('offline');
    const r = await service.runOnce(a.id, new AbortController().signal);
    expect(r.code).toBe('offline');
    const state = service.getState();
    expect(state.profiles[0]!.authState).toBe('connected');
    expect(state.syncs[0]).toMatchObject({ status: 'active', lastSyncStatus: 'failed', errorCode: 'offline' });
    expect(notifications).toHaveLength(0);
  });

  it('reconnecting with the same account restores the configs and runs them at once', async () => {
    const p = await connectedProfile();
    const a = await addSync(p.id);
    t.auth.tokenError = new AppError('reconnect_required');
    await service.runOnce(a.id, new AbortController().signal);
    t.auth.tokenError = null;
    t.scheduler.ranNow = [];
    const view = await service.handlers['profile:connect']({ id: p.id });
    expect(view.authState).toBe('connected');
    expect(service.getState().syncs[0]).toMatchObject({ status: 'active', errorCode: null });
    expect(t.scheduler.ranNow).toEqual([a.id]);
  });

  it('refuses a reconnect by another account, naming both', async () => {
    const p = await connectedProfile();
    await addSync(p.id);
    t.auth.nextAccount = { homeAccountId: 'uid-bob.tid', username: 'bob@example.com', tenantId: 'tid' };
    const err = await service.handlers['profile:connect']({ id: p.id }).catch((e: AppError) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toContain('bob@example.com');
    expect((err as AppError).message).toContain('ann@example.com');
    expect(service.getState().profiles[0]!.account?.username).toBe('ann@example.com');
  });

  it("signing out deletes the tokens and pauses the profile's syncs", async () => {
    const p = await connectedProfile();
    await addSync(p.id);
    const view = await service.handlers['profile:signOut']({ id: p.id });
    expect(view.authState).toBe('signed_out');
    expect(t.auth.signedOut).toEqual([p.id]);
    expect(service.getState().syncs[0]!.status).toBe('inactive');
  });

  it('refuses to remove a profile that still runs syncs', async () => {
    const p = await connectedProfile();
    await addSync(p.id);
    await expect(service.handlers['profile:remove']({ id: p.id })).rejects.toMatchObject({ code: 'bad_input' });
  });
});

describe('SyncService secret storage', () => {
  it('asks the user, never silently, when tokens cannot be encrypted, and remembers the choice', async () => {
    t.deps.secretBox = (allow) => ({
      protection: allow ? 'plaintext' : 'unavailable',
      encrypt: (s) => Buffer.from(s),
      decrypt: (b) => b.toString(),
    });
    expect(service.getState().notices.map((n) => n.kind)).toContain('insecure_secrets');
    expect(service.getState().secretStorage).toBe('unavailable');
    await service.handlers['secrets:allowPlaintext']({ allow: true });
    const state = service.getState();
    expect(state.secretStorage).toBe('plaintext');
    expect(state.notices.some((n) => n.kind === 'insecure_secrets')).toBe(false);
  });
});

describe('SyncService syncs', () => {
  it('adds a sync, creates the local folder and starts the first run at once', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    expect(s).toMatchObject({ itemName: 'Docs', itemPath: '/Docs', itemType: 'folder', status: 'active', intervalMinutes: 60 });
    expect(t.scheduler.ranNow).toContain(s.id);
  });

  it('refuses a local folder inside another mirror, inside the data dir, or that is a file', async () => {
    const p = await connectedProfile();
    await addSync(p.id, path.join(tmp, 'm'));
    await expect(addSync(p.id, path.join(tmp, 'm', 'inner'))).rejects.toMatchObject({ code: 'bad_input' });
    await expect(addSync(p.id, tmp)).rejects.toMatchObject({ code: 'bad_input' });
    await mkdir(path.join(tmp, 'data'), { recursive: true });
    await expect(addSync(p.id, path.join(tmp, 'data', 'x'))).rejects.toMatchObject({ code: 'bad_input' });
    await writeFile(path.join(tmp, 'file'), 'x');
    await expect(addSync(p.id, path.join(tmp, 'file'))).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('refuses a remote item that does not exist', async () => {
    const p = await connectedProfile();
    await expect(
      service.handlers['sync:add']({ profileId: p.id, driveId: 'drive1', itemId: 'nope', localPath: path.join(tmp, 'x') }),
    ).rejects.toMatchObject({ code: 'bad_input' });
  });

  it('records a successful run and logs its summary', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    const r = await service.runOnce(s.id, new AbortController().signal);
    expect(r.ok).toBe(true);
    expect(service.getState().syncs[0]).toMatchObject({ lastSyncStatus: 'success', errorCode: null });
    expect(t.activity.entries.some((e) => e.kind === 'run')).toBe(true);
  });

  /** A run of `id` stops on the big-delete rule with the engine's pending list, as the real engine would. */
  async function stopForReview(id: string): Promise<void> {
    t.engine.next = async () => {
      throw new AppError('confirm_deletes');
    };
    await service.runOnce(id, new AbortController().signal);
  }

  it('a big delete stops for review; confirming lets the next run trash', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    t.engine.pending = [{ path: 'a.txt', size: 1 }];
    await stopForReview(s.id);
    expect(service.getState().syncs[0]).toMatchObject({ status: 'error', action: 'review_deletions', pendingDeletes: 1 });
    expect(notifications.map((n) => n.kind)).toContain('confirm_deletes');
    await service.handlers['sync:confirmDeletes']({ id: s.id });
    t.engine.next = async () => ({ ...(await import('../testing/service-fakes')).okSummary({ trashed: 1 }) });
    await service.runOnce(s.id, new AbortController().signal);
    expect(t.engine.runs.at(-1)!.confirmedDeletes).toEqual({ files: 1, fingerprint: deleteSetFingerprint(t.engine.pending) });
    expect(service.getState().syncs[0]).toMatchObject({ status: 'active', pendingDeletes: 0, confirmedDeletes: 0 });
  });

  it('keeps the deletion decision in the store: a restarted service (or another process) runs with it, once', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    t.engine.pending = [
      { path: 'a.txt', size: 1 },
      { path: 'b.txt', size: 2 },
    ];
    t.engine.next = async () => {
      throw new AppError('confirm_deletes', 'This run would move 2 files to the trash.');
    };
    await service.runOnce(s.id, new AbortController().signal);
    expect(t.store.data.syncConfigs[0]!.deleteReview).toMatchObject({ files: 2, confirmedAt: null });
    await service.handlers['sync:confirmDeletes']({ id: s.id });
    await service.shutdown();

    // A new service over the same stored data: nothing of the decision lived only in the old one's memory.
    const restarted = new SyncService(t.deps);
    expect(restarted.getState().syncs[0]).toMatchObject({ status: 'active', pendingDeletes: 2, confirmedDeletes: 2 });
    t.engine.next = async () => (await import('../testing/service-fakes')).okSummary({ trashed: 2 });
    expect((await restarted.runOnce(s.id, new AbortController().signal)).ok).toBe(true);
    expect(t.engine.runs.at(-1)!.confirmedDeletes).toEqual({ files: 2, fingerprint: deleteSetFingerprint(t.engine.pending) });
    // Used up: the next run gets no confirmation.
    expect(t.store.data.syncConfigs[0]!.deleteReview).toBeNull();
    await restarted.runOnce(s.id, new AbortController().signal);
    expect(t.engine.runs.at(-1)!.confirmedDeletes).toBeNull();
  });

  it('a run that wants more deletions than were confirmed asks again, and the old confirmation is gone', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    t.engine.pending = [{ path: 'a.txt', size: 1 }];
    await stopForReview(s.id);
    await service.handlers['sync:confirmDeletes']({ id: s.id });
    // The engine finds more to trash than the one file confirmed and stops again (engine.ts checks the list).
    t.engine.pending = [
      { path: 'a.txt', size: 1 },
      { path: 'b.txt', size: 1 },
    ];
    const again = await service.runOnce(s.id, new AbortController().signal);
    expect(t.engine.runs.at(-1)!.confirmedDeletes).toMatchObject({ files: 1 });
    expect(again).toMatchObject({ ok: false, code: 'confirm_deletes' });
    expect(service.getState().syncs[0]).toMatchObject({ status: 'error', pendingDeletes: 2, confirmedDeletes: 0 });
    expect(t.store.data.syncConfigs[0]!.deleteReview).toMatchObject({ files: 2, confirmedAt: null });
  });

  it('moving a stopped sync to a new folder starts a new mirror: no deletions left to review', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    t.engine.pending = [{ path: 'a.txt', size: 1 }];
    await stopForReview(s.id);
    await service.handlers['sync:update']({ id: s.id, localPath: path.join(tmp, 'elsewhere') });
    expect(t.engine.removed).toContain(s.id);
    expect(service.getState().syncs[0]).toMatchObject({ status: 'active', errorCode: null, pendingDeletes: 0 });
    expect(t.store.data.syncConfigs[0]!.deleteReview).toBeNull();
  });

  it('keep-files settles the review at once; the next run has no confirmation', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    t.engine.pending = [{ path: 'a.txt', size: 1 }];
    await stopForReview(s.id);
    await service.handlers['sync:keepFiles']({ id: s.id });
    expect(service.getState().syncs[0]).toMatchObject({
      status: 'active',
      errorCode: null,
      pendingDeletes: 0,
      confirmedDeletes: 0,
    });
    expect(t.store.data.syncConfigs[0]!.deleteReview).toBeNull();
    expect(t.activity.entries.at(-1)!.message).toMatch(/^Kept 1 file /);
  });

  it('confirm-deletes and keep-files with nothing waiting: a clear bad_input, nothing stored, no run started', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    t.engine.pending = [];
    for (const cmd of ['sync:confirmDeletes', 'sync:keepFiles'] as const) {
      await expect(service.handlers[cmd]({ id: s.id })).rejects.toMatchObject({
        code: 'bad_input',
        message: expect.stringMatching(/^Nothing to (confirm|keep): no run of .* is waiting/),
      });
    }
    expect(t.store.data.syncConfigs[0]!.deleteReview ?? null).toBeNull();
  });

  it('pause cancels a running run and resume schedules it again', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    await service.handlers['sync:pause']({ id: s.id });
    expect(t.scheduler.cancelled).toContain(s.id);
    expect(service.getState().syncs[0]!.status).toBe('inactive');
    await service.handlers['sync:resume']({ id: s.id });
    expect(service.getState().syncs[0]!.status).toBe('active');
  });

  it('removing a sync removes its state only after its cancelled run has ended', async () => {
    const p = await connectedProfile();
    const s = await addSync(p.id);
    let endRun!: () => void;
    t.scheduler.runEnded = new Promise<void>((r) => (endRun = r));
    const removing = service.handlers['sync:remove']({ id: s.id, deleteLocalFiles: false });
    await new Promise((r) => setImmediate(r));
    expect(t.scheduler.cancelled).toContain(s.id);
    expect(t.engine.removed).toEqual([]); // the run may still write its last checkpoint
    endRun();
    await removing;
    expect(t.engine.removed).toEqual([s.id]);
  });

  it('a timed pause that has run out no longer shows as paused', async () => {
    t.store.update((db) => void (db.pausedUntil = new Date(Date.now() - 1000).toISOString()));
    expect(service.getState().pausedUntil).toBeNull();
  });

  it('pause all stores the time it resumes and tells the scheduler', async () => {
    await service.handlers['syncs:pauseAll']({ minutes: 60 });
    expect(service.getState().pausedUntil).not.toBeNull();
    expect(typeof t.scheduler.paused).toBe('number');
    await service.handlers['syncs:resumeAll']({});
    expect(service.getState().pausedUntil).toBeNull();
    expect(t.scheduler.paused).toBeNull();
  });
});
