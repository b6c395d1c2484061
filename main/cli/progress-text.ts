/**
 * Progress of a long `sync run` for people: "Docs: 120/800 files, 1.2 GB of 4.0 GB, 11 MB/s, 4 min left".
 * On a terminal one line is rewritten in place; otherwise (a log, cron) a plain line every few seconds.
 * Pure formatting and a small printer; --json prints none of it.
 */
import type { Progress } from '../../shared/model';

export function formatBytes(bytes: number): string {
  const labels = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = Math.max(0, bytes);
  let i = 0;
  while (value >= 1024 && i < labels.length - 1) {
    value /= 1024;
    i++;
  }
  return `${value.toFixed(i === 0 || value >= 10 ? 0 : 1)} ${labels[i]}`;
}

export function formatDuration(ms: number): string {
  const s = Math.max(1, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** `bytesPerSecond`: measured since the run started applying (null until there is something to divide). */
export function progressLine(name: string, p: Progress, bytesPerSecond: number | null): string {
  if (p.phase !== 'applying') return `${name}: ${p.phase === 'listing' ? 'listing changes' : 'planning'}...`;
  const parts = [`${p.filesDone}/${p.filesTotal} files`, `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}`];
  if (bytesPerSecond && bytesPerSecond > 0) {
    parts.push(`${formatBytes(bytesPerSecond)}/s`);
    const left = p.bytesTotal - p.bytesDone;
    if (left > 0) parts.push(`${formatDuration((left / bytesPerSecond) * 1000)} left`);
  }
  const pct =
    p.bytesTotal > 0
      ? Math.floor((100 * p.bytesDone) / p.bytesTotal)
      : p.filesTotal > 0
        ? Math.floor((100 * p.filesDone) / p.filesTotal)
        : 0;
  return `${name}: ${pct}% ${parts.join(', ')}`;
}

export interface ProgressSink {
  /** A terminal: rewrite one line in place. */
  tty: boolean;
  write(text: string): void;
  now(): number;
  /** Without a terminal: at most one line per this many ms. */
  plainEveryMs: number;
}

/** One printer per run: feed it progress; `end()` before the run's result line. */
export function createProgressPrinter(name: string, sink: ProgressSink) {
  let started: number | null = null;
  let bytesAtStart = 0;
  let lastPrint = sink.now();
  let shown = false;
  const ttyEveryMs = 250;
  return {
    update(p: Progress): void {
      const now = sink.now();
      if (p.phase === 'applying' && started === null) {
        started = now;
        bytesAtStart = p.bytesDone;
      }
      if (now - lastPrint < (sink.tty ? ttyEveryMs : sink.plainEveryMs)) return;
      lastPrint = now;
      const seconds = started === null ? 0 : (now - started) / 1000;
      const rate = seconds >= 1 ? (p.bytesDone - bytesAtStart) / seconds : null;
      const line = progressLine(name, p, rate);
      if (sink.tty) {
        sink.write(`\r\x1b[K${line}`);
        shown = true;
      } else sink.write(`${line}\n`);
    },
    end(): void {
      if (shown) sink.write('\r\x1b[K');
      shown = false;
    },
  };
}
