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
  return rows
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * What a quick run shows: no targets (at 500 files they mean nothing), but a scenario that broke still shows as
 * failed. The full run keeps every target and its ok / MISS.
 */
export function quickRows(metrics: Metric[]): Metric[] {
  return metrics.map(({ pass, target: _target, ...m }) => (m.name.startsWith('failed:') ? { ...m, pass } : m));
}

/** The last line of a bench run. */
export function summaryLine(o: { metrics: Metric[]; quick: boolean; seconds: number; file: string }): string {
  const failed = o.metrics.filter((m) => m.name.startsWith('failed:')).map((m) => m.scenario);
  const broken = failed.length > 0 ? `${failed.length} scenario(s) failed to run: ${failed.join(', ')}; ` : '';
  if (o.quick) {
    const scenarios = new Set(o.metrics.map((m) => m.scenario)).size;
    return `Quick smoke run: ${scenarios} scenarios at small sizes, ${broken || 'all ran; '}targets are not checked (npm run bench measures them); ${o.seconds} s; written ${o.file}`;
  }
  const checked = o.metrics.filter((m) => m.pass !== undefined);
  return `${broken}${checked.filter((m) => m.pass === false).length} of ${checked.length} targets missed; ${o.seconds} s; written ${o.file}`;
}
