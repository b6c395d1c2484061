/**
 * Crash-safe file replacement: the new content goes to a temp file in the same directory, is fsynced, and is
 * renamed over the target. A reader (or a restart after a crash) sees the old file or the new one, never half.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Temp files are named `<base>.<random>.tmp` so a start-up sweep can find leftovers of a crash. */
export function tempNameFor(target: string): string {
  return `${target}.${randomBytes(6).toString('hex')}.tmp`;
}

/**
 * `content` may come as chunks (a generator that encodes as it goes): each is written before the next is asked
 * for, so a big file never exists as one string and the event loop runs between chunks. Returns the bytes written.
 */
export async function writeFileAtomic(target: string, content: string | Uint8Array | Iterable<string>): Promise<number> {
  const tmp = tempNameFor(target);
  const handle = await fs.open(tmp, 'w', 0o600);
  let bytes = 0;
  try {
    if (typeof content === 'string' || content instanceof Uint8Array) {
      await handle.writeFile(content);
      bytes = typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
    } else {
      for (const chunk of content) {
        // A short write (a disk filling up) must not leave a truncated file to be renamed into place.
        const buf = Buffer.from(chunk, 'utf8');
        for (let done = 0; done < buf.length;) {
          const { bytesWritten } = await handle.write(buf, done, buf.length - done);
          if (bytesWritten === 0) throw Object.assign(new Error(`No room to write ${target}`), { code: 'ENOSPC' });
          done += bytesWritten;
        }
        bytes += buf.length;
      }
    }
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => {});
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  await handle.close();
  try {
    await fs.rename(tmp, target);
  } catch (e) {
    await fs.rm(tmp, { force: true }).catch(() => {});
    throw e;
  }
  await syncDir(path.dirname(target));
  return bytes;
}

/** Makes the rename durable. Directories cannot be opened for fsync on Windows: best effort. */
async function syncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some file systems refuse fsync on a directory; the rename itself is still atomic.
  }
}

/** Removes `<base>.*.tmp` leftovers of writes that a crash interrupted. */
export async function removeStaleTempFiles(target: string): Promise<number> {
  const dir = path.dirname(target);
  const prefix = `${path.basename(target)}.`;
  let removed = 0;
  for (const name of await fs.readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) {
      await fs.rm(path.join(dir, name), { force: true }).catch(() => {});
      removed++;
    }
  }
  return removed;
}
