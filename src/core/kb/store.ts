import { dialectOf } from '../db/connect.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Article } from './article.ts';
import { rowToArticle, slugify } from './article.ts';
import type { ArticleSource, ArticleStatus, RevisionSource, Visibility } from './kb.table.ts';
import { renderArticle } from './render.ts';

/** Everything an author decides about an article; each save stores all of it as a revision. */
export interface ArticleState {
  title: string;
  slug: string;
  summary: string;
  body: string;
  categoryId: string;
  tags: string[];
  visibility: Visibility;
  status: ArticleStatus;
  ownerId: string | null;
  position: number;
}

export interface SaveMeta {
  authorId: string | null;
  source: RevisionSource;
}

export function articleQuery(db: Db) {
  return db
    .selectFrom('kb_articles')
    .innerJoin('kb_categories', 'kb_categories.id', 'kb_articles.category_id')
    .selectAll('kb_articles')
    .select(['kb_categories.slug as category_slug', 'kb_categories.name as category_name']);
}

export async function tagsOf(db: Db, articleIds: string[]): Promise<Map<string, string[]>> {
  const tags = new Map<string, string[]>(articleIds.map((id) => [id, []]));
  if (articleIds.length === 0) return tags;
  const rows = await db
    .selectFrom('kb_article_tags')
    .select(['article_id', 'tag'])
    .where('article_id', 'in', articleIds)
    .orderBy('tag')
    .execute();
  for (const row of rows) tags.get(row.article_id)?.push(row.tag);
  return tags;
}

export async function loadArticleById(db: Db, id: string): Promise<Article | undefined> {
  const row = await articleQuery(db).where('kb_articles.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  return rowToArticle(row, (await tagsOf(db, [id])).get(id) ?? []);
}

/** A slug no other article has: the wanted one, or it with -2, -3… appended. */
export async function uniqueSlug(db: Db, wanted: string, exceptId?: string): Promise<string> {
  const base = slugify(wanted);
  for (let attempt = 1; ; attempt++) {
    const slug = attempt === 1 ? base : `${base}-${attempt}`;
    const taken = await db.selectFrom('kb_articles').select('id').where('slug', '=', slug).executeTakeFirst();
    if (!taken || taken.id === exceptId) return slug;
  }
}

export async function assertCategoryExists(db: Db, categoryId: string): Promise<void> {
  const found = await db.selectFrom('kb_categories').select('id').where('id', '=', categoryId).executeTakeFirst();
  if (!found) {
    throw new PorticoError('invalid_input', 'No such category.', {
      details: { fields: { categoryId: 'No such category.' } },
    });
  }
}

/** An owner answers for an article's review tasks, so it must be an active agent or admin. */
export async function assertOwnerAllowed(db: Db, ownerId: string | null | undefined): Promise<void> {
  if (!ownerId) return;
  const owner = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', ownerId)
    .where('role', 'in', ['agent', 'admin'])
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!owner) {
    throw new PorticoError('invalid_input', 'The owner must be an active agent or administrator.', {
      details: { fields: { ownerId: 'Choose an active agent or administrator.' } },
    });
  }
}

async function writeRevision(
  db: Db,
  articleId: string,
  number: number,
  state: ArticleState,
  meta: SaveMeta,
): Promise<void> {
  const rendered = renderArticle(state.body);
  await db
    .insertInto('kb_revisions')
    .values({
      id: newId(),
      article_id: articleId,
      number,
      title: state.title,
      summary: state.summary,
      body: state.body,
      tags: JSON.stringify(state.tags),
      category_id: state.categoryId,
      visibility: state.visibility,
      status: state.status,
      author_id: meta.authorId,
      source: meta.source,
      html: rendered.html,
      toc: JSON.stringify(rendered.toc),
      plain_text: rendered.plainText,
      created_at: nowStored(),
    })
    .execute();
}

