/**
 * The activity log: run summaries and notable events in `<dataDir>/activity.jsonl`, one JSON entry per line
 * with an increasing `seq`. Appends are buffered and written in batches; reads are page by page, newest first.
 *
 * Opening is O(1): only the head and tail lines are read (last seq, rough count). The index of all lines
 * (seq, offset, kind, sync id) is built on the first `list()`, streaming the file, and is then kept up to
 * date by appends; pages are read from disk by offset. When the file passes `maxEntries` or `maxBytes`, the
 * newest half is kept (rewritten atomically). Every file operation runs through one queue, so appends,
 * reads and rewrites never interleave.
 */
import { createReadStream, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { activityEntrySchema, type ActivityEntry, type ActivityKind } from '../../../shared/model';
import { silentLogger, systemClock, type Clock, type Logger, type TimerHandle } from '../ports';
import { writeFileAtomic } from '../store/atomic-file';
import { scrubText } from '../log/scrub';
import { ActivityIndex, type IndexQuery } from './activity-index';

export const ACTIVITY_FILE = 'activity.jsonl';

export type ActivityLogOptions = ({ dataDir: string } | { file: string }) & {
  logger?: Logger;
  clock?: Clock;
  /** Keep at most this many entries (default 100,000); past it the newest half stays. */
  maxEntries?: number;
  /** Keep the file below this size (default 20 MB); past it the newest half stays. */
  maxBytes?: number;
  /** Appends gather this long before one write (default 250 ms). */
  flushMs?: number;
  /** Never writes (CLI read-only commands beside a running owner): appends are dropped, reads work. */
  readOnly?: boolean;
};

export interface NewActivity {
  kind: ActivityKind;
  syncId: string | null;
  message: string;
  path: string | null;
  details?: ActivityEntry['details'];
}

export type ActivityQuery = IndexQuery;

export interface ActivityLog {
  /** Records an entry (written within flushMs) and returns it with its seq and time. */
  append(entry: NewActivity): ActivityEntry;
  /** A page of entries with seq < before (all when null), newest first; total = all entries matching the filter. */
  list(q: ActivityQuery): Promise<{ entries: ActivityEntry[]; total: number }>;
  flush(): Promise<void>;
  close(): Promise<void>;
}

function scrubDetails(details: NonNullable<ActivityEntry['details']>): ActivityEntry['details'] {
  const out: NonNullable<ActivityEntry['details']> = {};
  for (const [k, v] of Object.entries(details)) out[k] = typeof v === 'string' ? scrubText(v) : v;
  return out;
}

const FLUSH_AT_LINES = 1_000;
const TAIL_BYTES = 64 * 1024;

export async function openActivityLog(opts: ActivityLogOptions): Promise<ActivityLog> {
  const file = 'file' in opts ? opts.file : path.join(opts.dataDir, ACTIVITY_FILE);
  if (!opts.readOnly) await fs.mkdir(path.dirname(file), { recursive: true });
  const ends = await readEnds(file);
  return new FileActivityLog(file, ends, {
    clock: opts.clock ?? systemClock,
    logger: (opts.logger ?? silentLogger).child({ component: 'activity' }),
    maxEntries: opts.maxEntries ?? 100_000,
    maxBytes: opts.maxBytes ?? 20 * 1024 * 1024,
    flushMs: opts.flushMs ?? 250,
    readOnly: opts.readOnly ?? false,
  });
}

interface Settings {
  clock: Clock;
  logger: Logger;
  maxEntries: number;
  maxBytes: number;
  flushMs: number;
  readOnly: boolean;
}

interface Ends {
  size: number;
  firstSeq: number | null;
  lastSeq: number;
  /** A crash mid-append left a partial last line: the next write starts on a new line. */
  needsNewline: boolean;
}

class FileActivityLog implements ActivityLog {
  private pending: { entry: ActivityEntry; line: string }[] = [];
  private index: ActivityIndex | null = null;
  private queue: Promise<unknown> = Promise.resolve();
  private timer: TimerHandle | null = null;
  private size: number;
  private lastSeq: number;
  private firstSeq: number | null;
  private needsNewline: boolean;
  private closed = false;

  constructor(
    private readonly file: string,
    ends: Ends,
    private readonly o: Settings,
  ) {
    this.size = ends.size;
    this.lastSeq = ends.lastSeq;
    this.firstSeq = ends.firstSeq;
    this.needsNewline = ends.needsNewline;
  }

  append(input: NewActivity): ActivityEntry {
    const entry: ActivityEntry = {
      seq: ++this.lastSeq,
      at: new Date(this.o.clock.now()).toISOString(),
      kind: input.kind,
      syncId: input.syncId,
      // Scrubbed where recorded: messages quote errors and URLs, and the activity is shown and kept on disk.
      message: scrubText(input.message),
      path: input.path === null ? null : scrubText(input.path),
      details: input.details ? scrubDetails(input.details) : null,
    };
    if (this.closed || this.o.readOnly) return entry; // dropped, not thrown: late events, read-only mode
    this.pending.push({ entry, line: `${JSON.stringify(entry)}\n` });
    if (this.pending.length >= FLUSH_AT_LINES) void this.flush().catch(() => {});
    else if (!this.timer) {
      this.timer = this.o.clock.setTimeout(() => {
        this.timer = null;
        void this.flush().catch(() => {});
      }, this.o.flushMs);
    }
    return entry;
  }

  list(q: ActivityQuery): Promise<{ entries: ActivityEntry[]; total: number }> {
    return this.enqueue(async () => {
      await this.writePending();
      const index = await this.ensureIndex();
      const { positions, total } = index.query({ ...q, limit: Math.max(0, Math.floor(q.limit)) });
      return { entries: await this.readEntries(index, positions), total };
    });
  }

  flush(): Promise<void> {
    if (this.timer) this.o.clock.clearTimeout(this.timer);
    this.timer = null;
    return this.enqueue(() => this.writePending());
  }

  async close(): Promise<void> {
    await this.flush();
    this.closed = true;
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => {});
    return run;
  }

  private async writePending(): Promise<void> {
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    const prefix = this.needsNewline ? '\n' : '';
    const text = prefix + batch.map((b) => b.line).join('');
    try {
      await fs.appendFile(this.file, text, { mode: 0o600 });
    } catch (e) {
      this.pending = batch.concat(this.pending); // keep them for the next try
      this.o.logger.error('writing the activity log failed', { err: e });
      throw e;
    }
    let offset = this.size + Buffer.byteLength(prefix);
    for (const { entry, line } of batch) {
      const length = Buffer.byteLength(line) - 1;
      this.index?.add({ seq: entry.seq, offset, length, kind: entry.kind, syncId: entry.syncId });
      offset += length + 1;
    }
    this.size = offset;
    this.needsNewline = false;
    this.firstSeq ??= batch[0]!.entry.seq;
    if (this.count() > this.o.maxEntries || this.size > this.o.maxBytes) await this.keepNewestHalf();
  }

  /** Entries in the file: exact once indexed, else from the seq range (seqs are contiguous in the file). */
  private count(): number {
    if (this.index) return this.index.count;
    return this.firstSeq === null ? 0 : this.lastSeq - this.firstSeq + 1 - this.pending.length;
  }

  private async ensureIndex(): Promise<ActivityIndex> {
    if (!this.index) {
      const started = performance.now();
      this.index = await buildIndex(this.file);
      this.o.logger.debug('activity index built', {
        entries: this.index.count,
        ms: Math.round(performance.now() - started),
      });
    }
    return this.index;
  }

  private async keepNewestHalf(): Promise<void> {
    const index = await this.ensureIndex();
    const n = index.count;
    if (n === 0) return;
    // From the newest backwards while within half of both bounds.
    let first = n - 1;
    const lastEnd = index.endAt(n - 1) + 1;
    while (first > 0 && n - first < this.o.maxEntries / 2 && lastEnd - index.offsetAt(first - 1) <= this.o.maxBytes / 2) {
      first--;
    }
    const cut = index.offsetAt(first);
    const handle = await fs.open(this.file, 'r');
    let tail: Buffer;
    try {
      tail = Buffer.alloc(this.size - cut);
      await handle.read(tail, 0, tail.length, cut);
    } finally {
      await handle.close();
    }
    await writeFileAtomic(this.file, tail);
    index.dropHead(first, cut);
    this.size -= cut;
    this.firstSeq = index.count ? index.seqAt(0) : null;
    this.o.logger.info('activity log trimmed', { dropped: first, kept: index.count });
  }

  private async readEntries(index: ActivityIndex, positions: number[]): Promise<ActivityEntry[]> {
    if (positions.length === 0) return [];
    const lo = index.offsetAt(positions[positions.length - 1]!);
    const hi = index.endAt(positions[0]!);
    const handle = await fs.open(this.file, 'r');
    try {
      // One read when the page is contiguous enough, else one read per entry.
      if (hi - lo <= 4 * 1024 * 1024) {
        const buf = Buffer.alloc(hi - lo);
        await handle.read(buf, 0, buf.length, lo);
        return positions.flatMap((i) => parseEntry(buf.subarray(index.offsetAt(i) - lo, index.endAt(i) - lo)));
      }
      const out: ActivityEntry[] = [];
      for (const i of positions) {
        const buf = Buffer.alloc(index.endAt(i) - index.offsetAt(i));
        await handle.read(buf, 0, buf.length, index.offsetAt(i));
        out.push(...parseEntry(buf));
      }
      return out;
    } finally {
      await handle.close();
    }
  }
}

