/**
 * The database (db.json) in the data dir: lowdb keeps it in memory; every change is validated, emitted, and
 * written atomically after a short debounce. Writes are coalesced and never overlap. Call `flush()` before
 * the process exits (the debounce timer does not keep Node alive).
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Low, type Adapter } from 'lowdb';
import { AppError } from '../errors';
import { systemClock, type Clock, type Logger, type TimerHandle } from '../ports';
import { TypedEmitter } from '../typed-emitter';
import { removeStaleTempFiles, writeFileAtomic } from './atomic-file';
import { loadDb, type Recovery } from './db-load';
import { summarize } from './migrations';
import { dbSchema, type Db } from './schema';
import { DB_FILE } from './db-file';

export { DB_FILE };
const RETRY_AFTER_FAILED_WRITE_MS = 5_000;

export interface DbStoreOptions {
  dataDir: string;
  logger: Logger;
  clock?: Clock;
  /** How long changes gather before one write (default 200 ms). */
  debounceMs?: number;
  /** Never writes, moves or cleans anything (CLI read-only commands while another process owns the dir). */
  readOnly?: boolean;
}

export interface DbStore {
  /** The current database. Read it freely; change it only through `update`. */
  readonly data: Db;
  /**
   * Applies `fn` to a copy, validates the result with zod, then makes it current, emits 'change' and schedules
   * a write. If `fn` throws or the result is invalid, nothing changes (invalid -> AppError 'internal').
   */
  update<T>(fn: (db: Db) => T): T;
  on(event: 'change', listener: (db: Db) => void): () => void;
  /** Resolves when everything changed so far is on disk; rejects if that write failed. */
  flush(): Promise<void>;
  /** Flushes and stops writing; later updates throw. */
  close(): Promise<void>;
  /** Set when db.json was unreadable or invalid and was moved aside: tell the user. */
  readonly recovered: Recovery | null;
  /** The version db.json had before this start migrated it, or null. */
  readonly migratedFrom: number | null;
  readonly file: string;
}

/** lowdb adapter: atomic replace with fsync; serialises at call time so later changes wait for the next write. */
class AtomicJsonAdapter implements Adapter<Db> {
  lastWrite = { serializeMs: 0, bytes: 0 };
  constructor(private readonly file: string) {}
  async read(): Promise<Db | null> {
    return null; // loading (with migration and recovery) is loadDb's job
  }
  async write(data: Db): Promise<void> {
    const t0 = performance.now();
    const text = `${JSON.stringify(data, null, 2)}\n`;
    this.lastWrite = { serializeMs: performance.now() - t0, bytes: Buffer.byteLength(text) };
    await writeFileAtomic(this.file, text);
  }
}

export async function openDbStore(opts: DbStoreOptions): Promise<DbStore> {
  const clock = opts.clock ?? systemClock;
  const logger = opts.logger.child({ component: 'store' });
  const readOnly = opts.readOnly ?? false;
  const file = path.join(opts.dataDir, DB_FILE);
  if (!readOnly) {
    await fs.mkdir(opts.dataDir, { recursive: true });
    const removed = await removeStaleTempFiles(file);
    if (removed) logger.warn('removed leftovers of an interrupted write', { count: removed });
  }
  const loaded = await loadDb(file, { now: new Date(clock.now()), readOnly });
  if (loaded.recovered) logger.error('db.json was unusable and was set aside', { ...loaded.recovered });
  if (loaded.migratedFrom !== null) logger.info('db.json migrated', { from: loaded.migratedFrom, to: loaded.db.version });
  const store = new JsonDbStore(file, loaded.db, loaded.recovered, loaded.migratedFrom, {
    clock,
    logger,
    readOnly,
    debounceMs: opts.debounceMs ?? 200,
  });
  // A first start, a recovery or a migration is written at once so the file on disk matches what we use.
  if (!readOnly && (loaded.fresh || loaded.migratedFrom !== null)) await store.writeNow();
  return store;
}

class JsonDbStore implements DbStore {
  private readonly low: Low<Db>;
  private readonly adapter: AtomicJsonAdapter;
  private readonly events = new TypedEmitter<{ change: Db }>();
  private timer: TimerHandle | null = null;
  private writing: Promise<void> | null = null;
  private dirty = false;
  private lastError: unknown = null;
  private closed = false;

  constructor(
    readonly file: string,
    initial: Db,
    readonly recovered: Recovery | null,
    readonly migratedFrom: number | null,
    private readonly o: { clock: Clock; logger: Logger; readOnly: boolean; debounceMs: number },
  ) {
    this.adapter = new AtomicJsonAdapter(file);
    this.low = new Low<Db>(this.adapter, initial);
  }

  get data(): Db {
    return this.low.data;
  }

  update<T>(fn: (db: Db) => T): T {
    if (this.closed) throw new AppError('internal', 'The store is closed.');
    if (this.o.readOnly) throw new AppError('locked', 'The database is open read-only (another instance owns it).');
    const draft = structuredClone(this.low.data);
    const result = fn(draft);
    const checked = dbSchema.safeParse(draft);
    if (!checked.success)
      throw new AppError('internal', `Refused an invalid change to the database: ${summarize(checked.error)}`);
    this.low.data = draft;
    this.dirty = true;
    this.schedule(this.o.debounceMs);
    this.events.emit('change', draft);
    return result;
  }

  on(event: 'change', listener: (db: Db) => void): () => void {
    return this.events.on(event, listener);
  }

  async flush(): Promise<void> {
    for (;;) {
      this.cancelTimer();
      if (this.writing) {
        await this.writing;
        continue;
      }
      if (!this.dirty) break;
      await this.startWrite();
      if (this.lastError) break;
    }
    if (this.lastError) throw this.lastError;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush();
    } finally {
      this.closed = true;
      this.cancelTimer();
    }
  }

  /** Writes the current data now (used at open). */
  async writeNow(): Promise<void> {
    this.dirty = true;
    await this.flush();
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.writing || this.closed) return; // the pending timer or write's tail picks it up
    this.timer = this.o.clock.setTimeout(() => {
      this.timer = null;
      if (this.dirty) void this.startWrite();
    }, delayMs);
  }

  private cancelTimer(): void {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  /** Starts one write of the current data (or joins the running one). Never throws; errors land in lastError. */
  private startWrite(): Promise<void> {
    if (this.writing) return this.writing;
    this.dirty = false;
    const started = performance.now();
    this.writing = this.low
      .write()
      .then(() => {
        this.lastError = null;
        const { serializeMs, bytes } = this.adapter.lastWrite;
        this.o.logger.debug('db.json written', {
          bytes,
          serializeMs: round(serializeMs),
          totalMs: round(performance.now() - started),
        });
      })
      .catch((e: unknown) => {
        this.lastError = e;
        this.dirty = true;
        this.o.logger.error('writing db.json failed; will retry', { err: e });
      })
      .finally(() => {
        this.writing = null;
        if (this.dirty) this.schedule(this.lastError ? RETRY_AFTER_FAILED_WRITE_MS : this.o.debounceMs);
      });
    return this.writing;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
