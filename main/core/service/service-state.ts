/**
 * Builds the one AppState snapshot from the stored records and the runtime facts (progress, schedule,
 * sign-ins in flight). Pure: the service calls it whenever something changed and emits the result.
 */
import type { AppState, Notice, Progress, ProfileView, Quota, SyncView } from '../../../shared/model';
import { statusAction } from '../status/sync-status';
import type { Db } from '../store/schema';

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
  progress: ReadonlyMap<string, Progress>;
  schedule: ReadonlyMap<string, ScheduleFacts>;
  signingIn: ReadonlySet<string>;
  quotas: ReadonlyMap<string, Quota>;
  secretStorage: AppState['secretStorage'];
  notices: readonly Notice[];
}

export function buildAppState(db: Db, facts: RuntimeFacts): AppState {
  const profiles: ProfileView[] = db.profiles.map((p) => ({
    id: p.id,
    name: p.name,
    authState: p.authState,
    account: p.account,
    drive: p.drive ? { ...p.drive, quota: facts.quotas.get(p.id) ?? null } : null,
    signingIn: facts.signingIn.has(p.id),
  }));

  const syncs: SyncView[] = db.syncConfigs.map((c) => {
    const schedule = facts.schedule.get(c.id);
    const running = schedule?.running ?? false;
    return {
      id: c.id,
      profileId: c.profileId,
      itemType: c.itemType,
      itemId: c.itemId,
      driveId: c.driveId,
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
      progress: running ? (facts.progress.get(c.id) ?? null) : null,
      nextRunAt:
        c.status === 'active' && schedule?.nextRunAt != null ? new Date(schedule.nextRunAt).toISOString() : null,
      pendingDeletes: c.deleteReview?.files ?? 0,
      confirmedDeletes: c.deleteReview?.confirmedAt ? c.deleteReview.files : 0,
      createdAt: c.createdAt,
    };
  });

  return {
    version: facts.version,
    configured: facts.effectiveClientId.length > 0,
    cloud: db.cloud,
    settings: db.settings,
    profiles,
    syncs,
    // A timed pause that has run out is over, even before anything rewrites the stored value.
    pausedUntil: db.pausedUntil && db.pausedUntil !== 'forever' && Date.parse(db.pausedUntil) <= facts.now ? null : db.pausedUntil,
    secretStorage: facts.secretStorage,
    notices: [...facts.notices],
  };
}