function parseEntry(buf: Buffer): ActivityEntry[] {
  try {
    const parsed = activityEntrySchema.safeParse(JSON.parse(buf.toString('utf8')));
    return parsed.success ? [parsed.data] : [];
  } catch {
    return [];
  }
}

/** Streams the file once, indexing every parsable line; broken lines (a crash mid-append) are skipped. */
async function buildIndex(file: string): Promise<ActivityIndex> {
  const index = new ActivityIndex();
  let carry: Buffer = Buffer.alloc(0);
  let carryOffset = 0;
  const indexLine = (line: Buffer, offset: number) => {
    if (line.length === 0) return;
    try {
      const v = JSON.parse(line.toString('utf8')) as Partial<ActivityEntry>;
      if (typeof v.seq !== 'number' || typeof v.kind !== 'string') return;
      index.add({
        seq: v.seq,
        offset,
        length: line.length,
        kind: v.kind,
        syncId: typeof v.syncId === 'string' ? v.syncId : null,
      });
    } catch {
      // a broken line
    }
  };
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      const buf: Buffer = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        indexLine(buf.subarray(start, nl), carryOffset + start);
        start = nl + 1;
      }
      carryOffset += start;
      carry = buf.subarray(start);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  return index; // a trailing line without newline is partial: not indexed
}

