/** Builds a scheduler over a fake clock and fake runs, for the scheduler's tests (and anyone wiring it). */
import { createFakeClock, type FakeClock } from './fake-clock';
import { createFakeRuns, type FakeRunOptions, type FakeRuns } from './fake-runs';
import { createScheduler } from '../scheduler/scheduler';
import type { RunOutcome, ScheduledConfig, Scheduler, SchedulerOptions } from '../scheduler/types';

export const T0 = Date.parse('2026-01-05T09:00:00Z');
export const SECOND = 1_000;
export const MIN = 60_000;
export const HOUR = 60 * MIN;

export interface Harness {
  clock: FakeClock;
  runs: FakeRuns;
  scheduler: Scheduler;
  /** runEnd events in order. */
  ends: { id: string; outcome: RunOutcome; at: number }[];
}

export function startHarness(options: Partial<SchedulerOptions> = {}, runOptions: FakeRunOptions = {}): Harness {
  const clock = createFakeClock(T0);
  const runs = createFakeRuns(clock, runOptions);
  const scheduler = createScheduler({ clock, random: () => 0, run: runs.run, ...options });
  const ends: Harness['ends'] = [];
  scheduler.on('runEnd', (id, outcome) => ends.push({ id, outcome, at: clock.now() }));
  return { clock, runs, scheduler, ends };
}

/** A config builder: active, hourly, last run just now (so not due) unless told otherwise. */
export function config(id: string, over: Partial<ScheduledConfig> = {}): ScheduledConfig {
  return { id, intervalMinutes: 60, active: true, lastRunEndAt: T0, ...over };
}
