/**
 * Test helper process: rewrites db.json as fast as it can, each generation with a different size, so that a
 * SIGKILL from the test lands in the middle of writes. Prints "gen <n>" after each completed write.
 * Usage: node --import tsx write-loop.ts <dataDir>
 */
import { silentLogger } from '../ports';
import { openDbStore } from '../store/db-store';
import { addSyncConfig } from '../store/repos';

async function main(): Promise<void> {
  const dataDir = process.argv[2];
  if (!dataDir) throw new Error('usage: write-loop <dataDir>');
  const store = await openDbStore({ dataDir, logger: silentLogger, debounceMs: 0 });
  for (let gen = 1; ; gen++) {
    store.update((db) => {
      db.syncConfigs = [];
      // generation n holds (n % 7) * 150 configs and says so in the settings: a mixed file is detectable
      for (let i = 0; i < (gen % 7) * 150; i++) {
        addSyncConfig(db, {
          profileId: null,
          itemType: 'folder',
          itemId: `item-${gen}-${i}`,
          driveId: 'd',
          itemName: `Folder ${i}`,
          itemPath: `/F/${i}`,
          localPath: `/tmp/f/${i}`,
          metadata: { gen },
          now: new Date().toISOString(),
        });
      }
      db.settings.bigDeleteFiles = gen;
    });
    await store.flush();
    process.stdout.write(`gen ${gen}\n`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
