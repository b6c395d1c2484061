/**
 * A controllable `run` function for scheduler tests: every call is recorded and stays open until the test
 * ends it with `finish(id, outcome)` (or it was created with `autoFinish`, which ends runs at once).
 * Like the engine, a run ends as `cancelled` when its signal aborts, unless created with `ignoreAbort`.
 */
import type { Clock } from '../ports';
import type { RunContext, RunFn, RunOutcome } from '../scheduler/types';

export interface FakeRunCall {
  readonly id: string;
  readonly ctx: RunContext;
  readonly startedAt: number;
  endedAt: number | null;
  end(outcome: RunOutcome): void;
  fail(error: unknown): void;
}

export interface FakeRuns {
  readonly run: RunFn;
  /** Every call so far, in start order. */
  readonly calls: FakeRunCall[];
  /** Calls not ended yet. */
  open(): FakeRunCall[];
  /** Ends the open run of `id` (throws if there is none, so a test notices a run that never started). */
  finish(id: string, outcome?: RunOutcome): void;
  /** Start times of `id`'s runs. */
  startsOf(id: string): number[];
  /** The most runs that were open at the same moment. */
  maxOpen(): number;
}

export interface FakeRunOptions {
  /** Ends a run as soon as it starts with the returned outcome (undefined: leave it open). */
  autoFinish?: (id: string, call: FakeRunCall) => RunOutcome | undefined;
  /** Model an engine stuck in a system call: the abort signal is ignored. */
  ignoreAbort?: boolean;
}

export function createFakeRuns(clock: Clock, options: FakeRunOptions = {}): FakeRuns {
  const calls: FakeRunCall[] = [];
  let peak = 0;
  const open = (): FakeRunCall[] => calls.filter((c) => c.endedAt === null);

  const run: RunFn = (id, ctx) =>
    new Promise<RunOutcome>((resolve, reject) => {
      const call: FakeRunCall = {
        id,
        ctx,
        startedAt: clock.now(),
        endedAt: null,
        end(outcome) {
          if (call.endedAt !== null) return;
          call.endedAt = clock.now();
          resolve(outcome);
        },
        fail(error) {
          if (call.endedAt !== null) return;
          call.endedAt = clock.now();
          reject(error);
        },
      };
      calls.push(call);
      peak = Math.max(peak, open().length);
      if (!options.ignoreAbort) {
        ctx.signal.addEventListener('abort', () => call.end({ ok: false, code: 'cancelled' }), {
          once: true,
        });
      }
      const auto = options.autoFinish?.(id, call);
      if (auto) call.end(auto);
    });

  return {
    run,
    calls,
    open,
    finish(id, outcome = { ok: true }) {
      const call = open().find((c) => c.id === id);
      if (!call) throw new Error(`no open run of ${id}`);
      call.end(outcome);
    },
    startsOf: (id) => calls.filter((c) => c.id === id).map((c) => c.startedAt),
    maxOpen: () => peak,
  };
}
