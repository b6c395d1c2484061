/**
 * Builds the whole core (store, activity log, auth, Graph clients, engine, scheduler, SyncService) from the
 * shell's ports. The Electron shell, the CLI and the e2e bridge all start here; only the ports differ.
 */
import path from 'node:path';
import type { CloudSettings } from '../../shared/model';
import { type BrowserOpener, type Clock, type Confirmer, type Logger, type PowerEvents, type SecretBox, type Trash, systemClock } from './ports';
import { ensurePrivateDir } from './data-dir';
import { openDbStore, type DbStore } from './store/db-store';
import { openActivityLog } from './activity/activity-log';
import { createLazyAuthManager } from './auth/lazy-auth-manager';
import { removeOrphanTokenCaches } from './auth/token-cache';
import { resolveCloud } from './auth/cloud-config';
import { AUTHORITY_METADATA_FILE } from './auth/authority-metadata';
import { builtInCloud } from './auth/built-in-cloud';
import { createDriveClient, type DriveClient } from './graph/drive-client';
import { ThrottleGate } from './graph/throttle-gate';
import { createScheduler } from './scheduler/scheduler';
import { Semaphore } from './sync/semaphore';
import { keepPendingFiles, readPendingDeletes, removeSyncState, runSync } from './sync/engine';
import { previewSync } from './sync/preview';
import { RateLimiter } from './sync/download/rate-limit';
import { loadState } from './sync/state/manifest-store';
import { SyncService } from './service/service';
import type { EngineLike, SchedulerLike, ShellLike } from './service/service-deps';
import { lazySocketIoTransport } from './live/lazy-transport';
import type { LiveTransport } from './live/transport';

export interface CoreOptions {
  dataDir: string;
  version: string;
  env: Record<string, string | undefined>;
  /** The default app registration; default: the one this build carries (null in tests and plain builds). */
  builtInCloud?: CloudSettings | null;
  logger: Logger;
  clock?: Clock;
  secretBox: (allowPlaintext: boolean) => SecretBox;
  trash: Trash;
  browserOpener: BrowserOpener;
  power?: PowerEvents;
  shell?: ShellLike;
  /** Asks the user to approve changes that send tokens or files somewhere new (see ports.ts). */
  confirmer?: Confirmer;
  /** Never writes the store (read-only CLI commands while another process owns the data dir). */
  readOnly?: boolean;
  /** Is the network back after a machine resume? (Electron: net.isOnline) */
  isNetworkUp?: () => Promise<boolean>;
  /** Notification sockets for live changes (default: socket.io-client, loaded on first use; null: none). */
  liveTransport?: LiveTransport | null;
}

export interface Core {
  service: SyncService;
  store: DbStore;
  shutdown(): Promise<void>;
}

