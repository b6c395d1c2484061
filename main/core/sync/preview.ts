/**
 * A preview of the next run (`sync run --dry-run`, the add-sync flow): the same listing and plan as a run, and
 * nothing written: no state commit, no deltaLink advance, no folder created, no probe file, no temp file.
 */
import path from 'node:path';
import { AppError } from '../errors';
import { createLocalFs } from './apply/apply-fs';
import { freeBytes as statfsFreeBytes, lstatOrNull } from './enumerate/local-stat';
import { listAndPlan, type ListOptions } from './engine';
import type { Plan } from './plan/plan-types';
import { loadState, type SyncState } from './state/manifest-store';

export interface SyncPreview {
  /** Files the run would download, and their bytes. */
  downloads: number;
  bytes: number;
  /** Items it would move to the trash (files, and folders once empty, as a run counts them), items it would rename or move, local files it would set aside. */
  trash: number;
  renames: number;
  conflicts: number;
  /** Free space on the target's disk once the downloads are in (negative: they do not fit). */
  freeBytesAfter: number;
}

export interface PreviewOptions extends ListOptions {
  stateDir: string;
  platform?: NodeJS.Platform;
  caseInsensitive?: boolean;
  freeBytes?: (absDir: string) => Promise<number>;
}

export async function previewSync(o: PreviewOptions): Promise<SyncPreview> {
  const state: SyncState = (await loadState(o.stateDir, o.config.id)) ?? {
    deltaLink: null,
    manifest: new Map(),
    pendingDeletes: null,
    partials: [],
  };
  const root = path.resolve(o.config.localPath);
  const rootStat = await lstatOrNull(root);
  if (!rootStat && [...state.manifest.values()].some((e) => e.path !== '')) throw new AppError('local_missing');
  const platform = o.platform ?? process.platform;
  // The run probes the disk with a file; a preview must not write, so it takes the platform's usual answer.
  const ci = o.caseInsensitive ?? (platform === 'win32' || platform === 'darwin');
  const listed = await listAndPlan({ ...o, dryRun: true }, state, createLocalFs(root), platform, ci, {
    urls: undefined,
    big: () => {},
  });
  const free = await (o.freeBytes ?? statfsFreeBytes)(await nearestExisting(root));
  return summarizePlan(listed.plan, free);
}

/** The preview's figures from a plan, pure. */
export function summarizePlan(plan: Plan | null, freeBytes: number): SyncPreview {
  const p: SyncPreview = {
    downloads: 0,
    bytes: 0,
    trash: 0,
    renames: 0,
    conflicts: 0,
    freeBytesAfter: freeBytes,
  };
  for (const a of plan?.actions ?? []) {
    if (a.type === 'download') {
      p.downloads++;
      p.bytes += a.item.size;
    } else if (a.type === 'trash') p.trash++;
    else if (a.type === 'move' && !a.temp) p.renames++;
    else if (a.type === 'keep-as-conflict') p.conflicts++;
  }
  p.freeBytesAfter = freeBytes - p.bytes;
  return p;
}

/** The folder itself, or the closest parent that exists (a new sync's folder is created by its first run). */
async function nearestExisting(dir: string): Promise<string> {
  let cur = dir;
  while ((await lstatOrNull(cur)) === null && path.dirname(cur) !== cur) cur = path.dirname(cur);
  return cur;
}
