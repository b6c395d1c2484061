/**
 * The in-memory index of activity.jsonl: for every valid line its seq, byte offset and length, kind and sync
 * id (interned). About 40 bytes per entry, so 100,000 entries cost a few MB while the entries themselves stay
 * on disk and are read a page at a time.
 */
import { activityKindSchema, type ActivityKind } from '../../../shared/model';

const KINDS = activityKindSchema.options;
const kindCode = new Map<ActivityKind, number>(KINDS.map((k, i) => [k, i]));

export interface IndexedLine {
  seq: number;
  offset: number;
  length: number;
  kind: ActivityKind;
  syncId: string | null;
}

export interface IndexQuery {
  before: number | null;
  limit: number;
  kinds: ActivityKind[] | null;
  syncId: string | null;
}

export class ActivityIndex {
  private seqs: number[] = [];
  private offsets: number[] = [];
  private lengths: number[] = [];
  private kinds: number[] = [];
  private syncIds: number[] = [];
  private readonly syncIdTable: string[] = [];
  private readonly syncIdCodes = new Map<string, number>();

  get count(): number {
    return this.seqs.length;
  }

  add(line: IndexedLine): void {
    const last = this.seqs[this.seqs.length - 1];
    if (last !== undefined && line.seq <= last) return; // out of order (hand-edited file): keep seq monotonic
    this.seqs.push(line.seq);
    this.offsets.push(line.offset);
    this.lengths.push(line.length);
    this.kinds.push(kindCode.get(line.kind) ?? 0);
    this.syncIds.push(line.syncId === null ? -1 : this.intern(line.syncId));
  }

  seqAt(i: number): number {
    return this.seqs[i]!;
  }

  offsetAt(i: number): number {
    return this.offsets[i]!;
  }

  /** Where line i ends in the file (offset + length, excluding the newline). */
  endAt(i: number): number {
    return this.offsets[i]! + this.lengths[i]!;
  }

  /** Drops the first `n` entries and shifts offsets by `bytes` (after the file lost its head). */
  dropHead(n: number, bytes: number): void {
    this.seqs = this.seqs.slice(n);
    this.offsets = this.offsets.slice(n).map((o) => o - bytes);
    this.lengths = this.lengths.slice(n);
    this.kinds = this.kinds.slice(n);
    this.syncIds = this.syncIds.slice(n);
  }

  /** Positions of the page, newest first, and how many entries match the filter in all. */
  query(q: IndexQuery): { positions: number[]; total: number } {
    const kindMask = q.kinds ? q.kinds.reduce((m, k) => m | (1 << (kindCode.get(k) ?? 31)), 0) : -1;
    const syncCode = q.syncId === null ? null : (this.syncIdCodes.get(q.syncId) ?? -2);
    if (syncCode === -2) return { positions: [], total: 0 };
    const matches = (i: number) =>
      (kindMask & (1 << this.kinds[i]!)) !== 0 && (syncCode === null || this.syncIds[i] === syncCode);
    const start = q.before === null ? this.seqs.length : lowerBound(this.seqs, q.before);
    const positions: number[] = [];
    let total = 0;
    for (let i = this.seqs.length - 1; i >= 0; i--) {
      if (!matches(i)) continue;
      total++;
      if (i < start && positions.length < q.limit) positions.push(i);
    }
    return { positions, total };
  }

  private intern(id: string): number {
    let code = this.syncIdCodes.get(id);
    if (code === undefined) {
      code = this.syncIdTable.push(id) - 1;
      this.syncIdCodes.set(id, code);
    }
    return code;
  }
}

/** First index whose seq is >= value (seqs ascend). */
function lowerBound(seqs: number[], value: number): number {
  let lo = 0;
  let hi = seqs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (seqs[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
