/**
 * What SyncService needs from the rest of the core, as structural interfaces. compose.ts wires the real
 * implementations (store, auth, scheduler, engine, activity log); service tests can pass small fakes.
 */
import type {
  ActivityEntry,
  ActivityKind,
  CloudSettings,
  DriveType,
  Progress,
  SignedInAccount,
  SyncPreview,
} from '../../../shared/model';
import type { RunOutcome } from '../run-outcome';
import type { BrowserOpener, Clock, Confirmer, Logger, PowerEvents, SecretBox, Trash } from '../ports';
import type { Db, SyncConfigRecord } from '../store/schema';
import type { Drive, DriveItem, User } from '../graph/types';
import type { RunSummary } from '../sync/types';
import type { LiveTransport } from '../live/transport';

export interface StoreLike {
  readonly data: Db;
  /** Applies `fn` to the database and returns what it returns; nothing changes if it throws. */
  update<T>(fn: (db: Db) => T): T;
  on(event: 'change', listener: () => void): () => void;
  flush(): Promise<void>;
}

export type { SignedInAccount };

export interface AuthLike {
  signInInteractive(
    profileId: string,
    o: { signal?: AbortSignal; expectHomeAccountId?: string; expectUsername?: string; extraScopes?: readonly string[] },
  ): Promise<SignedInAccount>;
  signInDeviceCode(
    profileId: string,
    o: {
      onMessage: (message: string) => void;
      signal?: AbortSignal;
      expectHomeAccountId?: string;
      expectUsername?: string;
      extraScopes?: readonly string[];
    },
  ): Promise<SignedInAccount>;
  token(profileId: string, homeAccountId: string, o?: { forceRefresh?: boolean; scopes?: readonly string[] }): Promise<string>;
  signOut(profileId: string, homeAccountId: string | null): Promise<void>;
  dispose(): void;
}

export interface DriveClientLike {
  readonly requests: number;
  getMe(): Promise<User>;
  getDrive(driveId?: string): Promise<Drive>;
  getItem(driveId: string, itemId: string): Promise<DriveItem>;
  getItemByPath(driveId: string, path: string): Promise<DriveItem>;
  listChildren(driveId: string, itemId: string, signal?: AbortSignal): AsyncIterable<DriveItem[]>;
  /** Graph's socketIo push endpoint for the drive (live changes); fakes may leave it out. */
  socketIoEndpoint?(driveId: string): Promise<{ notificationUrl: string; expiresAt: number | null }>;
  /** Any Graph GET (sites, shares): graph/browse.ts. */
  getJson<T>(path: string, signal?: AbortSignal): Promise<T>;
}

export type { RunOutcome };

export interface ScheduleEntry {
  running: boolean;
  queued: boolean;
  nextRunAt: number | null;
}

export interface SchedulerLike {
  setConfigs(configs: { id: string; intervalMinutes: number; active: boolean; lastRunEndAt: number | null }[]): void;
  runNow(id: string): boolean;
  /** Abort this config's running run, if any (pause, remove). */
  cancel(id: string): Promise<void>;
  setMaxConcurrent(n: number): void;
  pauseAll(until: number | 'forever'): void;
  resumeAll(): void;
  /** Hold background runs for the power policy (battery, metered); "Sync now" still runs. */
  holdBackground(hold: boolean): void;
  snapshot(): ReadonlyMap<string, ScheduleEntry>;
  on(event: 'change', cb: () => void): () => void;
  on(event: 'runEnd', cb: (id: string, outcome: RunOutcome) => void): () => void;
  stop(): Promise<void>;
}

export type SchedulerFactory = (
  run: (configId: string, ctx: { signal: AbortSignal; progress: () => void }) => Promise<RunOutcome>,
) => SchedulerLike;

export interface ActivityLike {
  append(entry: {
    kind: ActivityKind;
    syncId: string | null;
    message: string;
    path: string | null;
    details?: ActivityEntry['details'];
  }): void;
  list(q: {
    before: number | null;
    limit: number;
    kinds: ActivityKind[] | null;
    syncId: string | null;
  }): Promise<{ entries: ActivityEntry[]; total: number }>;
  flush?(): Promise<void>;
}

