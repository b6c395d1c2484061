/**
 * One line for a finished run ("Synced: 3 downloaded, 1 trashed (0.4 s)"). Its own module with no runtime imports:
 * the CLI's command files load it up front, and anything heavier here would load with --version.
 */
import type { RunSummary } from '../sync/types';

export function describeRun(s: RunSummary): string {
  const parts: string[] = [];
  if (s.downloaded) parts.push(`${s.downloaded} downloaded`);
  if (s.renamed) parts.push(`${s.renamed} moved`);
  if (s.trashed) parts.push(`${s.trashed} trashed`);
  if (s.conflicts) parts.push(`${s.conflicts} conflict${s.conflicts === 1 ? '' : 's'}`);
  if (s.skipped.length) parts.push(`${s.skipped.length} skipped`);
  const what = parts.length ? parts.join(', ') : 'no changes';
  return `${s.result === 'success' ? 'Synced' : s.result === 'partial' ? 'Synced with problems' : 'Stopped'}: ${what} (${(s.durationMs / 1000).toFixed(1)} s)`;
}
