import { describe, expect, it } from 'vitest';
import { describePause, formatDateTime, formatPast, formatRelative } from './relative-time';
import { formatBytes, ratio } from './format-bytes';

const now = Date.parse('2026-11-26T12:00:00Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('formatRelative', () => {
  it('says never for a sync that has not run', () => {
    expect(formatRelative(null, now)).toBe('never');
  });
  it('says just now within the last 45 seconds', () => {
    expect(formatRelative(ago(10_000), now)).toBe('just now');
  });
  it('counts minutes, hours and days in the past', () => {
    expect(formatRelative(ago(5 * 60_000), now)).toBe('5 minutes ago');
    expect(formatRelative(ago(3 * 3600_000), now)).toBe('3 hours ago');
    expect(formatRelative(ago(24 * 3600_000), now)).toBe('yesterday');
    expect(formatRelative(ago(3 * 24 * 3600_000), now)).toBe('3 days ago');
  });
  it('counts into the future for the next run', () => {
    expect(formatRelative(ago(-15 * 60_000), now)).toBe('in 15 minutes');
    expect(formatRelative(ago(-2 * 3600_000), now)).toBe('in 2 hours');
  });
  it('rounds to the nearest minute rather than flooring', () => {
    expect(formatRelative(ago(90_000), now)).toBe('2 minutes ago');
  });
  it('says unknown for a malformed date instead of NaN', () => {
    expect(formatRelative('not a date', now)).toBe('unknown');
  });
});

describe('formatPast', () => {
  it('never says a past event is in the future', () => {
    expect(formatPast(ago(-20_000), now)).toBe('just now');
    expect(formatPast(ago(-5 * 60_000), now)).toBe('just now');
    expect(formatPast(ago(2 * 3600_000), now)).toBe('2 hours ago');
    expect(formatPast(null, now)).toBe('never');
  });
});

describe('describePause', () => {
  it('says until you resume when paused forever', () => {
    expect(describePause('forever', now)).toBe('Syncing is paused until you resume.');
  });
  it('names the time it resumes', () => {
    expect(describePause(ago(-3600_000), now)).toMatch(/^Syncing is paused until .*\d{2}.\d{2}.*\.$/);
  });
});

describe('formatBytes', () => {
  it('formats bytes with binary multiples', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(12 * 1024 * 1024)).toBe('12 MB');
    expect(formatBytes(3.25 * 1024 ** 3)).toBe('3.3 GB');
  });
  it('ratio never divides by zero', () => {
    expect(ratio(3, 0)).toBe(0);
    expect(ratio(5, 10)).toBe(0.5);
    expect(ratio(20, 10)).toBe(1);
  });
});

describe('formatDateTime', () => {
  it('always shows the date, also today, and the year only when it is not this one', () => {
    const now = new Date(2026, 11, 2, 15, 0).getTime();
    expect(formatDateTime(new Date(2026, 11, 2, 14, 30).toISOString(), now)).toMatch(/^Wed, Dec 2 0?2:30 PM$|^Wed, Dec 2 14:30$/);
    expect(formatDateTime(new Date(2025, 0, 5, 9, 5).toISOString(), now)).toMatch(/^Sun, Jan 5, 2025 0?9:05/);
  });
});
