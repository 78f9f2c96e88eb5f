import { PorticoError } from '../errors.ts';

const dayMs = 86_400_000;
export const maxPeriodDays = 366;

/** A report period: from (inclusive) to (exclusive), whole UTC days. */
export interface ReportPeriod {
  from: Date;
  to: Date;
}

export const periodRanges = ['7', '30', '90', 'custom'] as const;
export type PeriodRange = (typeof periodRanges)[number];

/** What the period picker sends: a range, and for 'custom' the first and last day (YYYY-MM-DD). */
export interface PeriodParams {
  range?: string | null | undefined;
  from?: string | null | undefined;
  to?: string | null | undefined;
}

export const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

/** A YYYY-MM-DD day at UTC midnight; undefined for anything else (including 2026-02-30). */
export function parseDay(text: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const date = new Date(`${text}T00:00:00.000Z`);
  return Number.isNaN(date.getTime()) || isoDay(date) !== text ? undefined : date;
}

/** The period of equal length just before. */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const length = period.to.getTime() - period.from.getTime();
  return { from: new Date(period.from.getTime() - length), to: new Date(period.from) };
}

/** The UTC days of a period, oldest first. */
export function daysOf(period: ReportPeriod): string[] {
  const days: string[] = [];
  for (let time = period.from.getTime(); time < period.to.getTime(); time += dayMs) days.push(isoDay(new Date(time)));
  return days;
}

/**
 * Reads the period picker: the last 7, 30 or 90 days (today included), or custom first and last days.
 * Throws `invalid_input` (with the field) for a bad day, a reversed or a too long period.
 * @example
 * resolvePeriod({ range: '30' }, new Date('2026-11-24T10:00:00Z')); // 2026-10-26 … 2026-11-24 inclusive
 * resolvePeriod({ range: 'custom', from: '2026-11-01', to: '2026-11-30' }, now);
 */
export function resolvePeriod(params: PeriodParams, now: Date): ReportPeriod & { range: PeriodRange } {
  const range = (periodRanges as readonly string[]).includes(params.range ?? '')
    ? (params.range as PeriodRange)
    : params.from || params.to
      ? 'custom'
      : '30';
  const tomorrow = Date.parse(isoDay(now)) + dayMs;
  if (range !== 'custom') {
    const days = Number(range);
    return { range, from: new Date(tomorrow - days * dayMs), to: new Date(tomorrow) };
  }
  const from = parseDay(params.from?.trim() ?? '');
  const last = parseDay(params.to?.trim() ?? '');
  if (!from || !last) {
    const message = 'Enter dates as YYYY-MM-DD.';
    throw new PorticoError('invalid_input', 'Choose a valid first and last day.', {
      hint: message,
      details: { fields: { ...(!from && { from: message }), ...(!last && { to: message }) } },
    });
  }
  if (from.getTime() > last.getTime()) {
    throw new PorticoError('invalid_input', 'The first day must not be after the last day.', {
      details: { fields: { from: 'Must not be after the last day.' } },
    });
  }
  const to = new Date(last.getTime() + dayMs);
  if (to.getTime() - from.getTime() > maxPeriodDays * dayMs) {
    throw new PorticoError('invalid_input', `Choose a period of at most ${maxPeriodDays} days.`, {
      details: { fields: { to: `At most ${maxPeriodDays} days after the first day.` } },
    });
  }
  return { range, from, to };
}

/** Checks a period given directly to a report function. */
export function assertPeriod(period: ReportPeriod): void {
  const length = period.to.getTime() - period.from.getTime();
  if (!(length > 0) || length > maxPeriodDays * dayMs) {
    throw new PorticoError('invalid_input', `Choose a period of one to ${maxPeriodDays} days.`, {
      details: { fields: { from: 'Not a valid period.' } },
    });
  }
}
