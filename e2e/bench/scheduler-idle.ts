/**
 * Scenario 6: 100 active configs idle for 60 s: CPU time used by the scheduler (timers, not polling). Measured in
 * the bundled idle child (live-idle-child.ts with no drives), like the shipped code: in this tsx process the
 * loader's own thread went on collecting garbage for minutes (~120 ms/min with nothing armed; 1 ms/min bundled).
 */
import type { BenchEnv } from './bench-env';
import { firstMinuteRow, runIdleChild } from './live';
import { check, type Metric } from './report';

export async function benchSchedulerIdle(env: BenchEnv): Promise<Metric[]> {
  const seconds = env.quick ? 2 : 60;
  const r = await runIdleChild(
    { caPath: '' },
    { graphUrl: 'https://127.0.0.1:9', drives: [], configs: 100, firstSeconds: env.quick ? 0 : 60, seconds },
  );
  const s = 'scheduler-idle';
  return [
    {
      scenario: s,
      name: 'CPU per minute, same child idle after the scheduler stopped',
      value: r.baselineMsPerMinute,
      unit: 'ms/min',
    },
    ...firstMinuteRow(s, r),
    {
      scenario: s,
      name: `CPU per minute, 100 configs (the next ${seconds} s)`,
      value: r.msPerMinute,
      unit: 'ms/min',
      ...check(r.msPerMinute, '<=', 50),
    },
    { scenario: s, name: 'runs started while idle', value: r.runs, unit: 'runs', ...check(r.runs, '<=', 0) },
    { scenario: s, name: 'timers armed while idle', value: r.timersWhileIdle, unit: 'timers' },
  ];
}
