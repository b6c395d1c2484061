/**
 * The applier's contract and the one state a run's executors share (ApplyRun): the options, the manifest being
 * kept true to the disk, the outcome being counted, progress and activity reporting.
 */
import { ThroughputMeter } from './throughput';
import { type ActivityKind, emptyProgress, type Progress } from '../../../../shared/model';
import type { AppError } from '../../errors';
import type { DriveClient } from '../../graph/drive-client';
import type { ThrottleGate } from '../../graph/throttle-gate';
import type { Logger, Trash } from '../../ports';
import type { LocalFs } from './apply-fs';
import type { MoveRecord } from './apply-journal';
import { createSpaceCheck } from './disk-space';
import type { downloadFile } from '../download/download';
import { baseName } from '../paths';
import type { Plan } from '../plan/plan-types';
import type { Semaphore } from '../semaphore';
import type { ManifestEntry } from '../types';
import type { UrlSpool } from '../download/url-spool';

export type ActivityEvent = { kind: ActivityKind; path: string | null; message: string };

export interface ApplyOptions {
  /**
   * Consumed: each action is let go of as it starts (so a 100k-file run can collect them), and nextManifest takes
   * the local size and mtime of each written file.
   */
  plan: Plan;
  lfs: LocalFs;
  /** Mutated: always what is on disk. */
  manifest: Map<string, ManifestEntry>;
  driveId: string;
  client: DriveClient;
  gate?: ThrottleGate;
  trash: Trash;
  logger: Logger;
  signal: AbortSignal;
  downloadSlots: Semaphore;
  /** Relative paths of partial downloads that may exist (for garbage collection by later runs). */
  partials: Set<string>;
  /** Where items with a downloadUrlRef keep their URL. */
  urls?: Pick<UrlSpool, 'get'>;
  /** Called after each completed action (the checkpointer batches saves). */
  checkpoint: () => void;
  /** Saves now: called once after the renames, so a kill during the downloads finds them recorded. */
  flush?: () => Promise<void>;
  /** Records a rename before it happens (the move journal), so a kill between checkpoints loses no move. */
  journal?: (rec: MoveRecord) => Promise<void>;
  /** Notes in the journal that the renames are over (called with the flush). */
  journalRenamesDone?: () => Promise<void>;
  freeBytes: (absDir: string) => Promise<number>;
  now: () => number;
  onProgress?: (p: Progress) => void;
  onActivity?: (e: ActivityEvent) => void;
  download?: typeof downloadFile;
  /** The global download limit (rate-limit.ts), applied to each chunk of every download. */
  pace?: (bytes: number, signal?: AbortSignal) => Promise<void>;
}

export interface ApplyOutcome {
  downloaded: number;
  renamed: number;
  trashed: number;
  conflicts: number;
  bytes: number;
  skipped: { path: string; reason: string }[];
  failures: { path: string; message: string }[];
  notes: string[];
  cancelled: boolean;
  fatal: AppError | null;
}

/** Room left free on the disk beyond the file itself. */
const DISK_RESERVE = 1024 * 1024;
/** Shortest gap between two progress reports. */
const PROGRESS_EVERY_MS = 100;

/** What every executor of a run works with. */
export interface ApplyRun {
  /** The caller's options. */
  readonly o: ApplyOptions;
  /** The local root, every path checked inside it. */
  readonly lfs: LocalFs;
  /** The manifest as the disk is now: each executor updates it when its action is done. */
  readonly manifest: Map<string, ManifestEntry>;
  /** The plan's next manifest: the entry an item gets once its action is done. */
  readonly next: Map<string, ManifestEntry>;
  /** The counts, skips, failures and notes the run reports. */
  readonly out: ApplyOutcome;
  /** Files and bytes done of the downloads (the only actions that take time). */
  readonly progress: Progress;
  /** Reports one line of the activity log. */
  activity(kind: ActivityKind, path: string | null, message: string): void;
  /** Reports progress, at most every PROGRESS_EVERY_MS unless forced. */
  emitProgress(force?: boolean): void;
  /** Throws disk_full unless `bytes` fit in `absDir` with the reserve left. */
  reserveSpace(absDir: string, bytes: number, rel: string): Promise<void>;
  /** Sets whatever is at `rel` aside under a conflict name (preferred, else a free one) and reports it. */
  setAside(rel: string, preferred?: string | null): Promise<string>;
  /** Counts and reports a conflict copy made of a local item that was in the way. */
  conflictMade(conflictPath: string, message: string): void;
}

export function createApplyRun(o: ApplyOptions): ApplyRun {
  const out: ApplyOutcome = {
    downloaded: 0,
    renamed: 0,
    trashed: 0,
    conflicts: 0,
    bytes: 0,
    skipped: [],
    failures: [],
    notes: [],
    cancelled: false,
    fatal: null,
  };
  const progress: Progress = emptyProgress('applying');
  for (const a of o.plan.actions) {
    if (a.type !== 'download') continue;
    progress.filesTotal++;
    progress.bytesTotal += a.item.size;
  }
  let lastProgress = -Infinity;
  const meter = new ThroughputMeter();
  const activity = (kind: ActivityKind, path: string | null, message: string): void => o.onActivity?.({ kind, path, message });
  const conflictMade = (conflictPath: string, message: string): void => {
    out.conflicts++;
    activity('conflict', conflictPath, message);
  };
  return {
    o,
    lfs: o.lfs,
    manifest: o.manifest,
    next: o.plan.nextManifest,
    out,
    progress,
    activity,
    emitProgress(force = false) {
      const t = o.now();
      if (!force && t - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = t;
      o.onProgress?.({ ...progress, ...meter.sample(t, progress.bytesDone, progress.bytesTotal) });
    },
    reserveSpace: createSpaceCheck({ freeBytes: o.freeBytes, now: o.now, reserve: DISK_RESERVE }),
    async setAside(rel, preferred = null) {
      const to = await o.lfs.setAside(rel, preferred, o.now());
      conflictMade(to, `"${rel}" was changed here; your version is kept as "${baseName(to)}"`);
      return to;
    },
    conflictMade,
  };
}
