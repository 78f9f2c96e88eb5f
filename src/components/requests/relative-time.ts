/** The steps a relative time is told in, largest first: "3 days ago", "in 2 hours". */
const units: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 60 * 60 * 1000],
  ['month', 30 * 24 * 60 * 60 * 1000],
  ['week', 7 * 24 * 60 * 60 * 1000],
  ['day', 24 * 60 * 60 * 1000],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

/**
 * How long ago (or how soon) a moment is, in words: "just now", "5 minutes ago", "yesterday".
 * @example
 * relativeTime(new Date(Date.now() - 3 * 60 * 60 * 1000)); // "3 hours ago"
 */
export function relativeTime(date: Date, now: Date = new Date(), locale = 'en'): string {
  const elapsed = date.getTime() - now.getTime();
  const format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  for (const [unit, size] of units) {
    if (Math.abs(elapsed) >= size) return format.format(Math.round(elapsed / size), unit);
  }
  return format.format(0, 'second');
}

/** The full date and time, for a tooltip or where the exact moment matters. */
export function absoluteTime(date: Date, locale = 'en'): string {
  return (
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date) + ' UTC'
  );
}
