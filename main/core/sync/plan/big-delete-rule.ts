/**
 * The big-delete rule (pure): when does a run stop and ask before moving files to the trash?
 *
 * - more than `maxFiles` files would be trashed (the setting, default 500), like rclone's --max-delete;
 * - more than half of the tracked files AND at least 50 would be: a percentage alone stops tiny deletions
 *   (4 of 7) and trains people to click through;
 * - always when the listing says every tracked file is gone and more than 10 were tracked: the wrong account,
 *   an emptied share or a root that moved, not a user tidying up.
 *
 * Counts are files the mirror tracks; folders, and items the mirror never took (refused or skipped), don't count.
 */
export interface BigDeleteInput {
  /** Files this run would move to the trash. */
  trash: number;
  /** Tracked files the listing says are gone (the trash plus edited ones that stay in place). */
  gone: number;
  /** Files the mirror tracks before this run. */
  tracked: number;
  /** The setting: more than this many stops. */
  maxFiles: number;
}

export type BigDeleteClause = 'count' | 'half' | 'all_gone';

export type BigDeleteVerdict = { stop: false } | { stop: true; clause: BigDeleteClause; reason: string };

/** The half clause needs at least this many files. */
export const HALF_MIN_FILES = 50;
/** The all-gone clause needs more than this many tracked files. */
export const ALL_GONE_MIN_TRACKED = 10;

export function bigDeleteVerdict({ trash, gone, tracked, maxFiles }: BigDeleteInput): BigDeleteVerdict {
  if (trash <= 0) return { stop: false };
  const files = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
  if (tracked > ALL_GONE_MIN_TRACKED && gone >= tracked) {
    return {
      stop: true,
      clause: 'all_gone',
      reason:
        `OneDrive lists none of the ${tracked} files this mirror tracks (the wrong account, an emptied share or a ` +
        `moved folder?); this run would move ${files(trash)} to the trash.`,
    };
  }
  if (trash > maxFiles) {
    return {
      stop: true,
      clause: 'count',
      reason: `This run would move ${files(trash)} to the trash, more than ${maxFiles} (the big-delete setting).`,
    };
  }
  if (trash * 2 > tracked && trash >= HALF_MIN_FILES) {
    return {
      stop: true,
      clause: 'half',
      reason: `This run would move ${files(trash)} of ${tracked} to the trash: more than half of the mirror.`,
    };
  }
  return { stop: false };
}

/** The whole message: what fired, that nothing was trashed, and the one way on in the app and in the CLI. */
export function bigDeleteMessage(reason: string, configId: string): string {
  return (
    `${reason} Nothing was moved yet. Review deletions in the app, or run ` +
    `\`onedrive-mirror sync confirm-deletes ${configId}\` to trash them or ` +
    `\`onedrive-mirror sync keep-files ${configId}\` to keep them.`
  );
}
