import { localTime, zonedInstant } from './zone.ts';

/** When SLA clocks run: weekly hours and holidays, read in one IANA time zone. */
export interface BusinessCalendar {
  /** null for the built-in 24×7 calendar. */
  id: string | null;
  name: string;
  timeZone: string;
  /** Seven lists, Monday first, of [startMinute, endMinute) pairs within the local day (0–1440). */
  weeklyHours: [number, number][][];
  /** Holiday dates (YYYY-MM-DD) in the calendar's zone: no business hours at all. */
  holidays: string[];
}

/** Around the clock, every day: the calendar of a policy that names none. */
export const alwaysOpenCalendar: BusinessCalendar = Object.freeze({
  id: null,
  name: '24×7',
  timeZone: 'UTC',
  weeklyHours: Array.from({ length: 7 }, () => [[0, 1440]] as [number, number][]),
  holidays: [],
});

const dayMs = 86_400_000;
const minuteMs = 60_000;
// Ten years of days: a calendar with hours reaches any deadline well within it.
const maxDays = 3_700;

const keys = new WeakMap<BusinessCalendar, string>();
const dayCache = new Map<string, [number, number][]>();

function calendarKey(calendar: BusinessCalendar): string {
  let key = keys.get(calendar);
  if (!key) {
    key = JSON.stringify([calendar.timeZone, calendar.weeklyHours, calendar.holidays]);
    keys.set(calendar, key);
  }
  return key;
}

function isAlwaysOpen(calendar: BusinessCalendar): boolean {
  return (
    calendar.holidays.length === 0 &&
    calendar.weeklyHours.every((day) => day.length === 1 && day[0]![0] === 0 && day[0]![1] === 1440)
  );
}

/** The local day (days since 1970-01-01 on the zone's calendar) that contains an instant. */
function localDay(calendar: BusinessCalendar, instant: number): number {
  const local = localTime(calendar.timeZone, instant);
  return Date.UTC(local.year, local.month - 1, local.day) / dayMs;
}

/** A local day's business hours as instants, cached: deadlines are computed in bulk. */
function businessIntervals(calendar: BusinessCalendar, day: number): [number, number][] {
  const key = `${calendarKey(calendar)}|${day}`;
  const cached = dayCache.get(key);
  if (cached) return cached;
  const date = new Date(day * dayMs);
  const [year, month, dayOfMonth] = [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
  const isoDate = date.toISOString().slice(0, 10);
  const weekday = (date.getUTCDay() + 6) % 7;
  const intervals: [number, number][] = calendar.holidays.includes(isoDate)
    ? []
    : calendar.weeklyHours[weekday]!.map(([start, end]) => [
        zonedInstant(calendar.timeZone, year, month, dayOfMonth, start),
        zonedInstant(calendar.timeZone, year, month, dayOfMonth, end),
      ]);
  if (dayCache.size > 100_000) dayCache.clear();
  dayCache.set(key, intervals);
  return intervals;
}

/** addBusinessMinutes on epoch milliseconds, for the clocks' bulk work. */
export function addBusinessMs(calendar: BusinessCalendar, start: number, ms: number): number {
  if (ms <= 0) return start;
  if (isAlwaysOpen(calendar)) return start + ms;
  let remaining = ms;
  let day = localDay(calendar, start);
  for (let step = 0; step < maxDays; step++, day++) {
    for (const [from, to] of businessIntervals(calendar, day)) {
      if (to <= start) continue;
      const begin = Math.max(from, start);
      if (remaining <= to - begin) return begin + remaining;
      remaining -= to - begin;
    }
  }
  throw new Error(`The calendar "${calendar.name}" has no business hours to reach a deadline.`);
}

/** businessMinutesBetween on epoch milliseconds; negative when b is before a. */
export function businessMsBetween(calendar: BusinessCalendar, a: number, b: number): number {
  if (b < a) return -businessMsBetween(calendar, b, a);
  if (isAlwaysOpen(calendar)) return b - a;
  let total = 0;
  const last = localDay(calendar, b);
  for (let day = localDay(calendar, a); day <= last; day++) {
    for (const [from, to] of businessIntervals(calendar, day)) {
      const overlap = Math.min(to, b) - Math.max(from, a);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/**
 * The moment a clock started at `start` has run `minutes` business minutes.
 * @example
 * addBusinessMinutes(officeHours, new Date('2026-10-23T15:00:00Z'), 120); // Monday morning, not Friday night
 */
export function addBusinessMinutes(calendar: BusinessCalendar, start: Date, minutes: number): Date {
  return new Date(addBusinessMs(calendar, start.getTime(), minutes * minuteMs));
}

/**
 * Business minutes from a to b (negative when b is before a), fractions included.
 * @example
 * businessMinutesBetween(officeHours, fridayAt4pm, mondayAt10am); // 120 with hours 9–17
 */
export function businessMinutesBetween(calendar: BusinessCalendar, a: Date, b: Date): number {
  return businessMsBetween(calendar, a.getTime(), b.getTime()) / minuteMs;
}
