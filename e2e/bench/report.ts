/** Benchmark results: one row per measured value, with the target beside it, printed as a table and as JSON. */
export interface Metric {
  scenario: string;
  name: string;
  value: number;
  unit: string;
  /** e.g. "<= 1.3" or ">= 1000": the bar from issue 8. Absent for informative figures. */
  target?: string;
  pass?: boolean;
}

export function check(value: number, op: '<=' | '>=', bar: number): { target: string; pass: boolean } {
  return { target: `${op} ${bar}`, pass: op === '<=' ? value <= bar : value >= bar };
}

export function formatTable(metrics: Metric[]): string {
  const rows = [
    ['scenario', 'metric', 'value', 'unit', 'target', ''],
    ...metrics.map((m) => [
      m.scenario,
      m.name,
      Number.isInteger(m.value) ? String(m.value) : m.value.toFixed(m.value < 10 ? 3 : 1),
      m.unit,
      m.target ?? '',
      m.pass === undefined ? '' : m.pass ? 'ok' : 'MISS',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}
