/**
 * The free-space check before each download, without a statfs per file: the last answer is reused for up to a
 * second, minus what the downloads started since then will write, and asked again as soon as it falls short. A
 * small-file sync asked statfs 10,000 times before; a disk that fills up between two answers still fails the write
 * with ENOSPC, which the downloader reports as disk_full all the same.
 */
import { AppError } from '../../errors';

export interface SpaceCheckOptions {
  freeBytes: (absDir: string) => Promise<number>;
  now: () => number;
  /** Room left free beyond the files themselves. */
  reserve: number;
  /** How long an answer is reused (default 1 s). */
  maxAgeMs?: number;
}

/** `reserve(absDir, bytes, label)`: resolves when `bytes` fit (and counts them as used), else throws disk_full. */
export function createSpaceCheck(o: SpaceCheckOptions): (absDir: string, bytes: number, label: string) => Promise<void> {
  const maxAge = o.maxAgeMs ?? 1_000;
  let known = { free: 0, at: -Infinity };
  return async (absDir, bytes, label) => {
    if (bytes <= 0) return;
    if (o.now() - known.at > maxAge || known.free < bytes + o.reserve) {
      known = { free: await o.freeBytes(absDir), at: o.now() };
    }
    if (known.free < bytes + o.reserve) {
      throw new AppError('disk_full', `Not enough free disk space for "${label}": ${bytes} bytes needed, ${known.free} free.`);
    }
    known.free -= bytes;
  };
}
