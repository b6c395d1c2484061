/**
 * How a run ended, as the scheduler sees it: the service's runner returns it, the scheduler decides from it
 * (retry, back off, next interval). Declared here, outside both, so neither imports the other for it.
 */
import type { ErrorCode } from '../../shared/model';

export type RunOutcome = { ok: true } | { ok: false; code: ErrorCode; retryAfterMs?: number };
