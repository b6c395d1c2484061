/** Scenario 6: 100 active configs idle for 60 s: CPU time used by the scheduler (timers, not polling). */
import { createScheduler } from '../../main/core/scheduler/scheduler';
import { systemClock } from '../../main/core/ports';
import { check, type Metric } from './report';

export async function benchSchedulerIdle(o: { quick: boolean }): Promise<Metric[]> {
  const seconds = o.quick ? 5 : 60;
  let runs = 0;
  // Start-up work (loader, JIT, the GC of module loading) goes on for a few seconds: not the scheduler's.
  await new Promise((r) => setTimeout(r, o.quick ? 2_000 : 12_000));
  let timersArmed = 0;
  const clock = { ...systemClock, setTimeout: (fn: () => void, ms: number) => (timersArmed++, systemClock.setTimeout(fn, ms)) };
  const scheduler = createScheduler({
    clock,
    maxConcurrent: 2,
    run: async () => {
      runs++;
      return { ok: true };
    },
  });
  const now = Date.now();
  // All ran just now: nothing is due during the measurement, as in an app idling between hourly syncs.
  scheduler.setConfigs(
    Array.from({ length: 100 }, (_, i) => ({ id: `c${i}`, intervalMinutes: 60, active: true, lastRunEndAt: now })),
  );
  await new Promise((r) => setTimeout(r, 1000)); // setConfigs' own work (and its JIT) is not idling
  const armedBefore = timersArmed;
  const msPerMinute = await cpuPerMinuteWhileIdle(seconds);
  const wakeups = timersArmed - armedBefore;
  await scheduler.stop();
  // The same process idle with the scheduler stopped: what Node itself costs (GC, timers of the bench), for scale.
  const baseline = await cpuPerMinuteWhileIdle(Math.min(seconds, 10));
  return [
    { scenario: 'scheduler-idle', name: 'CPU per minute, same process idle after the scheduler stopped', value: baseline, unit: 'ms/min' },
    {
      scenario: 'scheduler-idle',
      name: `CPU per minute, 100 configs (${seconds} s measured)`,
      value: msPerMinute,
      unit: 'ms/min',
      ...check(msPerMinute, '<=', 50),
    },
    { scenario: 'scheduler-idle', name: 'runs started while idle', value: runs, unit: 'runs', ...check(runs, '<=', 0) },
    { scenario: 'scheduler-idle', name: 'timers armed while idle', value: wakeups, unit: 'timers' },
  ];
}

async function cpuPerMinuteWhileIdle(seconds: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000) * (60 / seconds);
}
