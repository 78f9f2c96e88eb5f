import { z } from 'zod';
import type { Core } from '../context.ts';
import { fromStoredTime, nowStored, toStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';

/** A "not helpful" vote with a comment, waiting for the article's owner (or any agent) to act on it. */
export interface ReviewTask {
  /** The stored voter key (`user:<id>` or `reader:<hash>`): with the article id, it names the task. */
  voter: string;
  comment: string;
  createdAt: Date;
  article: {
    id: string;
    slug: string;
    title: string;
    categorySlug: string;
    ownerId: string | null;
    ownerName: string | null;
  };
}

export type StaleReason = 'not_reviewed' | 'poorly_rated';

export interface StaleArticle {
  id: string;
  slug: string;
  title: string;
  categorySlug: string;
  ownerId: string | null;
  ownerName: string | null;
  viewCount: number;
  helpfulCount: number;
  notHelpfulCount: number;
  /** helpful / (helpful + not helpful); null without votes. */
  helpfulRatio: number | null;
  /** When someone last marked it reviewed; null when nobody has. */
  reviewedAt: Date | null;
  reasons: StaleReason[];
}

const staleOptionsSchema = z.object({
  reviewAfterDays: z.number().int().min(1).max(3650).default(180),
  minViews: z.number().int().min(0).default(20),
  maxHelpfulRatio: z.number().min(0).max(1).default(0.5),
});

/** Poorly rated needs a few votes: one unhappy reader does not make an article stale. */
const minVotesForRating = 3;

/**
 * Open review tasks (newest first): not-helpful votes with a comment that nobody has resolved yet.
 * `mine` keeps the tasks on articles the actor owns. Staff only.
 * @example
 * const tasks = await listReviewTasks(core, agent, { mine: true });
 */
export async function listReviewTasks(
  core: Core,
  actor: Actor | null,
  options: { mine?: boolean } = {},
): Promise<ReviewTask[]> {
  assertStaff(actor);
  let query = core.db
    .selectFrom('kb_votes')
    .innerJoin('kb_articles', 'kb_articles.id', 'kb_votes.article_id')
    .innerJoin('kb_categories', 'kb_categories.id', 'kb_articles.category_id')
    .leftJoin('users', 'users.id', 'kb_articles.owner_id')
    .select([
      'kb_votes.voter',
      'kb_votes.comment',
      'kb_votes.created_at',
      'kb_articles.id as article_id',
      'kb_articles.slug',
      'kb_articles.title',
      'kb_categories.slug as category_slug',
      'kb_articles.owner_id',
      'users.name as owner_name',
    ])
    .where('kb_votes.helpful', '=', 0)
    .where('kb_votes.comment', 'is not', null)
    .where('kb_votes.resolved_at', 'is', null);
  if (options.mine) query = query.where('kb_articles.owner_id', '=', actor.id);
  const rows = await query.orderBy('kb_votes.created_at', 'desc').orderBy('kb_votes.voter').limit(500).execute();
  return rows.map((row) => ({
    voter: row.voter,
    comment: row.comment ?? '',
    createdAt: fromStoredTime(row.created_at),
    article: {
      id: row.article_id,
      slug: row.slug,
      title: row.title,
      categorySlug: row.category_slug,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
    },
  }));
}

/**
 * Closes a review task. A task resolves once: resolving it again, or a task that does not exist, is not_found.
 * @example
 * await resolveReviewTask(core, agent, task.article.id, task.voter);
 */
export async function resolveReviewTask(
  core: Core,
  actor: Actor | null,
  articleId: string,
  voter: string,
): Promise<void> {
  assertStaff(actor);
  const result = await core.db
    .updateTable('kb_votes')
    .set({ resolved_at: nowStored() })
    .where('article_id', '=', articleId)
    .where('voter', '=', voter)
    .where('helpful', '=', 0)
    .where('comment', 'is not', null)
    .where('resolved_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0)
    throw new PorticoError('not_found', 'No such open review task.', {
      hint: 'Someone may have resolved it already; reload the list.',
    });
}

/**
 * Notes that someone checked the article is still right: it is no longer stale for want of a review.
 * @example
 * await markArticleReviewed(core, agent, article.id);
 */
export async function markArticleReviewed(core: Core, actor: Actor | null, articleId: string): Promise<void> {
  assertStaff(actor);
  const result = await core.db
    .updateTable('kb_articles')
    .set({ reviewed_at: nowStored() })
    .where('id', '=', articleId)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw new PorticoError('not_found', 'No such article.');
}

/**
 * Published articles that need attention, with the reasons: not reviewed for `reviewAfterDays` (an article
 * never marked reviewed counts from its creation), or viewed at least `minViews` times and rated helpful by
 * fewer than `maxHelpfulRatio` of at least three voters. Most viewed first.
 * @example
 * const stale = await listStaleArticles(core, agent, { reviewAfterDays: 90 });
 */
export async function listStaleArticles(
  core: Core,
  actor: Actor | null,
  options: z.input<typeof staleOptionsSchema> = {},
): Promise<StaleArticle[]> {
  assertStaff(actor);
  const { reviewAfterDays, minViews, maxHelpfulRatio } = parseInput(staleOptionsSchema, options);
  const cutoff = toStoredTime(new Date(Date.now() - reviewAfterDays * 24 * 3600 * 1000));
  const rows = await core.db
    .selectFrom('kb_articles')
    .innerJoin('kb_categories', 'kb_categories.id', 'kb_articles.category_id')
    .leftJoin('users', 'users.id', 'kb_articles.owner_id')
    .select([
      'kb_articles.id',
      'kb_articles.slug',
      'kb_articles.title',
      'kb_categories.slug as category_slug',
      'kb_articles.owner_id',
      'users.name as owner_name',
      'kb_articles.view_count',
      'kb_articles.helpful_count',
      'kb_articles.not_helpful_count',
      'kb_articles.reviewed_at',
      'kb_articles.created_at',
    ])
    .where('kb_articles.status', '=', 'published')
    .where((eb) =>
      eb.or([
        eb(eb.fn.coalesce('kb_articles.reviewed_at', 'kb_articles.created_at'), '<', cutoff),
        eb.and([
          eb('kb_articles.view_count', '>=', minViews),
          eb(eb('kb_articles.helpful_count', '+', eb.ref('kb_articles.not_helpful_count')), '>=', minVotesForRating),
        ]),
      ]),
    )
    .orderBy('kb_articles.view_count', 'desc')
    .orderBy('kb_articles.title')
    .limit(500)
    .execute();
  const stale: StaleArticle[] = [];
  for (const row of rows) {
    const votes = row.helpful_count + row.not_helpful_count;
    const helpfulRatio = votes > 0 ? row.helpful_count / votes : null;
    const reasons: StaleReason[] = [];
    if ((row.reviewed_at ?? row.created_at) < cutoff) reasons.push('not_reviewed');
    // The ratio is compared here, not in SQL: a fractional parameter against integer columns differs by dialect.
    if (
      row.view_count >= minViews &&
      votes >= minVotesForRating &&
      helpfulRatio !== null &&
      helpfulRatio < maxHelpfulRatio
    )
      reasons.push('poorly_rated');
    if (reasons.length === 0) continue;
    stale.push({
      id: row.id,
      slug: row.slug,
      title: row.title,
      categorySlug: row.category_slug,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      viewCount: row.view_count,
      helpfulCount: row.helpful_count,
      notHelpfulCount: row.not_helpful_count,
      helpfulRatio,
      reviewedAt: row.reviewed_at ? fromStoredTime(row.reviewed_at) : null,
      reasons,
    });
  }
  return stale;
}