export interface EngineRunInput {
  config: SyncConfigRecord;
  /** The drive the config's item lives on (config.driveType; its driveId is on the config). */
  driveType: DriveType;
  /** The profile's own drive, so the engine can tell a folder shared from another business drive (walked). */
  ownDriveId: string | null;
  client: unknown;
  signal: AbortSignal;
  profileId: string;
  /** The cloud in effect and an access token of the profile: what a Graph client in the engine host needs. */
  cloud: CloudSettings;
  getToken: (o: { forceRefresh: boolean }) => Promise<string>;
  /** The deletions the user confirmed after a stopped run (stored on the config), or null. */
  confirmedDeletes: { files: number; fingerprint: string } | null;
  parallelDownloads: number;
  /** Bytes per second for all downloads of all syncs together (settings); 0: unlimited. */
  downloadLimit?: number;
  bigDelete: { files: number };
  onProgress: (p: Progress) => void;
  onActivity: (e: { kind: ActivityKind; path: string | null; message: string }) => void;
}

/** The sync engine as the service uses it (adapted in compose.ts). */
export interface EngineLike {
  run(input: EngineRunInput): Promise<RunSummary>;
  pendingDeletes(configId: string): Promise<{ path: string; size: number }[]>;
  /** Stops tracking the files a stopped run wanted to trash; resolves to how many. */
  keepPendingFiles(configId: string): Promise<number>;
  /** Relative paths of the mirror's top-level entries (for "remove and delete local files"). */
  topLevelPaths(configId: string): Promise<string[]>;
  removeState(configId: string): Promise<void>;
  /** Files and bytes the stored state tracks (what a fresh download of everything would fetch, as last listed). */
  stateSize(configId: string): Promise<{ files: number; bytes: number }>;
  /** What the next run would do, with nothing written (preview.ts). */
  preview?(
    input: Pick<EngineRunInput, 'config' | 'driveType' | 'client' | 'signal' | 'profileId' | 'cloud' | 'getToken'>,
  ): Promise<SyncPreview>;
}

/** Desktop-only abilities; the CLI and the bridge may lack them. */
export interface ShellLike {
  chooseDirectory?(defaultPath: string | null): Promise<string | null>;
  openPath?(path: string): Promise<void>;
  setLaunchAtLogin?(enabled: boolean): Promise<void>;
}

export interface ServiceDeps {
  version: string;
  dataDir: string;
  /** The user's home folder (default os.homedir()): mirrors may not write into it or its credential folders. */
  home?: string;
  env: Record<string, string | undefined>;
  /** The build's default app registration (auth/built-in-cloud.ts), used while none is stored; null: none. */
  builtInCloud?: CloudSettings | null;
  store: StoreLike;
  activity: ActivityLike;
  engine: EngineLike;
  clock: Clock;
  logger: Logger;
  trash: Trash;
  browserOpener: BrowserOpener;
  power?: PowerEvents;
  shell?: ShellLike;
  /** Native confirmations (cloud changes, plaintext tokens, sync folders). Without one, such changes are refused. */
  confirmer?: Confirmer;
  /** Secrets protection in effect, given the user's choice about plaintext. */
  secretBox: (allowPlaintext: boolean) => SecretBox;
  createAuth: (cloud: CloudSettings, secretBox: SecretBox) => AuthLike;
  createDriveClient: (o: {
    cloud: CloudSettings;
    profileId: string;
    getToken: (o: { forceRefresh: boolean }) => Promise<string>;
  }) => DriveClientLike;
  createScheduler: SchedulerFactory;
  /** Opens notification sockets for live changes; without one (tests, one-shot commands) syncs only use intervals. */
  liveTransport?: LiveTransport;
  /** Notices to show at start (e.g. the store was recovered from a corrupt file). */
  initialNotices?: { kind: 'store_recovered' | 'info'; message: string }[];
}
