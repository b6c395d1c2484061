/**
 * Builds the whole core (store, activity log, auth, Graph clients, engine, scheduler, SyncService) from the
 * shell's ports. The Electron shell, the CLI and the e2e bridge all start here; only the ports differ.
 */
import path from 'node:path';
import type { CloudSettings } from '../../shared/model';
import {
  type BrowserOpener,
  type Clock,
  type Confirmer,
  type Logger,
  type PowerEvents,
  type SecretBox,
  type Trash,
  systemClock,
} from './ports';
import { ensurePrivateDir } from './data-dir';
import { openDbStore, type DbStore } from './store/db-store';
import { openActivityLog } from './activity/activity-log';
import { createLazyAuthManager } from './auth/lazy-auth-manager';
import { removeOrphanTokenCaches } from './auth/token-cache';
import { resolveCloud } from './auth/cloud-config';
import { AUTHORITY_METADATA_FILE } from './auth/authority-metadata';
import { builtInCloud } from './auth/built-in-cloud';
import { createDriveClient } from './graph/drive-client';
import { ThrottleGate } from './graph/throttle-gate';
import { createScheduler } from './scheduler/scheduler';
import { keepPendingFiles, readPendingDeletes } from './sync/state/engine-pending';
import { loadState, removeSyncState } from './sync/state/manifest-store';
import { createHostedEngine } from './engine-host/hosted-engine';
import { inProcessHost } from './engine-host/in-process-channel';
import type { HostChannel } from './engine-host/protocol';
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
  /**
   * Where sync runs execute (engine-host/): a function starting a host thread or process (the app's utility
   * process, the CLI's worker), or in this process (default). ODM_ENGINE_HOST=inprocess|worker overrides it.
   */
  engineHost?: EngineHostChoice;
  /** Start the engine host at once (a command that runs a sync): it loads while the store opens. */
  warmEngine?: boolean;
}

export type EngineHostChoice = 'inprocess' | 'worker' | (() => HostChannel);

/** The host starter for a choice (the env override first: diagnosis and tests). */
export function engineHostStarter(
  choice: EngineHostChoice | undefined,
  env: Record<string, string | undefined>,
): () => HostChannel {
  const wanted =
    env.ODM_ENGINE_HOST === 'inprocess' || env.ODM_ENGINE_HOST === 'worker' ? env.ODM_ENGINE_HOST : (choice ?? 'inprocess');
  if (typeof wanted === 'function') return wanted;
  if (wanted === 'inprocess') return inProcessHost;
  // Loaded only when chosen: worker_threads and the entry lookup.
  return () => lazyChannel(import('./engine-host/worker-channel').then((m) => m.workerHost()));
}

/** A channel whose host is still being started: messages wait for it. */
function lazyChannel(started: Promise<HostChannel>): HostChannel {
  return {
    post: (m) => void started.then((ch) => ch.post(m)),
    onMessage: (l) => void started.then((ch) => ch.onMessage(l)),
    onExit: (l) =>
      void started.then(
        (ch) => ch.onExit(l),
        (e: unknown) => l(String(e)),
      ),
    terminate: () =>
      started.then(
        (ch) => ch.terminate(),
        () => undefined,
      ),
  };
}

export interface Core {
  service: SyncService;
  store: DbStore;
  shutdown(): Promise<void>;
}

export async function createCore(o: CoreOptions): Promise<Core> {
  const clock = o.clock ?? systemClock;
  const logger = o.logger;
  const gates = new Map<string, ThrottleGate>();
  const gateFor = (profileId: string) => {
    let gate = gates.get(profileId);
    if (!gate) gates.set(profileId, (gate = new ThrottleGate(clock)));
    return gate;
  };
  // Runs and previews execute in the engine host (its own thread or process); main keeps the sign-ins, the trash
  // and the log. The small state-file reads below stay here: one-shot, and commands that run nothing need no host.
  const hosted = createHostedEngine({
    start: engineHostStarter(o.engineHost, o.env),
    trash: o.trash,
    logger,
    gateFor,
  });
  if (o.warmEngine) hosted.warm();
  const { store, activity } = await openStores(o, clock).catch(async (e: unknown) => {
    await hosted.close(); // a warmed host must not keep the process alive
    throw e;
  });
  const stateDir = path.join(o.dataDir, 'state');
  const graphUrl = (cloud: CloudSettings) => resolveCloud(cloud, o.env).graphUrl;
  const engine: EngineLike = {
    run: (input) =>
      hosted.run({
        params: {
          config: input.config,
          driveType: input.driveType,
          ownDriveId: input.ownDriveId,
          profileId: input.profileId,
          graphUrl: graphUrl(input.cloud),
          stateDir,
          confirmedDeletes: input.confirmedDeletes,
          parallelDownloads: input.parallelDownloads,
          downloadLimit: input.downloadLimit ?? 0,
          bigDelete: input.bigDelete,
        },
        getToken: input.getToken,
        signal: input.signal,
        onProgress: input.onProgress,
        onActivity: input.onActivity,
      }),
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
      hosted.preview({
        params: {
          config: input.config,
          driveType: input.driveType,
          profileId: input.profileId,
          graphUrl: graphUrl(input.cloud),
          stateDir,
        },
        getToken: input.getToken,
        signal: input.signal,
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
        graphUrl: graphUrl(cloud),
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
      await hosted.close();
      await activity.close?.();
      await store.close();
    },
  };
}

async function openStores(
  o: CoreOptions,
  clock: Clock,
): Promise<{ store: DbStore; activity: Awaited<ReturnType<typeof openActivityLog>> }> {
  const logger = o.logger;
  if (!o.readOnly) await ensurePrivateDir(o.dataDir); // before anything is stored in it
  const store = await openDbStore({ dataDir: o.dataDir, logger, clock, readOnly: o.readOnly });
  // Refresh tokens of profiles that are gone (also after a db.json was set aside: its profiles must sign in again).
  if (!o.readOnly) {
    const ids = new Set(store.data.profiles.map((p) => p.id));
    await removeOrphanTokenCaches(path.join(o.dataDir, 'tokens'), ids, logger.child({ component: 'auth' }));
  }
  const activity = await openActivityLog({ file: path.join(o.dataDir, 'activity.jsonl'), clock, readOnly: o.readOnly });
  return { store, activity };
}

function pausedFrom(stored: string | null): number | 'forever' | null {
  if (stored === 'forever') return 'forever';
  if (!stored) return null;
  const t = Date.parse(stored);
  return Number.isFinite(t) ? t : null;
}
