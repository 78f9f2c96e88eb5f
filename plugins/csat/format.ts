/** Labels and small formatting helpers shared by the mail, the pages and the export. */

export const ratingLabels: Record<number, string> = {
  1: 'Very dissatisfied',
  2: 'Dissatisfied',
  3: 'Neutral',
  4: 'Satisfied',
  5: 'Very satisfied',
};

export const ratings = [1, 2, 3, 4, 5] as const;

/** Ratings at or above this count as satisfied in the CSAT %. */
export const satisfiedFrom = 4;

export function ratingLabel(rating: number): string {
  return ratingLabels[rating] ?? String(rating);
}

/** "PT-123". */
export function ticketReference(number: number): string {
  return `PT-${number}`;
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "3 Feb 2026" (UTC). */
export function formatDay(date: Date | string): string {
  return dayFormat.format(typeof date === 'string' ? new Date(date) : date);
}

const percentFormat = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });

/** "87.5%", or an en dash when there is nothing to divide. */
export function formatPercent(share: number | null): string {
  return share === null ? '–' : percentFormat.format(share);
}

const dayMs = 86_400_000;

/**
 * The ISO-8601 week of a moment (UTC): weeks start on Monday, and week 1 holds the year's first
 * Thursday. `key` sorts in time order ("2026-W05"); `monday` is the week's first day (YYYY-MM-DD).
 * @example
 * isoWeek(new Date('2021-01-03T12:00:00Z')); // { key: '2020-W53', monday: '2020-12-28' }
 */
export function isoWeek(date: Date): { key: string; monday: string } {
  const day = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const weekday = new Date(day).getUTCDay() || 7;
  const thursday = new Date(day + (4 - weekday) * dayMs);
  const year = thursday.getUTCFullYear();
  const week = Math.ceil(((thursday.getTime() - Date.UTC(year, 0, 1)) / dayMs + 1) / 7);
  const monday = new Date(day - (weekday - 1) * dayMs).toISOString().slice(0, 10);
  return { key: `${year}-W${String(week).padStart(2, '0')}`, monday };
}
