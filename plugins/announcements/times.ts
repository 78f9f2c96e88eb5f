/** Times as people type and read them: `datetime-local` values in UTC, and an announcement's window. */
import type { Announcement } from './model.ts';

const LOCAL_DATETIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/**
 * Reads a `datetime-local` value (`2026-11-24T18:00`) as a UTC time. Also takes a full ISO string with `Z`.
 * Returns null for anything that is not a real date and time.
 */
export function parseUtcDateTime(value: string): Date | null {
  const text = value.trim().replace(/Z$/i, '');
  const m = LOCAL_DATETIME.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls 31 Feb over to March: refuse dates that do not exist.
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return null;
  }
  return date;
}

/** The value for a `datetime-local` input showing this UTC time: `2026-11-24T18:00`. */
export function toDateTimeLocal(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return date.toISOString().slice(0, 16);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `24 Nov 2026, 18:00 UTC` */
export function formatUtc(iso: string): string {
  const d = new Date(iso);
  return `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}, ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

/**
 * The window as the home page states it: "Until 24 Nov 2026, 18:00 UTC" for what is on now,
 * "From 24 Nov 2026, 18:00 UTC until 25 Nov 2026, 02:00 UTC" for what is planned.
 */
export function describeWindow(a: Pick<Announcement, 'starts_at' | 'ends_at'>, now: Date = new Date()): string {
  const nowIso = now.toISOString();
  if (a.starts_at > nowIso) {
    return a.ends_at
      ? `From ${formatUtc(a.starts_at)} until ${formatUtc(a.ends_at)}`
      : `From ${formatUtc(a.starts_at)}`;
  }
  if (a.ends_at && a.ends_at <= nowIso) return `Ended ${formatUtc(a.ends_at)}`;
  return a.ends_at ? `Until ${formatUtc(a.ends_at)}` : `Since ${formatUtc(a.starts_at)}, until further notice`;
}

export type Status = 'current' | 'upcoming' | 'past';

export function statusOf(a: Pick<Announcement, 'starts_at' | 'ends_at'>, now: Date = new Date()): Status {
  const nowIso = now.toISOString();
  if (a.starts_at > nowIso) return 'upcoming';
  if (a.ends_at !== null && a.ends_at <= nowIso) return 'past';
  return 'current';
}
