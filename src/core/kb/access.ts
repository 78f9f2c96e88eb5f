import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';

/** Agents and admins read internal articles and drafts; everyone else only published public ones. */
export function readsEverything(actor: Actor | null): boolean {
  return isStaff(actor);
}

/**
 * A condition on kb_articles: what the actor may read. Every read path filters with it, so an
 * internal article cannot reach a customer by any page, list, API or feed.
 * @example
 * db.selectFrom('kb_articles').selectAll().where(readableBy(actor))
 */
export function readableBy(actor: Actor | null) {
  return (eb: ExpressionBuilder<Database, 'kb_articles'>): Expression<SqlBool> =>
    readsEverything(actor)
      ? eb.and([])
      : eb.and([eb('kb_articles.status', '=', 'published'), eb('kb_articles.visibility', '=', 'public')]);
}
