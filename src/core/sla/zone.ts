// Time-zone arithmetic with Intl only: a zone's offset at an instant, and local wall time → instant.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether Intl knows the IANA zone name. */
export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone.trim()) return false;
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

export interface LocalTime {
  year: number;
  month: number;
  day: number;
  /** Minutes since local midnight. */
  minute: number;
}

/** The wall-clock date and time in the zone at an instant. */
export function localTime(timeZone: string, instant: number): LocalTime {
  const values: Record<string, number> = {};
  for (const part of formatterFor(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') values[part.type] = Number(part.value);
  }
  return {
    year: values['year']!,
    month: values['month']!,
    day: values['day']!,
    minute: values['hour']! * 60 + values['minute']!,
  };
}

/** The zone's offset from UTC at an instant, in milliseconds (Berlin in summer: +7,200,000). */
export function offsetAt(timeZone: string, instant: number): number {
  const seconds = Math.floor(instant / 1000) * 1000;
  const local = localTime(timeZone, seconds);
  const second = new Date(seconds).getUTCSeconds();
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, 0, local.minute, second);
  return asUtc - seconds;
}

/**
 * The instant at which the zone's clocks show the given date and minute of the day (1440 is the next
 * midnight). A time skipped by a DST change maps to the instant an hour later, as clocks do.
 */
export function zonedInstant(timeZone: string, year: number, month: number, day: number, minute: number): number {
  const naive = Date.UTC(year, month - 1, day, 0, minute);
  const first = offsetAt(timeZone, naive);
  const guess = naive - first;
  const second = offsetAt(timeZone, guess);
  return second === first ? guess : naive - second;
}