async function replaceTags(db: Db, articleId: string, tags: string[]): Promise<void> {
  await db.deleteFrom('kb_article_tags').where('article_id', '=', articleId).execute();
  if (tags.length > 0) {
    await db
      .insertInto('kb_article_tags')
      .values(tags.map((tag) => ({ article_id: articleId, tag })))
      .execute();
  }
}

/** Marks an article's index entry stale, in the caller's transaction, so no change is lost to the index. */
export async function enqueueIndexing(db: Db, articleId: string): Promise<void> {
  await db
    .insertInto('search_outbox')
    .values({ id: newId(), article_id: articleId, created_at: nowStored() })
    .execute();
}

/** Inserts a new article with its first revision; call inside a transaction. */
export async function insertArticle(
  db: Db,
  state: ArticleState,
  meta: SaveMeta & { articleSource: ArticleSource; sourcePath?: string; sourceHash?: string },
): Promise<string> {
  const id = newId();
  const now = nowStored();
  await db
    .insertInto('kb_articles')
    .values({
      id,
      slug: state.slug,
      category_id: state.categoryId,
      title: state.title,
      summary: state.summary,
      body: state.body,
      visibility: state.visibility,
      status: state.status,
      author_id: meta.authorId,
      owner_id: state.ownerId,
      position: state.position,
      revision: 1,
      source: meta.articleSource,
      source_path: meta.sourcePath ?? null,
      source_hash: meta.sourceHash ?? null,
      edited_after_sync: 0,
      view_count: 0,
      helpful_count: 0,
      not_helpful_count: 0,
      reviewed_at: now,
      created_at: now,
      updated_at: now,
      published_at: state.status === 'published' ? now : null,
    })
    .execute();
  await replaceTags(db, id, state.tags);
  await writeRevision(db, id, 1, state, meta);
  await enqueueIndexing(db, id);
  return id;
}

/** Saves a new state of an article as its next revision; call inside a transaction. */
export async function saveArticleState(
  db: Db,
  current: Article,
  state: ArticleState,
  meta: SaveMeta & {
    /** `applied`: the state comes from the file (the conflict flag clears); `kept`: sync's own change, flag untouched. */
    fileSync?: { outcome: 'applied'; sourceHash: string } | { outcome: 'kept' };
  },
): Promise<void> {
  const now = nowStored();
  const number = current.revision + 1;
  await db
    .updateTable('kb_articles')
    .set({
      slug: state.slug,
      category_id: state.categoryId,
      title: state.title,
      summary: state.summary,
      body: state.body,
      visibility: state.visibility,
      status: state.status,
      owner_id: state.ownerId,
      position: state.position,
      revision: number,
      updated_at: now,
      ...(state.status === 'published' && !current.publishedAt && { published_at: now }),
      // An editor's change to a file's article is kept: the next sync reports a conflict instead.
      ...(meta.fileSync
        ? meta.fileSync.outcome === 'applied' && { source_hash: meta.fileSync.sourceHash, edited_after_sync: 0 }
        : current.source === 'file' && { edited_after_sync: 1 }),
    })
    .where('id', '=', current.id)
    .execute();
  await replaceTags(db, current.id, state.tags);
  await writeRevision(db, current.id, number, state, meta);
  await enqueueIndexing(db, current.id);
}

export function stateOf(article: Article): ArticleState {
  return {
    title: article.title,
    slug: article.slug,
    summary: article.summary,
    body: article.body,
    categoryId: article.category.id,
    tags: article.tags,
    visibility: article.visibility,
    status: article.status,
    ownerId: article.ownerId,
    position: article.position,
  };
}

/**
 * Holds the article's row until the transaction ends, so concurrent saves and votes queue up instead of
 * racing (SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL needs the row lock).
 */
export async function lockArticle(db: Db, articleId: string): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    await db.selectFrom('kb_articles').select('id').where('id', '=', articleId).forUpdate().execute();
  }
}

/** Whether a new state differs from the current one in anything a revision records. */
export function changesState(current: ArticleState, next: ArticleState): boolean {
  return JSON.stringify(current) !== JSON.stringify(next);
}
