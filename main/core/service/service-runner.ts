/**
 * One run of one sync config, as the scheduler asks for it: credentials of the config's profile, the engine,
 * then the outcome recorded on the config (status, last run, error) and in the activity log.
 */
import { assertRootStillAllowed } from './service-local-root';
import { transientCodes } from '../../../shared/errors';
import { AppError } from '../errors';
import type { RunOutcome } from '../run-outcome';
import { emptyProgress, type Progress } from '../../../shared/model';
import type { ServiceContext } from './service-context';
import type { SyncConfigRecord } from '../store/schema';
import type { RunSummary } from '../sync/types';
import { describeRun } from './run-summary-text';
import { deleteSetFingerprint } from '../sync/plan/delete-review';
import { setDeleteReview } from '../store/repos';
import { applyStatus } from '../status/sync-status';

const PROGRESS_EMIT_MS = 250;

export class SyncRunner {
  private lastProgressEmit = 0;
  /** Consecutive failed runs per config, for the "failing repeatedly" notification. */
  private failures = new Map<string, number>();
  /** The latest run summary per config (CLI output, tests). */
  readonly lastSummary = new Map<string, RunSummary>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly notifyFailing: (config: SyncConfigRecord, message: string, kind: 'failing' | 'confirm_deletes') => void,
  ) {}

  async run(configId: string, run: { signal: AbortSignal; progress: (p: Progress) => void }): Promise<RunOutcome> {
    const config = this.ctx.db.syncConfigs.find((c) => c.id === configId);
    if (!config || config.status !== 'active') return { ok: true };
    const started = this.ctx.deps.clock.now();
    try {
      if (!config.profileId) {
        throw new AppError('bad_input', 'Please re-enable sync to assign user credentials');
      }
      await assertRootStillAllowed(this.ctx, config.localPath);
      const profile = this.ctx.profile(config.profileId);
      const client = this.ctx.clientFor(profile.id);
      const settings = this.ctx.db.settings;
      // The user's decision is stored with the config (it outlives this process), tied to the list reviewed.
      const review = config.deleteReview;
      const confirmedDeletes = review?.confirmedAt ? { files: review.files, fingerprint: review.fingerprint } : null;
      this.ctx.progress.set(config.id, emptyProgress('listing'));
      this.ctx.emitChanged();
      const summary = await this.ctx.deps.engine.run({
        config,
        driveType: config.driveType,
        ownDriveId: profile.drive?.id ?? null,
        client,
        profileId: profile.id,
        cloud: this.ctx.cloud,
        getToken: this.ctx.tokenSource(profile.id),
        signal: run.signal,
        confirmedDeletes,
        parallelDownloads: settings.parallelDownloads,
        downloadLimit: settings.downloadLimit,
        bigDelete: { files: settings.bigDeleteFiles },
        onProgress: (p) => {
          run.progress(p);
          this.ctx.progress.set(config.id, p);
          const now = this.ctx.deps.clock.now();
          if (now - this.lastProgressEmit >= PROGRESS_EMIT_MS) {
            this.lastProgressEmit = now;
            this.ctx.emitChanged();
          }
        },
        onActivity: (e) => this.ctx.deps.activity.append({ ...e, syncId: config.id }),
      });
      // The run got past the big-delete guard: the stop it settled is over (a run cancelled while listing did not).
      if (summary.result !== 'cancelled') this.settleDeleteReview(config.id);
      this.lastSummary.set(config.id, summary);
      this.recordSuccess(config.id, summary);
      this.failures.delete(config.id);
      return summary.result === 'cancelled' ? { ok: false, code: 'cancelled' } : { ok: true };
    } catch (e) {
      return await this.recordFailure(config.id, e, started);
    } finally {
      this.ctx.progress.delete(config.id);
      this.ctx.emitChanged();
    }
  }

  private settleDeleteReview(id: string): void {
    if (!this.ctx.db.syncConfigs.find((c) => c.id === id)?.deleteReview) return;
    this.ctx.deps.store.update((db) => void setDeleteReview(db, id, null));
  }

  private recordSuccess(id: string, summary: RunSummary): void {
    const at = new Date(this.ctx.deps.clock.now()).toISOString();
    this.ctx.deps.store.update((db) => {
      const c = db.syncConfigs.find((x) => x.id === id);
      if (c) applyStatus(c, { kind: 'run_finished', result: summary.result, at });
      // "Last sync" shows the last success and the last failure apart (kept in metadata: no schema change).
      if (c && summary.result === 'success') c.metadata.lastSuccessAt = at;
      if (c && (summary.result === 'partial' || summary.result === 'failed')) c.metadata.lastFailureAt = at;
    });
    this.ctx.deps.activity.append({
      kind: 'run',
      syncId: id,
      message: describeRun(summary),
      path: null,
      details: {
        result: summary.result,
        downloaded: summary.downloaded,
        renamed: summary.renamed,
        trashed: summary.trashed,
        conflicts: summary.conflicts,
        skipped: summary.skipped.length,
        bytes: summary.bytes,
        requests: summary.requests,
        durationMs: summary.durationMs,
      },
    });
  }

  private async recordFailure(id: string, e: unknown, started: number): Promise<RunOutcome> {
    const error = e instanceof AppError ? e : new AppError('internal', e instanceof Error ? e.message : String(e));
    const code = error.code;
    const config = this.ctx.db.syncConfigs.find((c) => c.id === id);
    if (!config) return { ok: true };
    if (code === 'cancelled') {
      this.ctx.deps.store.update((db) => {
        const c = db.syncConfigs.find((x) => x.id === id);
        if (c) applyStatus(c, { kind: 'run_cancelled' });
      });
      return { ok: false, code };
    }
    this.ctx.deps.logger.warn('sync run failed', { syncId: id, code, durationMs: this.ctx.deps.clock.now() - started });
    if (code === 'reconnect_required') {
      if (config.profileId) this.ctx.markReconnectRequired(config.profileId);
    } else if (code === 'confirm_deletes') {
      // A new list to review: it replaces an earlier one, and any confirmation of that one.
      const pending = await this.ctx.deps.engine.pendingDeletes(id).catch(() => []);
      const review = { files: pending.length, fingerprint: deleteSetFingerprint(pending), confirmedAt: null };
      this.ctx.deps.store.update((db) => {
        if (db.syncConfigs.some((c) => c.id === id)) setDeleteReview(db, id, review);
      });
    }
    const at = new Date(this.ctx.deps.clock.now()).toISOString();
    this.ctx.deps.store.update((db) => {
      const c = db.syncConfigs.find((x) => x.id === id);
      if (c) applyStatus(c, { kind: 'run_failed', code, message: error.message, at, hasProfile: !!c.profileId });
      if (c) c.metadata.lastFailureAt = at;
    });
    const transient = transientCodes.has(code);
    this.ctx.deps.activity.append({ kind: 'error', syncId: id, message: error.message, path: null, details: { code } });
    const count = (this.failures.get(id) ?? 0) + 1;
    this.failures.set(id, count);
    if (transient && count === 3) this.notifyFailing(config, error.message, 'failing');
    if (code === 'confirm_deletes') this.notifyFailing(config, error.message, 'confirm_deletes');
    return { ok: false, code, ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}) };
  }
}
