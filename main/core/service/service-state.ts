/**
 * Builds the one AppState snapshot from the stored records and the runtime facts (progress, schedule,
 * sign-ins in flight). Pure: the service calls it whenever something changed and emits the result.
 */
import type { AppState, Notice, Progress, ProfileView, Quota, SyncView } from '../../../shared/model';
import { statusAction } from '../status/sync-status';
import type { Db, SyncConfigRecord } from '../store/schema';

export interface ScheduleFacts {
  running: boolean;
  queued: boolean;
  nextRunAt: number | null;
}

export interface RuntimeFacts {
  version: string;
  now: number;
  /** The client id in effect (settings or env override). */
  effectiveClientId: string;
  /** The build carries a default app registration. */
  builtInRegistration: boolean;
  progress: ReadonlyMap<string, Progress>;
  schedule: ReadonlyMap<string, ScheduleFacts>;
  signingIn: ReadonlySet<string>;
  quotas: ReadonlyMap<string, Quota>;
  secretStorage: AppState['secretStorage'];
  notices: readonly Notice[];
  /** Background syncing held by the power policy (service-power.ts). Absent: not held. */
  powerPause?: AppState['powerPause'];
  /** Is the sync live (push), and if not, why (service-live.ts). Absent: nothing is live. */
  live?: (c: SyncConfigRecord) => { live: boolean; liveReason: SyncView['liveReason'] };
}

export function buildAppState(db: Db, facts: RuntimeFacts): AppState {
  const liveOf = (c: SyncConfigRecord) => facts.live?.(c) ?? { live: false, liveReason: null };
  const profiles: ProfileView[] = db.profiles.map((p) => ({
    id: p.id,
    name: p.name,
    authState: p.authState,
    account: p.account,
    drive: p.drive ? { ...p.drive, quota: facts.quotas.get(p.id) ?? null } : null,
    signingIn: facts.signingIn.has(p.id),
    live: db.syncConfigs.some((c) => c.profileId === p.id && liveOf(c).live),
  }));

  const syncs: SyncView[] = db.syncConfigs.map((c) => syncView(c, facts.schedule.get(c.id), facts.progress, liveOf(c)));

  return {
    version: facts.version,
    configured: facts.effectiveClientId.length > 0,
    builtInRegistration: facts.builtInRegistration,
    cloud: db.cloud,
    settings: db.settings,
    profiles,
    syncs,
    // A timed pause that has run out is over, even before anything rewrites the stored value.
    pausedUntil:
      db.pausedUntil && db.pausedUntil !== 'forever' && Date.parse(db.pausedUntil) <= facts.now ? null : db.pausedUntil,
    powerPause: facts.powerPause ?? null,
    secretStorage: facts.secretStorage,
    notices: [...facts.notices],
  };
}

/** One sync's view: its stored record with the schedule's facts (none in a process that runs no scheduler). */
export function syncView(
  c: SyncConfigRecord,
  schedule: ScheduleFacts | undefined,
  progress: ReadonlyMap<string, Progress>,
  live: Pick<SyncView, 'live' | 'liveReason'> = { live: false, liveReason: null },
): SyncView {
  const running = schedule?.running ?? false;
  return {
    id: c.id,
    profileId: c.profileId,
    itemType: c.itemType,
    itemId: c.itemId,
    driveId: c.driveId,
    driveType: c.driveType,
    source: c.source,
    itemName: c.itemName,
    itemPath: c.itemPath,
    localPath: c.localPath,
    status: c.status,
    intervalMinutes: c.intervalMinutes,
    lastSyncAt: c.lastSyncAt,
    lastSyncStatus: c.lastSyncStatus,
    errorCode: c.errorCode,
    errorMessage: c.errorMessage,
    exclusions: c.exclusions,
    action: statusAction(c),
    running,
    queued: schedule?.queued ?? false,
    progress: running ? (progress.get(c.id) ?? null) : null,
    nextRunAt: c.status === 'active' && schedule?.nextRunAt != null ? new Date(schedule.nextRunAt).toISOString() : null,
    lastSuccessAt: isoOrNull(c.metadata.lastSuccessAt) ?? (c.lastSyncStatus === 'success' ? c.lastSyncAt : null),
    lastFailureAt:
      isoOrNull(c.metadata.lastFailureAt) ??
      (c.lastSyncStatus === 'failed' || c.lastSyncStatus === 'partial' ? c.lastSyncAt : null),
    pendingDeletes: c.deleteReview?.files ?? 0,
    confirmedDeletes: c.deleteReview?.confirmedAt ? c.deleteReview.files : 0,
    ...live,
    createdAt: c.createdAt,
  };
}

function isoOrNull(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}
