// The report queries: a handful of index range scans over the fact and span tables for one period,
// folded into buckets (the whole period, each day, or each value of a dimension).
import { sql } from 'kysely';
import type { SelectQueryBuilder } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { Database } from '../db/database.ts';
import { toStoredTime } from '../db/values.ts';
import { dimensionColumns } from './kpis.ts';
import type { Dimension } from './kpis.ts';
import { daysOf } from './period.ts';
import type { ReportPeriod } from './period.ts';
import { emptyBucket } from './stats.ts';
import type { Bucket } from './stats.ts';
import type { ReportOpenSpanTable } from './report.table.ts';

/** Only tickets with this value of a dimension (null: none, e.g. unassigned). */
export interface ReportFilter {
  dimension: Dimension;
  value: string | null;
}

export interface CollectOptions {
  now: Date;
  /** Adds one bucket per UTC day of the period ('YYYY-MM-DD'). */
  daily?: boolean;
  /** Adds one bucket per value of this dimension ('' for none). */
  by?: Dimension | undefined;
  filter?: ReportFilter | undefined;
}

export const totalKey = 'total';
const num = (value: unknown) => Number(value ?? 0);
const day = (value: string) => value.slice(0, 10);

/**
 * Collects a period's KPIs into buckets: 'total', plus days or dimension values as asked.
 * Every query is a range over an indexed time column (the backlog at a moment reads the spans still
 * open or closed since), so the cost follows the period's tickets, not the history's.
 */
export async function collect(db: Db, period: ReportPeriod, options: CollectOptions): Promise<Map<string, Bucket>> {
  const from = toStoredTime(period.from);
  const to = toStoredTime(period.to);
  const cutoff = toStoredTime(new Date(Math.min(period.to.getTime(), options.now.getTime())));
  const byColumn = options.by ? dimensionColumns[options.by] : undefined;
  const filter = options.filter;
  const filterColumn = filter ? dimensionColumns[filter.dimension] : undefined;

  const buckets = new Map<string, Bucket>([[totalKey, emptyBucket()]]);
  if (options.daily) for (const key of daysOf(period)) buckets.set(key, emptyBucket());
  const bucket = (key: string) => {
    let found = buckets.get(key);
    if (!found) buckets.set(key, (found = emptyBucket()));
    return found;
  };
  /** The buckets a row counts in: the total, and its day (at) or its dimension value (k). */
  const targets = (at: string | null, k: unknown): Bucket[] => {
    const list = [buckets.get(totalKey)!];
    if (options.daily && at !== null) {
      const found = buckets.get(day(at));
      if (found) list.push(found);
    }
    if (byColumn) list.push(bucket(k === null || k === undefined ? '' : String(k)));
    return list;
  };

  const facts = () => {
    let query = db.selectFrom('report_ticket_facts as f');
    if (filter && filterColumn) {
      query =
        filter.value === null
          ? query.where(`f.${filterColumn}`, 'is', null)
          : query.where(`f.${filterColumn}`, '=', filter.value);
    }
    return query;
  };
  const keyColumn = byColumn ? sql<string | null>`${sql.ref(`f.${byColumn}`)}` : sql<null>`null`;
  // Spans reach the fact's dimension by a key lookup, and skip it entirely when not needed.
  const lookup = (column: string) =>
    sql<string | null>`(select ${sql.ref(column)} from report_ticket_facts where ticket_id = s.ticket_id)`;
  const spanKey = byColumn ? lookup(byColumn) : sql<string | null>`null`;
  const spans = () => {
    const query = db.selectFrom('report_open_spans as s').select(spanKey.as('k'));
    if (!filter || !filterColumn) return query;
    const value = lookup(filterColumn);
    return query.where(
      filter.value === null ? sql<boolean>`${value} is null` : sql<boolean>`${value} = ${filter.value}`,
    );
  };
  // Few, narrow columns: at a hundred thousand rows a period, building wide row objects costs most.
  const timeOf = (column: string) => (options.daily ? sql<string | null>`${sql.ref(column)}` : sql<null>`null`);
  const metCode = (column: string) => sql<number>`case ${sql.ref(column)} when 1 then 1 when 0 then 2 else 0 end`;

  const [created, done, responses, unanswered, overdue, reopens] = await Promise.all([
    options.daily
      ? facts()
          .select(['f.created_at as at', sql<null>`null`.as('k'), sql<number>`1`.as('n')])
          .where('f.created_at', '>=', from)
          .where('f.created_at', '<', to)
          .execute()
      : byColumn
        ? facts()
            .select([sql<null>`null`.as('at'), keyColumn.as('k'), (eb) => eb.fn.countAll().as('n')])
            .where('f.created_at', '>=', from)
            .where('f.created_at', '<', to)
            .groupBy(`f.${byColumn}`)
            .execute()
        : facts()
            .select([sql<null>`null`.as('at'), sql<null>`null`.as('k'), (eb) => eb.fn.countAll().as('n')])
            .where('f.created_at', '>=', from)
            .where('f.created_at', '<', to)
            .execute(),
    facts()
      .select([
        timeOf('f.done_at').as('at'),
        'f.resolution_minutes as minutes',
        sql<number>`${metCode('f.resolution_met')} + case when f.agent_replies <= 1 and f.reopen_count = 0 then 4 else 0 end`.as(
          'flags',
        ),
        keyColumn.as('k'),
      ])
      .where('f.done_at', '>=', from)
      .where('f.done_at', '<', to)
      .execute(),
    facts()
      .select([
        timeOf('f.first_responded_at').as('at'),
        'f.first_response_minutes as minutes',
        metCode('f.first_response_met').as('flags'),
        keyColumn.as('k'),
      ])
      .where('f.first_responded_at', '>=', from)
      .where('f.first_responded_at', '<', to)
      .execute(),
    // Unanswered past the first-response deadline: missed, counted on the day the deadline passed.
    facts()
      .select(['f.first_response_due as at', keyColumn.as('k')])
      .where('f.first_responded_at', 'is', null)
      .where('f.first_response_due', '>=', from)
      .where('f.first_response_due', '<', cutoff)
      .execute(),
    // Open, clock running, past the resolution deadline: missed too.
    facts()
      .select(['f.resolution_due as at', keyColumn.as('k')])
      .where('f.done_at', 'is', null)
      .where('f.resolution_due', '>=', from)
      .where('f.resolution_due', '<', cutoff)
      .where('f.resolution_paused', '=', 0)
      .execute(),
    // The literal (not a parameter) lets SQLite use the partial index of reopen spans.
    spans()
      .select(['s.ticket_id', 's.opened_at'])
      .where(sql<boolean>`s.seq > 0`)
      .where('s.opened_at', '>=', from)
      .where('s.opened_at', '<', to)
      .execute(),
  ]);

  for (const row of created) for (const item of targets(row.at, row.k)) item.created += num(row.n);
  for (const row of done) {
    const flags = num(row.flags);
    for (const item of targets(row.at, row.k)) {
      item.resolved++;
      if (row.minutes !== null) item.resolution.push(Number(row.minutes));
      if ((flags & 3) === 1) item.resolutionMet++;
      if ((flags & 3) === 2) item.resolutionMissed++;
      if (flags & 4) item.fcr++;
    }
  }
  for (const row of responses) {
    const flags = num(row.flags);
    for (const item of targets(row.at, row.k)) {
      if (row.minutes !== null) item.firstResponse.push(Number(row.minutes));
      if (flags === 1) item.firstResponseMet++;
      if (flags === 2) item.firstResponseMissed++;
    }
  }
  for (const row of unanswered) for (const item of targets(row.at, row.k)) item.firstResponseMissed++;
  for (const row of overdue) for (const item of targets(row.at, row.k)) item.resolutionMissed++;
  for (const row of reopens) for (const item of targets(row.opened_at, row.k)) item.reopened.add(row.ticket_id);

  if (options.daily) await dailyBacklog(period, buckets, spans);
  else await backlogAt(to, spans, Boolean(byColumn), (k) => targets(null, k));
  return buckets;
}

