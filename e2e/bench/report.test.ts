import { describe, expect, it } from 'vitest';
import { formatTable, quickRows, summaryLine, type Metric } from './report';

const metrics: Metric[] = [
  { scenario: 'hash', name: 'throughput', value: 5, unit: 'GB/s', target: '>= 1', pass: true },
  { scenario: 'memory', name: 'peak RSS', value: 300, unit: 'MB', target: '<= 250', pass: false },
  { scenario: 'memory', name: 'requests', value: 3, unit: '' },
];

describe('bench summary', () => {
  it('a quick run says it is a smoke run without targets, and shows no target or MISS', () => {
    const line = summaryLine({ metrics, quick: true, seconds: 35, file: 'bench-results/quick.json' });
    expect(line).toBe(
      'Quick smoke run: 2 scenarios at small sizes, all ran; targets are not checked (npm run bench measures them); 35 s; written bench-results/quick.json',
    );
    expect(line).not.toMatch(/missed/);
    const table = formatTable(quickRows(metrics));
    expect(table).not.toMatch(/MISS|<= 250|>= 1/);
  });

  it('a quick run still names a scenario that broke', () => {
    const broken: Metric[] = [
      ...metrics,
      { scenario: 'cli-startup', name: 'failed: spawn ENOENT', value: 0, unit: '', target: 'runs', pass: false },
    ];
    expect(summaryLine({ metrics: broken, quick: true, seconds: 1, file: 'f' })).toContain(
      '1 scenario(s) failed to run: cli-startup',
    );
    expect(formatTable(quickRows(broken))).toMatch(/failed: spawn ENOENT.*MISS/);
  });

  it('a full run counts the targets missed', () => {
    expect(summaryLine({ metrics, quick: false, seconds: 450, file: 'f' })).toBe('1 of 2 targets missed; 450 s; written f');
  });
});