/** Size, first and last seq from the head and tail of the file, without reading it all. */
async function readEnds(file: string): Promise<Ends> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { size: 0, firstSeq: null, lastSeq: 0, needsNewline: false };
    throw e;
  }
  try {
    const size = (await handle.stat()).size;
    if (size === 0) return { size, firstSeq: null, lastSeq: 0, needsNewline: false };
    const headLen = Math.min(size, TAIL_BYTES);
    const head = Buffer.alloc(headLen);
    await handle.read(head, 0, headLen, 0);
    const tailLen = Math.min(size, TAIL_BYTES);
    const tail = Buffer.alloc(tailLen);
    await handle.read(tail, 0, tailLen, size - tailLen);
    const needsNewline = tail[tail.length - 1] !== 10;
    const firstSeq = seqsIn(head)[0] ?? null;
    let lastSeq = seqsIn(tail).pop();
    if (lastSeq === undefined) {
      // no whole line in the tail: fall back to indexing everything once
      const index = await buildIndex(file);
      lastSeq = index.count ? index.seqAt(index.count - 1) : 0;
    }
    return { size, firstSeq, lastSeq, needsNewline };
  } finally {
    await handle.close();
  }
}

/** Seqs of the complete, parsable lines in a buffer cut out of the file (its first and last lines may be cut). */
function seqsIn(buf: Buffer): number[] {
  const seqs: number[] = [];
  for (const line of buf.toString('utf8').split('\n')) {
    try {
      const v = JSON.parse(line) as { seq?: unknown };
      if (typeof v.seq === 'number') seqs.push(v.seq);
    } catch {
      // cut or broken
    }
  }
  return seqs;
}
