/** Pure time formatting for the UI. `now` is passed in so the output is testable. */

const units: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * 24 * 3600_000],
  ['month', 30 * 24 * 3600_000],
  ['week', 7 * 24 * 3600_000],
  ['day', 24 * 3600_000],
  ['hour', 3600_000],
  ['minute', 60_000],
];

/** "just now", "5 minutes ago", "in 2 hours", "yesterday"; "never" for null; "unknown" for a bad date. */
export function formatRelative(iso: string | null, now: number, locale = 'en'): string {
  if (iso === null) return 'never';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return 'unknown';
  const diff = at - now;
  if (Math.abs(diff) < 45_000) return diff <= 0 || Math.abs(diff) < 1_000 ? 'just now' : 'in a moment';
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, ms] of units) {
    if (Math.abs(diff) >= ms || unit === 'minute') {
      // Round half away from zero: 90 s ago is "2 minutes ago", the same as 90 s ahead.
      return format.format(Math.sign(diff) * Math.round(Math.abs(diff) / ms), unit);
    }
  }
  return 'just now';
}

/** For times that are in the past by nature (last sync): a slightly fast main-process clock reads "just now". */
export function formatPast(iso: string | null, now: number, locale = 'en'): string {
  if (iso !== null && Date.parse(iso) > now) return 'just now';
  return formatRelative(iso, now, locale);
}

/** A clock time for "resumes at 14:30" (with the date when it is not today). */
export function formatClock(iso: string, now: number, locale = 'en'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'unknown';
  const sameDay = new Date(now).toDateString() === at.toDateString();
  const time = at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' });
  if (sameDay) return time;
  return `${at.toLocaleDateString(locale, { weekday: 'short', month: 'short', day: 'numeric' })} ${time}`;
}

/** A date and time for a log line: always with the date ("Wed, Dec 2 14:30"), the year when it is not this one. */
export function formatDateTime(iso: string, now: number, locale = 'en'): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return 'unknown';
  const sameYear = new Date(now).getFullYear() === at.getFullYear();
  const date = at.toLocaleDateString(locale, {
    weekday: 'short',
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
  });
  return `${date} ${at.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit' })}`;
}

/** The paused banner's wording for state.pausedUntil. */
export function describePause(pausedUntil: string, now: number, locale = 'en'): string {
  if (pausedUntil === 'forever') return 'Syncing is paused until you resume.';
  return `Syncing is paused until ${formatClock(pausedUntil, now, locale)}.`;
}
