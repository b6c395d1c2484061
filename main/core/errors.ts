import type { AppErrorValue, ErrorCode } from '../../shared/model';
import { errorMessages } from '../../shared/errors';

/** An error with a code the user or a script can act on. Crosses IPC as `{ code, message }`. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string = errorMessages[code],
    /** For `throttled`: how long the service asked us to wait. */
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'AppError';
  }
}

export function isAppError(e: unknown, code?: ErrorCode): e is AppError {
  return e instanceof AppError && (code === undefined || e.code === code);
}

/** Any thrown value as an IPC-safe error value. Unknown errors become `internal` without internals leaking. */
export function toErrorValue(e: unknown): AppErrorValue {
  if (e instanceof AppError) return { code: e.code, message: e.message };
  return { code: 'internal', message: e instanceof Error ? e.message : String(e) };
}
