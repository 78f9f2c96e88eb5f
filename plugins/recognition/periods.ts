/** Calendar periods in UTC: the kudos allowance is per month, leaderboards per month or quarter. */
export interface Period {
  kind: 'month' | 'quarter';
  /** "2026-03" or "2026-Q1": what the leaderboard's `period` parameter carries. */
  key: string;
  /** "March 2026" or "Q1 2026". */
  label: string;
  /** Inclusive. */
  start: Date;
  /** Exclusive: the next period's start. */
  end: Date;
}

const monthName = new Intl.DateTimeFormat('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The UTC calendar month holding a moment. */
export function monthOf(date: Date): Period {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const start = new Date(Date.UTC(year, month, 1));
  return {
    kind: 'month',
    key: `${year}-${String(month + 1).padStart(2, '0')}`,
    label: monthName.format(start),
    start,
    end: new Date(Date.UTC(year, month + 1, 1)),
  };
}

/** The UTC calendar quarter holding a moment. */
export function quarterOf(date: Date): Period {
  const year = date.getUTCFullYear();
  const quarter = Math.floor(date.getUTCMonth() / 3);
  return {
    kind: 'quarter',
    key: `${year}-Q${quarter + 1}`,
    label: `Q${quarter + 1} ${year}`,
    start: new Date(Date.UTC(year, quarter * 3, 1)),
    end: new Date(Date.UTC(year, quarter * 3 + 3, 1)),
  };
}

/** A period from its key ("2026-03", "2026-Q1"); null when the text is neither. */
export function parsePeriod(key: string): Period | null {
  const month = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(key);
  if (month) return monthOf(new Date(Date.UTC(Number(month[1]), Number(month[2]) - 1, 1)));
  const quarter = /^(\d{4})-Q([1-4])$/i.exec(key);
  if (quarter) return quarterOf(new Date(Date.UTC(Number(quarter[1]), (Number(quarter[2]) - 1) * 3, 1)));
  return null;
}

/** The periods a leaderboard offers: this month and the 11 before it, this quarter and the 3 before it. */
export function recentPeriods(now: Date): { months: Period[]; quarters: Period[] } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  const months = Array.from({ length: 12 }, (_, back) => monthOf(new Date(Date.UTC(year, month - back, 1))));
  const quarters = Array.from({ length: 4 }, (_, back) => quarterOf(new Date(Date.UTC(year, month - back * 3, 1))));
  return { months, quarters };
}