type SpanQuery = () => SelectQueryBuilder<Database & { s: ReportOpenSpanTable }, 's', { k: string | null }>;

/** Open at a moment: spans opened before it and not closed before it (two index ranges, recent ones). */
async function backlogAt(end: string, spans: SpanQuery, grouped: boolean, targets: (k: unknown) => Bucket[]) {
  const count = (query: ReturnType<SpanQuery>) =>
    grouped
      ? query
          .select((eb) => eb.fn.countAll().as('n'))
          .groupBy('k')
          .execute()
      : query
          .clearSelect()
          .select([sql<null>`null`.as('k'), (eb) => eb.fn.countAll().as('n')])
          .execute();
  const [stillOpen, closedLater] = await Promise.all([
    count(spans().where('s.closed_at', 'is', null).where('s.opened_at', '<', end)),
    count(spans().where('s.closed_at', '>=', end).where('s.opened_at', '<', end)),
  ]);
  for (const row of [...stillOpen, ...closedLater]) {
    for (const item of targets(row.k)) item.backlog += num(row.n);
  }
}

/** The backlog at the end of each day: the count at the start, then each day's opened minus closed. */
async function dailyBacklog(period: ReportPeriod, buckets: Map<string, Bucket>, spans: SpanQuery) {
  const from = toStoredTime(period.from);
  const to = toStoredTime(period.to);
  const perDay = (column: 's.opened_at' | 's.closed_at') =>
    spans()
      .clearSelect()
      .select([sql<string>`substr(${sql.ref(column)}, 1, 10)`.as('day'), (eb) => eb.fn.countAll().as('n')])
      .where(column, '>=', from)
      .where(column, '<', to)
      .groupBy(sql`substr(${sql.ref(column)}, 1, 10)`)
      .execute();
  const start = emptyBucket();
  const [opened, closed] = await Promise.all([
    perDay('s.opened_at'),
    perDay('s.closed_at'),
    backlogAt(from, spans, false, () => [start]),
  ]);
  const delta = new Map<string, number>();
  for (const row of opened) delta.set(row.day, (delta.get(row.day) ?? 0) + num(row.n));
  for (const row of closed) delta.set(row.day, (delta.get(row.day) ?? 0) - num(row.n));
  let open = start.backlog;
  for (const key of daysOf(period)) {
    open += delta.get(key) ?? 0;
    buckets.get(key)!.backlog = open;
  }
  buckets.get(totalKey)!.backlog = open;
}
