/**
 * SyncService: the one facade over the core, used by the IPC router, the tray, the e2e bridge and the CLI.
 * It owns the state snapshot and emits it on change (coalesced); commands arrive through `handlers`, one per
 * contract command, called through `dispatch.ts` (IPC router, bridge and CLI alike), which validates the input.
 */
import type { RunSummary } from '../sync/types';
import type { AppNotification, CommandHandlers, NavTarget } from '../../../shared/ipc';
import type { AppState, ErrorCode, Progress } from '../../../shared/model';
import path from 'node:path';
import { AppError } from '../errors';
import { TypedEmitter } from '../typed-emitter';
import { buildAppState } from './service-state';
import { applyStatus, nextStatus } from '../status/sync-status';
import { ServiceContext } from './service-context';
import { ProfileCommands } from './service-profiles';
import { SyncCommands } from './service-syncs';
import { CloudCommands } from './service-cloud';
import { browseSources, type BrowseRequest, type BrowseResult } from './service-browse';
import { SyncRunner } from './service-runner';
import { ServiceLive } from './service-live';
import { ServicePower } from './service-power';
import type { PowerSource } from '../ports';
import type { RunOutcome, ServiceDeps } from './service-deps';
import type { ProfileRecord, SyncConfigRecord } from '../store/schema';
import { syncConfigDraft } from '../store/repos';
import type { Exclusions, SyncPreview } from '../../../shared/model';

export interface ServiceEvents extends Record<string, unknown> {
  state: AppState;
  notification: AppNotification;
  navigate: NavTarget;
}

export interface RunReport {
  id: string;
  ok: boolean;
  code: ErrorCode | null;
  message: string | null;
  summary: RunSummary | null;
}

/** Coalesce state emissions: at most one per this many ms. */
const STATE_EMIT_MS = 50;

export class SyncService {
  readonly events = new TypedEmitter<ServiceEvents>();
  readonly profiles: ProfileCommands;
  readonly syncs: SyncCommands;
  readonly cloud: CloudCommands;
  private readonly ctx: ServiceContext;
  private readonly runner: SyncRunner;
  /** Live changes (push subscriptions); started with start(). */
  readonly live: ServiceLive;
  /** The power policy (battery, metered): fed by the app's PowerSource through attachPower. */
  private readonly power: ServicePower;
  private state: AppState | null = null;
  private emitTimer: ReturnType<typeof setTimeout> | null = null;
  private unsubscribers: (() => void)[] = [];
  private started = false;

  constructor(readonly deps: ServiceDeps) {
    this.ctx = new ServiceContext(
      deps,
      () => this.changed(),
      (n) => this.notify(n),
    );
    this.profiles = new ProfileCommands(this.ctx);
    this.syncs = new SyncCommands(this.ctx);
    this.cloud = new CloudCommands(this.ctx);
    this.runner = new SyncRunner(this.ctx, (config, message, kind) =>
      this.notify({
        kind,
        title: kind === 'confirm_deletes' ? `Review deletions in ${config.itemName}` : `${config.itemName} keeps failing`,
        body: message,
        profileId: config.profileId,
        syncId: config.id,
      }),
    );
    this.ctx.scheduler = deps.createScheduler((id, run) => this.runner.run(id, run));
    this.live = new ServiceLive(this.ctx);
    this.power = new ServicePower(this.ctx, () => {
      this.live.feed();
      this.changed();
    });
    for (const n of deps.initialNotices ?? []) {
      this.ctx.notices.push({ id: `${n.kind}:${this.ctx.notices.length}`, kind: n.kind, message: n.message, profileId: null });
    }
  }

  /** Start scheduling: the app and `onedrive-mirror run`. One-shot CLI commands never call it. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.unsubscribers.push(
      this.deps.store.on('change', () => {
        this.feedScheduler();
        this.power.evaluate(); // the pause-on-battery/metered settings
        this.live.feed();
        this.changed();
      }),
      this.ctx.scheduler.on('change', () => {
        this.live.feed(); // a timed pause that ended
        this.changed();
      }),
    );
    const paused = this.ctx.db.pausedUntil;
    if (paused === 'forever') this.ctx.scheduler.pauseAll('forever');
    else if (paused && Date.parse(paused) > this.deps.clock.now()) this.ctx.scheduler.pauseAll(Date.parse(paused));
    this.feedScheduler();
    this.live.start();
  }

  /**
   * The machine's power facts (the app's powerMonitor). The CLI never attaches one: its commands run on demand and
   * `run` syncs whatever the power.
   */
  attachPower(source: PowerSource): void {
    this.power.attach(source);
  }

  /** Stop the scheduler cleanly (running syncs stop at the next file boundary), then flush what is stored. */
  async shutdown(): Promise<void> {
    for (const off of this.unsubscribers.splice(0)) off();
    this.power.detach();
    await this.live.stop();
    await this.ctx.scheduler.stop();
    if (this.emitTimer) clearTimeout(this.emitTimer);
    this.ctx.resetAuth();
    await this.deps.activity.flush?.();
    await this.deps.store.flush();
  }

