import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIVE_STATUS_FILE, readLiveStatus, removeLiveStatus, writeLiveStatus } from './status-file';

describe('published live status', () => {
  it('is read back while its process lives, and ignored once it is gone or the file is bad', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'odm-live-status-'));
    expect(await readLiveStatus(dir)).toBeNull();
    await writeLiveStatus(dir, { s1: { live: true, liveReason: null } });
    expect(await readLiveStatus(dir)).toEqual({
      pid: process.pid,
      syncs: { s1: { live: true, liveReason: null } },
    });
    // A crashed owner leaves the file behind: a pid no process has.
    await writeFile(path.join(dir, LIVE_STATUS_FILE), JSON.stringify({ pid: 2 ** 22 + 12345, syncs: { s1: { live: true } } }));
    expect(await readLiveStatus(dir)).toBeNull();
    await writeFile(path.join(dir, LIVE_STATUS_FILE), '{torn');
    expect(await readLiveStatus(dir)).toBeNull();
    await removeLiveStatus(dir);
    expect(await readLiveStatus(dir)).toBeNull();
  });
});
