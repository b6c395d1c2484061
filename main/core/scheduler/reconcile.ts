/**
 * setConfigs: merges the store's full config list into the scheduler's entries (adds, removes, reschedules)
 * without disturbing a running run. The caller pumps afterwards; see README.md for the rules.
 */
import type { Entry } from './entry';
import { intervalMs } from './policy';
import type { ScheduledConfig } from './types';

export interface ReconcileContext {
  /** The next creation-order number for a new entry. */
  nextSeq(): number;
  /** In [0, 1): a new entry's jitter. */
  random(): number;
  /** Sets the due time from the last run's end (the next interval, or a stagger slot when overdue). */
  scheduleFromAnchor(e: Entry): void;
}

export function reconcileConfigs(entries: Map<string, Entry>, configs: readonly ScheduledConfig[], ctx: ReconcileContext): void {
  const seen = new Set<string>();
  const fresh: Entry[] = [];
  for (const c of configs) {
    seen.add(c.id);
    const interval = intervalMs(c.intervalMinutes);
    const e = entries.get(c.id);
    if (!e) {
      const entry: Entry = {
        id: c.id,
        seq: ctx.nextSeq(),
        interval,
        active: c.active,
        storedEndAt: c.lastRunEndAt,
        anchor: c.lastRunEndAt,
        jitter: ctx.random(),
        dueAt: null,
        dueSince: Infinity,
        manual: false,
        again: false,
        retrying: 0,
        stopped: false,
        removed: false,
        run: null,
      };
      entries.set(c.id, entry);
      if (c.active) fresh.push(entry);
      continue;
    }
    updateEntry(e, c, interval, ctx);
  }
  // New overdue configs take stagger slots oldest first (never-run ones before all others).
  fresh.sort((a, b) => (a.anchor ?? -Infinity) - (b.anchor ?? -Infinity) || a.seq - b.seq);
  for (const e of fresh) ctx.scheduleFromAnchor(e);
  for (const e of entries.values()) {
    if (seen.has(e.id)) continue;
    if (e.run) {
      e.removed = true;
      e.again = false;
    } else {
      entries.delete(e.id);
    }
  }
}

function updateEntry(e: Entry, c: ScheduledConfig, interval: number, ctx: ReconcileContext): void {
  const wasActive = e.active;
  const intervalChanged = interval !== e.interval;
  let anchorChanged = false;
  if (c.lastRunEndAt !== e.storedEndAt) {
    e.storedEndAt = c.lastRunEndAt;
    if (c.lastRunEndAt !== null && (e.anchor === null || c.lastRunEndAt > e.anchor)) {
      e.anchor = c.lastRunEndAt;
      anchorChanged = true;
    }
  }
  e.removed = false;
  e.interval = interval;
  e.active = c.active;
  if (!c.active) {
    // Per-config pause (or error status): not scheduled, and a stop is superseded.
    if (wasActive || e.stopped) {
      e.dueAt = null;
      e.manual = false;
      e.again = false;
      e.retrying = 0;
      e.stopped = false;
    }
    return;
  }
  const idle = !e.run && !e.manual && !e.stopped && e.retrying === 0;
  if (!wasActive) {
    e.stopped = false;
    e.retrying = 0;
    if (!e.run && !e.manual) ctx.scheduleFromAnchor(e);
  } else if ((intervalChanged || anchorChanged) && idle) {
    ctx.scheduleFromAnchor(e);
  }
}
