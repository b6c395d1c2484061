/**
 * Small in-memory stand-ins for the service's dependencies, for service tests: they record what the service
 * asked and let a test script what the account, drive and engine answer.
 */
import { AppError } from '../errors';
import { emptyDb, type Db } from '../store/schema';
import { TypedEmitter } from '../typed-emitter';
import { silentLogger, type Clock, type ConfirmQuestion, type Confirmer, type SecretBox } from '../ports';
import type {
  ActivityLike,
  AuthLike,
  DriveClientLike,
  EngineLike,
  EngineRunInput,
  RunOutcome,
  SchedulerLike,
  ServiceDeps,
  SignedInAccount,
} from '../service/service-deps';
import type { DriveItem } from '../graph/types';
import type { RunSummary } from '../sync/types';
import { okSummary } from './ok-summary';

export function memoryStore(initial: Db = emptyDb()) {
  const events = new TypedEmitter<{ change: undefined }>();
  const store = {
    data: structuredClone(initial),
    update<T>(fn: (db: Db) => T): T {
      const next = structuredClone(store.data);
      const result = fn(next);
      store.data = next;
      events.emit('change', undefined);
      return result;
    },
    on: (_e: 'change', cb: () => void) => events.on('change', cb),
    flush: async () => {},
  };
  return store;
}

export class FakeAuth implements AuthLike {
  tokenCalls = 0;
  nextAccount: SignedInAccount = { homeAccountId: 'uid-ann.tid', username: 'ann@example.com', tenantId: 'tid' };
  tokenError: AppError | null = null;
  signedOut: string[] = [];
  async signInInteractive(): Promise<SignedInAccount> {
    return this.nextAccount;
  }
  async signInDeviceCode(_id: string, o: { onMessage: (m: string) => void }): Promise<SignedInAccount> {
    o.onMessage('To sign in, enter CODE-123');
    return this.nextAccount;
  }
  async token(): Promise<string> {
    this.tokenCalls++;
    if (this.tokenError) throw this.tokenError;
    return 'token';
  }
  async signOut(profileId: string): Promise<void> {
    this.signedOut.push(profileId);
  }
  dispose(): void {}
}

export class FakeDrive implements DriveClientLike {
  requests = 0;
  items = new Map<string, DriveItem>([
    ['root', { id: 'root', name: 'root', root: {}, folder: { childCount: 1 } }],
    ['docs', { id: 'docs', name: 'Docs', folder: { childCount: 0 }, parentReference: { id: 'root', path: '/drive/root:' } }],
  ]);
  constructor(private readonly getToken: () => Promise<string>) {}
  async getMe() {
    await this.getToken();
    return { id: 'me' };
  }
  async getJson<T>(): Promise<T> {
    await this.getToken();
    throw new Error('FakeDrive: no Graph route for getJson');
  }
  async getDrive() {
    await this.getToken();
    return { id: 'drive1', driveType: 'personal' as const, quota: { total: 100, used: 10, remaining: 90 } };
  }
  async getItem(_d: string, id: string) {
    await this.getToken();
    const item = this.items.get(id);
    if (!item) throw new AppError('remote_missing');
    return item;
  }
  async getItemByPath(_d: string, p: string) {
    await this.getToken();
    const name = p.split('/').filter(Boolean).pop();
    const item = name ? [...this.items.values()].find((i) => i.name === name) : this.items.get('root');
    if (!item) throw new AppError('remote_missing');
    return item;
  }
  async *listChildren(_d: string, id: string) {
    yield [...this.items.values()].filter((i) => i.parentReference?.id === id);
  }
}

