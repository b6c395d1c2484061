/**
 * Pure: a sync's exclusions as the add and edit dialogs show them (folders ticked in a tree, one gitignore
 * pattern per line, a maximum file size typed like `10MB` or `1.5GiB`), checked like the contract checks them.
 */
import type { ExcludedFolder, Exclusions, SyncPreview } from '../../../../shared/model';
import { MAX_EXCLUSION_PATTERNS, MAX_PATTERN_LENGTH } from '../../../../shared/limits';
import { formatSize, parseSize } from '../../../../shared/sizes';

export interface ExclusionsDraft {
  folders: ExcludedFolder[];
  /** One gitignore pattern per line. */
  patterns: string;
  /** '' for no limit. */
  maxSize: string;
}

const exactUnits: Array<[string, number]> = [
  ['TB', 1e12],
  ['TiB', 1024 ** 4],
  ['GB', 1e9],
  ['GiB', 1024 ** 3],
  ['MB', 1e6],
  ['MiB', 1024 ** 2],
  ['kB', 1e3],
  ['KiB', 1024],
];

/** A size as text that reads back as exactly the same bytes: `10MB`, `1.5GiB`, `123456B`. */
export function exactSizeText(bytes: number): string {
  for (const [unit, factor] of exactUnits) {
    const v = bytes / factor;
    if (v < 1) continue;
    const text = `${Number(v.toFixed(2))}${unit}`;
    if (parseSize(text) === bytes) return text;
  }
  return `${bytes}B`;
}

export function exclusionsDraft(e: Exclusions): ExclusionsDraft {
  return {
    folders: e.folders,
    patterns: e.patterns.join('\n'),
    maxSize: e.maxFileSize === null ? '' : exactSizeText(e.maxFileSize),
  };
}

export function readExclusionsDraft(d: ExclusionsDraft): {
  errors: { patterns?: string; maxSize?: string };
  exclusions: Exclusions | null;
} {
  const errors: { patterns?: string; maxSize?: string } = {};
  const patterns = d.patterns
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  if (patterns.length > MAX_EXCLUSION_PATTERNS) errors.patterns = `At most ${MAX_EXCLUSION_PATTERNS} patterns.`;
  else if (patterns.some((p) => p.length > MAX_PATTERN_LENGTH))
    errors.patterns = `A pattern has at most ${MAX_PATTERN_LENGTH} characters.`;
  let maxFileSize: number | null = null;
  if (d.maxSize.trim() !== '') {
    try {
      maxFileSize = parseSize(d.maxSize);
      if (maxFileSize < 1) errors.maxSize = 'Enter a size of at least 1 byte, or leave it empty for no limit.';
    } catch {
      errors.maxSize = 'Enter a size such as 500KB, 10MB or 1.5GiB, or leave it empty for no limit.';
    }
  }
  if (errors.patterns || errors.maxSize) return { errors, exclusions: null };
  return { errors, exclusions: { folders: d.folders, patterns, maxFileSize } };
}

export function exclusionCount(e: Exclusions): number {
  return e.folders.length + e.patterns.length + (e.maxFileSize === null ? 0 : 1);
}

/** "1 exclusion", "3 exclusions"; null for none. */
export function exclusionsLabel(e: Exclusions): string | null {
  const n = exclusionCount(e);
  return n === 0 ? null : `${n} exclusion${n === 1 ? '' : 's'}`;
}

export function sameExclusions(a: Exclusions, b: Exclusions): boolean {
  const key = (e: Exclusions) => JSON.stringify([e.folders.map((f) => [f.id, f.path]).sort(), e.patterns, e.maxFileSize]);
  return key(a) === key(b);
}

/** Is this folder (or one above it) left out? By id when known, else by its path below the sync root. */
export function isFolderExcluded(folders: readonly ExcludedFolder[], id: string | null, path: string): boolean {
  return folders.some((f) => (id !== null && f.id === id) || f.path === path || path.startsWith(`${f.path}/`));
}

/** Ticks or unticks one folder; a ticked folder takes its subtree, so entries below it go. */
export function toggleFolder(folders: readonly ExcludedFolder[], folder: ExcludedFolder, leaveOut: boolean): ExcludedFolder[] {
  const same = (f: ExcludedFolder) => (folder.id !== null && f.id === folder.id) || f.path === folder.path;
  const rest = folders.filter((f) => !same(f));
  if (!leaveOut) return rest;
  return [...rest.filter((f) => !f.path.startsWith(`${folder.path}/`)), folder];
}

/** The preview in words; `fits` false: the disk cannot hold the downloads (the dialog refuses). */
export function describePreview(p: SyncPreview): { fits: boolean; text: string } {
  const files = `${p.downloads} file${p.downloads === 1 ? '' : 's'}`;
  if (p.freeBytesAfter < 0) {
    const free = p.bytes + p.freeBytesAfter;
    return {
      fits: false,
      text: `Not enough space: ${files} (${formatSize(p.bytes)}) to download, but only ${formatSize(Math.max(0, free))} free on that disk (${formatSize(-p.freeBytesAfter)} short). Leave out folders or big files, or choose another disk.`,
    };
  }
  return {
    fits: true,
    text: `${files} to download (${formatSize(p.bytes)}); ${formatSize(p.freeBytesAfter)} free on that disk afterwards.`,
  };
}
