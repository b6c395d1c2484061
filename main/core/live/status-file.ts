/**
 * `<dataDir>/live.json`: the data dir's owner (the app or `onedrive-mirror run`) publishes which syncs are live,
 * so a one-shot `sync list` in another process can report it. Written atomically when the statuses change and
 * removed at shutdown; a file whose process is gone is ignored (a crash leaves it behind).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { LiveReason } from '../../../shared/model';
import { writeFileAtomic } from '../store/atomic-file';

export const LIVE_STATUS_FILE = 'live.json';

export interface PublishedLive {
  pid: number;
  syncs: Record<string, { live: boolean; liveReason: LiveReason | null }>;
}

export function writeLiveStatus(dataDir: string, syncs: PublishedLive['syncs']): Promise<number> {
  return writeFileAtomic(
    path.join(dataDir, LIVE_STATUS_FILE),
    JSON.stringify({ pid: process.pid, syncs } satisfies PublishedLive),
  );
}

export async function removeLiveStatus(dataDir: string): Promise<void> {
  await fs.rm(path.join(dataDir, LIVE_STATUS_FILE), { force: true });
}

/** What the owner published, or null when nothing is running (no file, unreadable, or its process is gone). */
export async function readLiveStatus(dataDir: string): Promise<PublishedLive | null> {
  try {
    const parsed = JSON.parse(await fs.readFile(path.join(dataDir, LIVE_STATUS_FILE), 'utf8')) as PublishedLive;
    if (typeof parsed?.pid !== 'number' || typeof parsed.syncs !== 'object' || parsed.syncs === null) return null;
    return isAlive(parsed.pid) ? parsed : null;
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