export class FakeScheduler implements SchedulerLike {
  ranNow: string[] = [];
  cancelled: string[] = [];
  configs: { id: string; active: boolean }[] = [];
  paused: number | 'forever' | null = null;
  private events = new TypedEmitter<{ change: undefined; runEnd: [string, RunOutcome] }>();
  setConfigs(configs: { id: string; active: boolean }[]) {
    this.configs = configs;
  }
  runNow(id: string) {
    this.ranNow.push(id);
    return true;
  }
  /** Tests: what cancel waits for (a run that has yet to end). */
  runEnded: Promise<void> = Promise.resolve();
  cancel(id: string) {
    this.cancelled.push(id);
    return this.runEnded;
  }
  setMaxConcurrent() {}
  pauseAll(until: number | 'forever') {
    this.paused = until;
  }
  resumeAll() {
    this.paused = null;
  }
  held = false;
  holdBackground(hold: boolean) {
    this.held = hold;
  }
  snapshot() {
    return new Map();
  }
  on(event: 'change' | 'runEnd', cb: (...args: never[]) => void): () => void {
    if (event === 'change') return this.events.on('change', cb as () => void);
    return this.events.on('runEnd', ([id, o]) => (cb as (id: string, o: RunOutcome) => void)(id, o));
  }
  async stop() {}
}

export class FakeEngine implements EngineLike {
  runs: EngineRunInput[] = [];
  next: () => Promise<RunSummary> = async () => okSummary();
  pending: { path: string; size: number }[] = [];
  removed: string[] = [];
  async run(input: EngineRunInput) {
    this.runs.push(input);
    await (input.client as DriveClientLike).getMe(); // like the real engine: the listing needs a token first
    return this.next();
  }
  async pendingDeletes() {
    return this.pending;
  }
  async keepPendingFiles() {
    const kept = this.pending.length;
    this.pending = [];
    return kept;
  }
  async topLevelPaths() {
    return [];
  }
  size = { files: 0, bytes: 0 };
  async removeState(id: string) {
    this.removed.push(id);
  }
  async stateSize() {
    return this.size;
  }

  /** Previews asked for (config ids; a sync not added yet is `preview-draft`). */
  readonly previews: string[] = [];
  async preview(input: { config: { id: string } }) {
    this.previews.push(input.config.id);
    return { downloads: 2, bytes: 300, trash: 0, renames: 0, conflicts: 0, freeBytesAfter: 1_000_000 };
  }
}

export function memoryActivity(): ActivityLike & { entries: Parameters<ActivityLike['append']>[0][] } {
  const entries: Parameters<ActivityLike['append']>[0][] = [];
  return {
    entries,
    append: (e) => void entries.push(e),
    list: async () => ({ entries: [], total: entries.length }),
  };
}

/** Answers every question with `answer` and records it. */
export class FakeConfirmer implements Confirmer {
  answer = true;
  asked: ConfirmQuestion[] = [];
  async confirm(q: ConfirmQuestion): Promise<boolean> {
    this.asked.push(q);
    return this.answer;
  }
}

const box: SecretBox = { protection: 'encrypted', encrypt: (s) => Buffer.from(s), decrypt: (b) => b.toString() };

export function fakeDeps(dataDir: string, clock: Clock) {
  const auth = new FakeAuth();
  const scheduler = new FakeScheduler();
  const engine = new FakeEngine();
  const store = memoryStore();
  const activity = memoryActivity();
  const drives: FakeDrive[] = [];
  const confirmer = new FakeConfirmer();
  const deps: ServiceDeps = {
    version: '1.2.3',
    dataDir,
    env: {},
    store,
    activity,
    engine,
    clock,
    logger: silentLogger,
    trash: { trash: async () => {} },
    browserOpener: { open: async () => {} },
    confirmer,
    secretBox: () => box,
    createAuth: () => auth,
    createDriveClient: ({ getToken }) => {
      const d = new FakeDrive(() => getToken({ forceRefresh: false }));
      drives.push(d);
      return d;
    },
    createScheduler: () => scheduler,
  };
  return { deps, auth, scheduler, engine, store, activity, drives, confirmer };
}

export { okSummary };
