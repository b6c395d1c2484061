/** Issue 13, item 5: the data dir, its logs and its lock are private to the user. */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from './compose';
import { createLogger } from './log/logger';
import { silentLogger } from './ports';
import { acquireDataDirLock } from './store/data-dir-lock';

let base = '';
beforeEach(async () => {
  base = await fs.mkdtemp(path.join(os.tmpdir(), 'odm-modes-'));
});
afterEach(async () => {
  await fs.rm(base, { recursive: true, force: true });
});
const mode = async (p: string) => (await fs.stat(p)).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data dir modes (POSIX; Windows has none)', () => {
  it('makes a data dir an earlier version created 0755 private when the core opens it', async () => {
    const dataDir = path.join(base, 'data');
    await fs.mkdir(dataDir, { mode: 0o755 });
    await fs.chmod(dataDir, 0o755);
    const core = await createCore({
      dataDir,
      version: '0.0.0-test',
      env: {},
      logger: silentLogger,
      secretBox: () => ({
        protection: 'plaintext',
        encrypt: (s) => Buffer.from(s),
        decrypt: (b) => b.toString(),
      }),
      trash: { trash: async () => {} },
      browserOpener: { open: async () => {} },
    });
    await core.shutdown();
    expect(await mode(dataDir)).toBe(0o700);
    expect(await mode(path.join(dataDir, 'db.json'))).toBe(0o600);
  });

  it('creates logs/ 0700 (and a missing data dir with it) and the log file 0600', async () => {
    const logs = path.join(base, 'data', 'logs');
    const logger = createLogger({ dir: logs, name: 'app' });
    logger.info('hello');
    await logger.flush();
    logger.close();
    expect(await mode(path.join(base, 'data'))).toBe(0o700);
    expect(await mode(logs)).toBe(0o700);
    expect(await mode(path.join(logs, 'app.log'))).toBe(0o600);
  });

  it('writes the data-dir lock file 0600', async () => {
    const lock = await acquireDataDirLock(base);
    try {
      expect(await mode(path.join(base, 'lock'))).toBe(0o600);
    } finally {
      await lock.release();
    }
  });
});
