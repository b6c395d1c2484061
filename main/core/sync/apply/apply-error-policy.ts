/**
 * The applier's one error policy: what an error thrown by any executor means for the run.
 *   skip      the user should see why this item was not synced (a link in the way); the run stays complete
 *   fail      this action failed (missing folder, I/O error); the run goes on but ends incomplete, to be retried
 *   abort     nothing new should start: the disk is full, the sign-in is gone or the network is down
 *   ignore    the run was cancelled; errors of actions cut short say nothing
 */
import { type AppError, isAppError } from '../../errors';
import { SkipError } from './apply-fs';
import type { ApplyRun } from './apply-run';

export type ErrorVerdict =
  { do: 'skip'; reason: string } | { do: 'fail'; message: string } | { do: 'abort'; error: AppError } | { do: 'ignore' };

/** Errors that stop the whole run: no other item could succeed now. */
const ABORTS_RUN = new Set(['disk_full', 'reconnect_required', 'offline']);

export function errorVerdict(e: unknown, cancelled: boolean): ErrorVerdict {
  if (cancelled) return { do: 'ignore' };
  if (e instanceof SkipError) return { do: 'skip', reason: e.message };
  if (isAppError(e) && ABORTS_RUN.has(e.code)) return { do: 'abort', error: e };
  return { do: 'fail', message: e instanceof Error ? e.message : String(e) };
}

/** Records an executor's error on the run as the policy says. */
export function recordError(run: ApplyRun, path: string, e: unknown): void {
  const v = errorVerdict(e, run.o.signal.aborted);
  switch (v.do) {
    case 'ignore':
      return;
    case 'skip':
      run.out.skipped.push({ path, reason: v.reason });
      run.activity('refused', path, v.reason);
      return;
    case 'abort':
      run.out.fatal ??= v.error;
      return;
    case 'fail':
      run.out.failures.push({ path, message: v.message });
      run.o.logger.warn('sync action failed', { path, error: v.message });
      run.activity('error', path, v.message);
  }
}