  /** What a profile can mirror beyond My files (service-browse.ts). */
  browseSources(profileId: string, request: BrowseRequest): Promise<BrowseResult> {
    return browseSources(this.ctx, profileId, request);
  }

  getState(): AppState {
    this.state ??= this.buildState();
    return this.state;
  }

  on<E extends keyof ServiceEvents>(event: E, listener: (payload: ServiceEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * Run one config now and wait for it (CLI `sync run`). Like the Retry action, a config stopped by an error
   * is tried again, except one waiting for its deletions to be reviewed.
   */
  async runOnce(id: string, signal: AbortSignal, onProgress: (p: Progress) => void = () => {}): Promise<RunReport> {
    const config = this.ctx.sync(id);
    if (config.status === 'inactive') {
      return { id: config.id, ok: false, code: 'bad_input', message: 'paused: resume it first', summary: null };
    }
    if (config.status === 'error' && config.errorCode === 'confirm_deletes') {
      return { id: config.id, ok: false, code: 'confirm_deletes', message: config.errorMessage, summary: null };
    }
    if (nextStatus(config, { kind: 'run_once' }) !== config) {
      this.deps.store.update((db) => {
        const c = db.syncConfigs.find((x) => x.id === config.id);
        if (c) applyStatus(c, { kind: 'run_once' });
      });
    }
    this.runner.lastSummary.delete(config.id);
    const outcome = await this.runner.run(config.id, { signal, progress: onProgress });
    const after = this.ctx.sync(config.id);
    const summary = this.runner.lastSummary.get(config.id) ?? null;
    return outcome.ok
      ? { id: config.id, ok: true, code: null, message: null, summary }
      : { id: config.id, ok: false, code: outcome.code, message: after.errorMessage, summary };
  }

  /**
   * What the next run of a sync would do, or the first run of one not added yet (the add-sync flow), with nothing
   * written: no state, no folder, no db.json change.
   */
  async preview(
    target: { id: string } | { profileId: string; driveId: string; itemId: string; localPath: string; exclusions?: Exclusions },
    signal: AbortSignal,
  ): Promise<SyncPreview> {
    const engine = this.deps.engine;
    if (!engine.preview) throw new AppError('internal', 'Previews are not available here.');
    let config: SyncConfigRecord;
    if ('id' in target) {
      config = this.ctx.sync(target.id);
    } else {
      const item = await this.ctx.clientFor(target.profileId).getItem(target.driveId, target.itemId);
      const now = new Date(this.deps.clock.now()).toISOString();
      // Never stored: its id names no state file, so the preview is that of a first run.
      config = syncConfigDraft({ ...target, itemType: item.file ? 'file' : 'folder', itemName: item.name ?? item.id, now });
    }
    if (!config.profileId) throw new AppError('bad_input', 'Please re-enable sync to assign user credentials');
    const profile = this.ctx.profile(config.profileId);
    return engine.preview({
      config,
      driveType: profile.drive?.driveType ?? 'personal',
      client: this.ctx.clientFor(profile.id),
      profileId: profile.id,
      cloud: this.ctx.cloud,
      getToken: this.ctx.tokenSource(profile.id),
      signal,
    });
  }

  onRunEnd(cb: (id: string, outcome: RunOutcome) => void): () => void {
    return this.ctx.scheduler.on('runEnd', cb);
  }

  findSync(id: string): SyncConfigRecord {
    return this.ctx.sync(id);
  }

  findProfile(nameOrId: string): ProfileRecord {
    return this.ctx.profileByName(nameOrId);
  }

  private feedScheduler(): void {
    this.ctx.scheduler.setConfigs(
      this.ctx.db.syncConfigs.map((c) => ({
        id: c.id,
        intervalMinutes: c.intervalMinutes,
        active: c.status === 'active',
        lastRunEndAt: c.lastSyncAt ? Date.parse(c.lastSyncAt) : null,
      })),
    );
  }

  private buildState(): AppState {
    return buildAppState(this.ctx.db, {
      version: this.deps.version,
      now: this.deps.clock.now(),
      effectiveClientId: this.ctx.cloud.clientId,
      builtInRegistration: this.ctx.builtInCloud !== null,
      progress: this.ctx.progress,
      schedule: this.ctx.scheduler.snapshot(),
      signingIn: new Set(this.ctx.signingIn.keys()),
      quotas: this.ctx.quotas,
      secretStorage: this.ctx.secretBox().protection,
      notices: this.ctx.currentNotices(),
      powerPause: this.ctx.powerPause,
      live: (c) => this.live.view(c),
    });
  }

  private changed(): void {
    this.state = null;
    if (this.emitTimer) return;
    this.emitTimer = setTimeout(() => {
      this.emitTimer = null;
      this.events.emit('state', this.getState());
    }, STATE_EMIT_MS);
    this.emitTimer.unref?.();
  }

  /** The shell decides whether to show it (settings.notifications); the in-app prompts stay either way. */
  private notify(n: AppNotification): void {
    this.events.emit('notification', n);
  }

  private profileView(p: ProfileRecord) {
    const view = this.getStateFresh().profiles.find((x) => x.id === p.id);
    if (!view) throw new AppError('not_found', 'The profile is gone.');
    return view;
  }

  private syncView(c: SyncConfigRecord) {
    const view = this.getStateFresh().syncs.find((x) => x.id === c.id);
    if (!view) throw new AppError('not_found', 'The sync is gone.');
    return view;
  }

  private getStateFresh(): AppState {
    this.state = null;
    return this.getState();
  }

  readonly handlers: CommandHandlers = {
    'app:getState': async () => this.getState(),
    'app:openLogs': async () => {
      if (!this.deps.shell?.openPath) throw new AppError('bad_input', 'Opening folders is not available here.');
      await this.deps.shell.openPath(path.join(this.deps.dataDir, 'logs'));
      return null;
    },
    'app:dismissNotice': async ({ id }) => {
      const i = this.ctx.notices.findIndex((n) => n.id === id);
      if (i >= 0) this.ctx.notices.splice(i, 1);
      this.changed();
      return null;
    },
    'settings:update': async (patch) => {
      if (patch.launchAtLogin !== undefined) await this.deps.shell?.setLaunchAtLogin?.(patch.launchAtLogin);
      this.deps.store.update((db) => void Object.assign(db.settings, patch));
      if (patch.maxConcurrentRuns) this.ctx.scheduler.setMaxConcurrent(patch.maxConcurrentRuns);
      return this.ctx.db.settings;
    },
    'cloud:update': async (cloud) => {
      await this.cloud.update(cloud, { fromRenderer: true });
      return null;
    },
    'secrets:allowPlaintext': async ({ allow }) => {
      await this.cloud.allowPlaintext(allow);
      return null;
    },
    'profile:add': async ({ name }) => this.profileView(this.profiles.add(name)),
    'profile:rename': async ({ id, name }) => this.profileView(this.profiles.rename(id, name)),
    'profile:remove': async ({ id }) => {
      await this.profiles.remove(id);
      return null;
    },
    'profile:connect': async ({ id }) => this.profileView(await this.profiles.connect(id)),
    'profile:cancelConnect': async ({ id }) => {
      this.profiles.cancelConnect(id);
      return null;
    },
    'profile:signOut': async ({ id }) => this.profileView(await this.profiles.signOut(id)),
    'browse:list': async ({ profileId, itemId }) => this.profiles.browse(profileId, itemId),
    'browse:sources': async ({ profileId, request }) => this.browseSources(profileId, request),
    'profile:grantSites': async ({ id }) => this.profileView(await this.profiles.grantSites(id)),
    'sync:add': async (input) => this.syncView(await this.syncs.add(input, { by: 'renderer' })),
    'sync:update': async ({ id, ...patch }) => this.syncView(await this.syncs.update(id, patch, { by: 'renderer' })),
    'sync:pause': async ({ id }) => this.syncView(this.syncs.pause(id)),
    'sync:resume': async ({ id }) => this.syncView(this.syncs.resume(id)),
    'sync:remove': async ({ id, deleteLocalFiles }) => {
      await this.syncs.remove(id, deleteLocalFiles);
      return null;
    },
    'sync:preview': async (input, call) => this.preview(input, call?.signal ?? new AbortController().signal),
    'sync:now': async ({ id }) => {
      this.syncs.now(id);
      return null;
    },
    'sync:pendingDeletes': async ({ id }) => this.syncs.pendingDeletes(id),
    'sync:confirmDeletes': async ({ id }) => {
      await this.syncs.confirmDeletes(id);
      return null;
    },
    'sync:keepFiles': async ({ id }) => {
      await this.syncs.keepFiles(id);
      return null;
    },
    'sync:resetSize': async ({ id }) => this.syncs.resetSize(id),
    'sync:reset': async ({ id }) => this.syncs.reset(id),
    'sync:openLocal': async ({ id }) => {
      if (!this.deps.shell?.openPath) throw new AppError('bad_input', 'Opening folders is not available here.');
      await this.deps.shell.openPath(this.ctx.sync(id).localPath);
      return null;
    },
    'syncs:pauseAll': async ({ minutes }) => {
      this.syncs.pauseAll(minutes);
      return null;
    },
    'syncs:resumeAll': async () => {
      this.syncs.resumeAll();
      return null;
    },
    'syncs:syncAnyway': async () => {
      this.power.syncAnyway();
      return null;
    },
    'activity:list': async (q) => this.deps.activity.list(q),
    'dialog:chooseDirectory': async ({ defaultPath }) => {
      if (!this.deps.shell?.chooseDirectory) {
        throw new AppError('bad_input', 'No folder picker here: type the folder path.');
      }
      const chosen = await this.deps.shell.chooseDirectory(defaultPath);
      // What the user picked in the native dialog is theirs: sync:add/update may use it without another question.
      if (chosen) this.ctx.grants.grant(chosen);
      return chosen;
    },
  };
}
