/**
 * `sync list` without opening the core: the views from db.json read by hand (store/db-peek.ts), as a process that
 * runs no scheduler shows them. Null when only the full store can answer (no file, a migration, anything odd).
 */
import { peekSyncConfigs } from '../core/store/db-peek';
import { syncView } from '../core/service/service-state';
import type { SyncView } from '../../shared/model';

export async function peekSyncViews(dataDir: string): Promise<SyncView[] | null> {
  const configs = await peekSyncConfigs(dataDir);
  return configs && configs.map((c) => syncView(c, undefined, new Map()));
}
