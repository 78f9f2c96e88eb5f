import { sql } from 'kysely';
import { z } from 'zod';
import type { Core } from '../context.ts';
import { toStoredTime } from '../db/values.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';

const dayMs = 24 * 3600 * 1000;
const maxPeriodDays = 366;

export const insightsPeriodSchema = z
  .object({
    from: z.date({ message: 'Choose a valid start date.' }),
    to: z.date({ message: 'Choose a valid end date.' }),
  })
  .refine((period) => period.from.getTime() <= period.to.getTime(), {
    message: 'The start date must not be after the end date.',
    path: ['from'],
  })
  .refine((period) => period.to.getTime() - period.from.getTime() <= maxPeriodDays * dayMs, {
    message: `Choose a period of at most ${maxPeriodDays} days.`,
    path: ['to'],
  });
export type InsightsPeriod = z.input<typeof insightsPeriodSchema>;

export interface KnowledgeBaseInsights {
  from: Date;
  to: Date;
  totals: {
    searches: number;
    searchesWithClick: number;
    /** Searches that led to an article and no request, over all searches; null without searches. */
    deflectionRate: number | null;
  };
  topSearches: { query: string; count: number; averageHits: number }[];
  noResultSearches: { query: string; count: number }[];
  notHelpfulArticles: {
    id: string;
    title: string;
    slug: string;
    categorySlug: string;
    notHelpful: number;
    helpful: number;
  }[];
  /** One entry per UTC day of the period, oldest first, for the chart. */
  daily: { day: string; searches: number; deflected: number }[];
}

/** Sums come back as numbers from SQLite and as strings (bigint, numeric) from PostgreSQL. */
const num = (value: unknown): number => Number(value ?? 0);

/**
 * What readers looked for and whether the knowledge base answered them, between `from` and `to`
 * (inclusive, compared as stored ISO times): top searches, searches with no results (content gaps), the
 * articles with the most "not helpful" votes, and the deflection rate — searches that led to an article
 * and no request, over all searches. "Request followed" is set by the request form (a later issue); until
 * then it is always 0, so the rate is clicks over searches. Staff only; at most 366 days.
 * @example
 * const insights = await knowledgeBaseInsights(core, agent, { from: new Date('2026-01-01'), to: new Date() });
 */
export async function knowledgeBaseInsights(
  core: Core,
  actor: Actor | null,
  period: InsightsPeriod,
): Promise<KnowledgeBaseInsights> {
  assertStaff(actor);
  const { from, to } = parseInput(insightsPeriodSchema, period);
  const start = toStoredTime(from);
  const end = toStoredTime(to);
  const searches = core.db.selectFrom('kb_searches').where('created_at', '>=', start).where('created_at', '<=', end);
  const day = sql<string>`substr(created_at, 1, 10)`;

  const [totals, top, empty, votes, daily] = await Promise.all([
    searches
      .select((eb) => [
        eb.fn.countAll().as('searches'),
        eb.fn.sum<number>(eb.case().when('clicked_article_id', 'is not', null).then(1).else(0).end()).as('with_click'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('clicked_article_id', 'is not', null), eb('request_followed', '=', 0)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('deflected'),
      ])
      .executeTakeFirstOrThrow(),
    searches
      .select((eb) => ['query', eb.fn.countAll().as('n'), eb.fn.avg('hit_count').as('hits')])
      .groupBy('query')
      .orderBy('n', 'desc')
      .orderBy('query')
      .limit(20)
      .execute(),
    searches
      .select((eb) => ['query', eb.fn.countAll().as('n')])
      .where('hit_count', '=', 0)
      .groupBy('query')
      .orderBy('n', 'desc')
      .orderBy('query')
      .limit(20)
      .execute(),
    core.db
      .selectFrom('kb_votes')
      .innerJoin('kb_articles', 'kb_articles.id', 'kb_votes.article_id')
      .innerJoin('kb_categories', 'kb_categories.id', 'kb_articles.category_id')
      .select((eb) => [
        'kb_articles.id',
        'kb_articles.title',
        'kb_articles.slug',
        'kb_categories.slug as category_slug',
        eb.fn.sum<number>(eb.case().when('kb_votes.helpful', '=', 0).then(1).else(0).end()).as('not_helpful'),
        eb.fn.sum<number>(eb.case().when('kb_votes.helpful', '=', 1).then(1).else(0).end()).as('helpful'),
      ])
      .where('kb_votes.created_at', '>=', start)
      .where('kb_votes.created_at', '<=', end)
      .groupBy(['kb_articles.id', 'kb_articles.title', 'kb_articles.slug', 'kb_categories.slug'])
      .having((eb) => eb.fn.sum(eb.case().when('kb_votes.helpful', '=', 0).then(1).else(0).end()), '>', 0)
      .orderBy('not_helpful', 'desc')
      .orderBy('kb_articles.title')
      .limit(10)
      .execute(),
    searches
      .select((eb) => [
        day.as('day'),
        eb.fn.countAll().as('n'),
        eb.fn
          .sum<number>(
            eb
              .case()
              .when(eb.and([eb('clicked_article_id', 'is not', null), eb('request_followed', '=', 0)]))
              .then(1)
              .else(0)
              .end(),
          )
          .as('deflected'),
      ])
      .groupBy(day)
      .execute(),
  ]);

  const total = num(totals.searches);
  const byDay = new Map(daily.map((row) => [row.day, row]));
  const days: KnowledgeBaseInsights['daily'] = [];
  for (let time = Date.parse(start.slice(0, 10)); time <= to.getTime(); time += dayMs) {
    const key = new Date(time).toISOString().slice(0, 10);
    const row = byDay.get(key);
    days.push({ day: key, searches: num(row?.n), deflected: num(row?.deflected) });
  }
  return {
    from,
    to,
    totals: {
      searches: total,
      searchesWithClick: num(totals.with_click),
      deflectionRate: total > 0 ? num(totals.deflected) / total : null,
    },
    topSearches: top.map((row) => ({ query: row.query, count: num(row.n), averageHits: num(row.hits) })),
    noResultSearches: empty.map((row) => ({ query: row.query, count: num(row.n) })),
    notHelpfulArticles: votes.map((row) => ({
      id: row.id,
      title: row.title,
      slug: row.slug,
      categorySlug: row.category_slug,
      notHelpful: num(row.not_helpful),
      helpful: num(row.helpful),
    })),
    daily: days,
  };
}
