import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import type { SearchDocument } from '../search/index.ts';
import { articleQuery, tagsOf } from './store.ts';

async function documentsFor(db: Db, articleIds: string[]): Promise<SearchDocument[]> {
  if (articleIds.length === 0) return [];
  const rows = await articleQuery(db)
    .innerJoin('kb_revisions', (join) =>
      join
        .onRef('kb_revisions.article_id', '=', 'kb_articles.id')
        .onRef('kb_revisions.number', '=', 'kb_articles.revision'),
    )
    .select('kb_revisions.plain_text')
    .where('kb_articles.id', 'in', articleIds)
    .execute();
  const tags = await tagsOf(db, articleIds);
  return rows.map((row) => ({
    id: row.id,
    slug: row.slug,
    categorySlug: row.category_slug,
    categoryName: row.category_name,
    title: row.title,
    summary: row.summary,
    body: row.plain_text,
    tags: tags.get(row.id) ?? [],
    visibility: row.visibility,
    status: row.status,
    updatedAt: row.updated_at,
  }));
}

/**
 * Applies pending index changes from the outbox: each changed article is re-read from the database
 * and upserted (or removed when it is gone). Rows are deleted only after the engines took them, so a
 * crash or an unreachable engine loses nothing: the next drain retries.
 * @example
 * const applied = await drainSearchOutbox(core);
 */
export async function drainSearchOutbox(core: Core, batchSize = 500): Promise<number> {
  let applied = 0;
  for (;;) {
    const pending = await core.db
      .selectFrom('search_outbox')
      .select(['id', 'article_id'])
      .orderBy('created_at')
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (pending.length === 0) return applied;
    const articleIds = [...new Set(pending.map((row) => row.article_id))];
    const documents = await documentsFor(core.db, articleIds);
    const found = new Set(documents.map((document) => document.id));
    if (documents.length > 0) await core.search.upsert(documents);
    const gone = articleIds.filter((id) => !found.has(id));
    if (gone.length > 0) await core.search.remove(gone);
    await core.db
      .deleteFrom('search_outbox')
      .where(
        'id',
        'in',
        pending.map((row) => row.id),
      )
      .execute();
    applied += articleIds.length;
    if (pending.length < batchSize) return applied;
  }
}

/** Rebuilds the index from the database: clears it, then indexes every article in batches. */
export async function reindexAll(
  core: Core,
  onProgress?: (done: number, total: number) => void,
): Promise<{ articles: number; ms: number }> {
  const started = performance.now();
  const startedAt = new Date().toISOString();
  const ids = (await core.db.selectFrom('kb_articles').select('id').orderBy('id').execute()).map((row) => row.id);
  await core.search.clear();
  for (let index = 0; index < ids.length; index += 500) {
    await core.search.upsert(await documentsFor(core.db, ids.slice(index, index + 500)));
    onProgress?.(Math.min(index + 500, ids.length), ids.length);
  }
  await core.db.deleteFrom('search_outbox').where('created_at', '<', startedAt).execute();
  return { articles: ids.length, ms: Math.round(performance.now() - started) };
}
