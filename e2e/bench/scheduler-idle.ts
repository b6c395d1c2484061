/** Scenario 6: 100 active configs idle for 60 s: CPU time used by the scheduler (timers, not polling). */
import { createScheduler } from '../../main/core/scheduler/scheduler';
import { systemClock } from '../../main/core/ports';
import { check, type Metric } from './report';

export async function benchSchedulerIdle(o: { quick: boolean }): Promise<Metric[]> {
  const seconds = o.quick ? 5 : 60;
  let runs = 0;
  const scheduler = createScheduler({
    clock: systemClock,
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
  const msPerMinute = await cpuPerMinuteWhileIdle(seconds);
  await scheduler.stop();
  // The same wait with no scheduler: what the Node process itself costs (GC, loader), for comparison.
  const baseline = await cpuPerMinuteWhileIdle(Math.min(seconds, 10));
  return [
    { scenario: 'scheduler-idle', name: 'CPU per minute, idle process without scheduler', value: baseline, unit: 'ms/min' },
    {
      scenario: 'scheduler-idle',
      name: `CPU per minute, 100 configs (${seconds} s measured)`,
      value: msPerMinute,
      unit: 'ms/min',
      ...check(msPerMinute, '<=', 50),
    },
    { scenario: 'scheduler-idle', name: 'runs started while idle', value: runs, unit: 'runs', ...check(runs, '<=', 0) },
  ];
}

async function cpuPerMinuteWhileIdle(seconds: number): Promise<number> {
  const cpu0 = process.cpuUsage();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  return ((cpu.user + cpu.system) / 1000) * (60 / seconds);
}
