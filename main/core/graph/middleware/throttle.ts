/**
 * The per-account throttle gate as a link, and our retry policy (the library's RetryHandler is not in the chain:
 * it would retry 429/503 per request with its own sleeps, past the gate and our clock).
 *
 * Each attempt first waits at the account's gate. Then, by the answer (graph-errors.ts `decide`):
 *   429, 503, 509          pause the whole account (Retry-After, else a growing backoff) and try again
 *   408, 500, 502, 504     back off (this request only) and try again
 *   no answer at all       (NetworkFailure) back off and try again; at the end -> AppError offline
 *   anything else          the answer goes up as is (error mapping turns it into an AppError)
 * After `maxAttempts` tries the last answer goes up, so the error says what Graph said last.
 */
import type { Context } from '@microsoft/microsoft-graph-client';
import type { Logger } from '../../ports';
import { decide, networkError, parseRetryAfter, redact } from '../graph-errors';
import type { ThrottleGate } from '../throttle-gate';
import { NetworkFailure } from './fetch';
import { callOf, Link, urlOf } from './link';

export class PassGate extends Link {
  constructor(
    private readonly gate: ThrottleGate,
    private readonly maxAttempts: number,
    private readonly now: () => number,
    private readonly log: Logger,
  ) {
    super();
  }

  async execute(context: Context): Promise<void> {
    const { signal } = callOf(context);
    for (let attempt = 1; ; attempt++) {
      await this.gate.wait(signal);
      context.response = undefined;
      try {
        await this.forward(context);
      } catch (e) {
        if (!(e instanceof NetworkFailure)) throw e; // token errors, aborts, refused origins: not ours to retry
        this.log.debug('graph request failed', {
          path: pathOf(context),
          attempt,
          error: redact(String(e.failure)),
        });
        if (attempt >= this.maxAttempts) throw networkError(e.failure);
        await this.gate.sleep(this.gate.backoffMs(attempt - 1), signal);
        continue;
      }
      const res = context.response as Response | undefined;
      if (!res || res.ok) {
        this.gate.passed();
        return;
      }
      this.log.debug('graph request refused', { path: pathOf(context), attempt, status: res.status });
      const decision = decide(res.status).kind;
      if (decision === 'throttle') {
        const pausedMs = this.gate.throttled(parseRetryAfter(res.headers.get('retry-after'), this.now()));
        this.log.warn('graph throttled: pausing the account', { status: res.status, pausedMs });
        if (attempt >= this.maxAttempts) return;
        continue; // the gate holds this and every other request of the account
      }
      if (decision === 'retry' && attempt < this.maxAttempts) {
        await this.gate.sleep(this.gate.backoffMs(attempt - 1), signal);
        continue;
      }
      return;
    }
  }
}

/** The URL path only: queries hold skip tokens. */
function pathOf(context: Context): string {
  return URL.parse(urlOf(context))?.pathname ?? '(bad url)';
}
