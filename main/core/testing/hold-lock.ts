/**
 * Test helper process: takes the data-dir lock, prints "locked", and waits to be killed.
 * Usage: node --import tsx hold-lock.ts <dataDir>
 */
import { acquireDataDirLock } from '../store/data-dir-lock';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: hold-lock <dataDir>');
acquireDataDirLock(dataDir, { purpose: 'onedrive-mirror run' }).then(
  () => {
    process.stdout.write('locked\n');
    setInterval(() => {}, 60_000);
  },
  (e: unknown) => {
    process.stdout.write(`refused ${(e as Error).message}\n`);
    process.exit(3);
  },
);