export async function createCore(o: CoreOptions): Promise<Core> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger;
  if (!o.readOnly) await ensurePrivateDir(o.dataDir); // before anything is stored in it
  const store = await openDbStore({ dataDir: o.dataDir, logger, clock, readOnly: o.readOnly });
  // Refresh tokens of profiles that are gone (also after a db.json was set aside: its profiles must sign in again).
  if (!o.readOnly) {
    const ids = new Set(store.data.profiles.map((p) => p.id));
    await removeOrphanTokenCaches(path.join(o.dataDir, 'tokens'), ids, logger.child({ component: 'auth' }));
  }
  const activity = await openActivityLog({ file: path.join(o.dataDir, 'activity.jsonl'), clock, readOnly: o.readOnly });
  const stateDir = path.join(o.dataDir, 'state');
  const gates = new Map<string, ThrottleGate>();
  const slots = new Map<string, Semaphore>();

  const gateFor = (profileId: string) => {
    let gate = gates.get(profileId);
    if (!gate) gates.set(profileId, (gate = new ThrottleGate(clock)));
    return gate;
  };
  // Downloads are bounded per account, shared by all its syncs; the bound adapts to throttling from the setting.
  const slotsFor = (profileId: string, size: number) => {
    let s = slots.get(profileId);
    if (!s || s.size !== size) slots.set(profileId, (s = new Semaphore(size, { adaptive: true })));
    return s;
  };

  // One bucket for every download of every sync: the limit is global (settings.downloadLimit, 0: unlimited).
  const limiter = new RateLimiter(0, clock);
  const engine: EngineLike = {
    run: (input) => {
      limiter.setRate(input.downloadLimit ?? 0);
      return runSync({
        config: input.config,
        driveType: input.driveType,
        ownDriveId: input.ownDriveId,
        client: input.client as DriveClient,
        stateDir,
        trash: o.trash,
        logger: logger.child({ syncId: input.config.id }),
        signal: input.signal,
        downloadSlots: slotsFor(input.profileId, input.parallelDownloads),
        bigDelete: input.bigDelete,
        confirmedDeletes: input.confirmedDeletes,
        onProgress: input.onProgress,
        onActivity: input.onActivity,
        pace: (bytes, signal) => limiter.take(bytes, signal),
      });
    },
    pendingDeletes: (id) => readPendingDeletes(stateDir, id),
    keepPendingFiles: (id) => keepPendingFiles(stateDir, id),
    topLevelPaths: async (id) => {
      const state = await loadState(stateDir, id);
      return [...(state?.manifest.values() ?? [])].map((e) => e.path).filter((p) => p !== '' && !p.includes('/'));
    },
    removeState: (id) => removeSyncState(stateDir, id),
    stateSize: async (id) => {
      const state = await loadState(stateDir, id);
      let files = 0;
      let bytes = 0;
      for (const e of state?.manifest.values() ?? []) {
        if (e.kind !== 'file') continue;
        files++;
        bytes += e.size;
      }
      return { files, bytes };
    },
    preview: (input) =>
      previewSync({
        config: input.config,
        driveType: input.driveType,
        client: input.client as DriveClient,
        signal: input.signal,
        stateDir,
      }),
  };

  const service: SyncService = new SyncService({
    version: o.version,
    dataDir: o.dataDir,
    env: o.env,
    builtInCloud: o.builtInCloud === undefined ? builtInCloud : o.builtInCloud,
    store,
    activity,
    engine,
    clock,
    logger,
    trash: o.trash,
    browserOpener: o.browserOpener,
    power: o.power,
    shell: o.shell,
    confirmer: o.confirmer,
    secretBox: o.secretBox,
    createAuth: (cloud: CloudSettings, secretBox: SecretBox) =>
      createLazyAuthManager({
        cloud: resolveCloud(cloud, o.env),
        tokensDir: path.join(o.dataDir, 'tokens'),
        authorityMetadataFile: path.join(o.dataDir, AUTHORITY_METADATA_FILE),
        secretBox,
        browserOpener: o.browserOpener,
        logger: logger.child({ component: 'auth' }),
        clock,
      }),
    createDriveClient: ({ cloud, profileId, getToken }) =>
      createDriveClient({
        graphUrl: resolveCloud(cloud, o.env).graphUrl,
        getToken,
        gate: gateFor(profileId),
        logger: logger.child({ component: 'graph' }),
        now: () => clock.now(),
      }),
    liveTransport: o.liveTransport === null ? undefined : (o.liveTransport ?? lazySocketIoTransport()),
    createScheduler: (run): SchedulerLike =>
      createScheduler({
        clock,
        logger: logger.child({ component: 'scheduler' }),
        maxConcurrent: store.data.settings.maxConcurrentRuns,
        pausedUntil: pausedFrom(store.data.pausedUntil),
        run,
        power: o.power,
        isNetworkUp: o.isNetworkUp,
      }),
    initialNotices: store.recovered
      ? [
          {
            kind: 'store_recovered',
            message: `The settings file was unreadable (${store.recovered.reason}). It was kept as ${store.recovered.movedTo} and a fresh one was started: add your profiles and syncs again.`,
          },
        ]
      : [],
  });

  return {
    service,
    store,
    shutdown: async () => {
      await service.shutdown();
      await activity.close?.();
      await store.close();
    },
  };
}

function pausedFrom(stored: string | null): number | 'forever' | null {
  if (stored === 'forever') return 'forever';
  if (!stored) return null;
  const t = Date.parse(stored);
  return Number.isFinite(t) ? t : null;
}
