/**
 * The exclusion options of `sync add` and `sync edit`, pure: option values -> the sync's exclusions, and the text
 * `sync list` shows. Folder paths are relative to the synced folder (`Videos`, `/Photos/2019`).
 */
import { type Command, InvalidArgumentError } from 'commander';
import { formatSize, parseSize } from '../../shared/sizes';
import type { Exclusions } from '../../shared/model';

export interface ExclusionOptions {
  exclude?: string[];
  excludeFolder?: string[];
  /** Bytes; 'none': remove the limit. */
  maxSize?: number | 'none';
  include?: string[];
  includeFolder?: string[];
  clearExclusions?: boolean;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function size(value: string): number | 'none' {
  // A string, not null: commander does not keep a null a parser returns.
  if (value.trim().toLowerCase() === 'none') return 'none';
  try {
    const n = parseSize(value);
    if (n < 1) throw new Error('a size limit must be at least 1 byte (none removes it)');
    return n;
  } catch (e) {
    throw new InvalidArgumentError((e as Error).message);
  }
}

/** Adds --exclude, --exclude-folder and --max-size; `edit` also gets the options that remove them. */
export function exclusionOptions(cmd: Command, edit: boolean): Command {
  cmd
    .option(
      '--exclude <pattern>',
      'leave out names matching a gitignore-style pattern, e.g. "*.tmp" or "cache/" (repeatable)',
      collect,
    )
    .option('--exclude-folder <path>', 'leave out this folder, relative to the synced folder, e.g. Videos (repeatable)', collect)
    .option('--max-size <size>', 'leave out files larger than this, e.g. 10MB or 1.5GiB ("none": no limit)', size);
  if (edit) {
    cmd
      .option('--include <pattern>', 'remove this pattern from the exclusions (repeatable)', collect)
      .option('--include-folder <path>', 'remove this folder from the exclusions (repeatable)', collect)
      .option('--clear-exclusions', 'remove every exclusion first');
  }
  return cmd;
}

const folderKey = (p: string): string =>
  p
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.')
    .join('/');

/** The exclusions after the options, starting from `current`; undefined when no exclusion option was given. */
export function applyExclusionOptions(current: Exclusions, o: ExclusionOptions): Exclusions | undefined {
  const touched = o.exclude || o.excludeFolder || o.maxSize !== undefined || o.include || o.includeFolder || o.clearExclusions;
  if (!touched) return undefined;
  const base: Exclusions = o.clearExclusions ? { folders: [], patterns: [], maxFileSize: null } : current;
  const dropFolders = new Set((o.includeFolder ?? []).map(folderKey));
  const dropPatterns = new Set((o.include ?? []).map((p) => p.trim()));
  return {
    folders: [
      ...base.folders.filter((f) => !dropFolders.has(folderKey(f.path))),
      ...(o.excludeFolder ?? []).map((p) => ({ id: null, path: p })),
    ],
    patterns: [...base.patterns.filter((p) => !dropPatterns.has(p)), ...(o.exclude ?? [])],
    maxFileSize: o.maxSize === undefined ? base.maxFileSize : o.maxSize === 'none' ? null : o.maxSize,
  };
}

/** `Videos, *.tmp, > 10 MB` for `sync list`; '-' when nothing is excluded. */
export function exclusionsText(ex: Exclusions): string {
  const parts = [...ex.folders.map((f) => `${f.path}/`), ...ex.patterns];
  if (ex.maxFileSize !== null) parts.push(`> ${formatSize(ex.maxFileSize)}`);
  return parts.length === 0 ? '-' : parts.join(', ');
}
