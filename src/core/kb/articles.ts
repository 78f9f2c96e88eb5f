import { sql } from 'kysely';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { readableBy } from './access.ts';
import type { Article, ArticleView } from './article.ts';
import { rowToArticle } from './article.ts';
import type { TocEntry } from './render.ts';
import { articleFilterSchema, articleInputSchema, articlePatchSchema } from './schemas.ts';
import type { ArticleFilter, ArticleInput, ArticlePatch } from './schemas.ts';
import type { ArticleState } from './store.ts';
import {
  articleQuery,
  assertCategoryExists,
  assertOwnerAllowed,
  changesState,
  insertArticle,
  loadArticleById,
  lockArticle,
  saveArticleState,
  stateOf,
  tagsOf,
  uniqueSlug,
} from './store.ts';

function actorId(actor: Actor): string | null {
  return actor.role === 'system' ? null : actor.id;
}

/**
 * Articles the actor may read, filtered and paged; internal articles and drafts only for staff.
 * @example
 * const { articles, total } = await listArticles(core, null, { category: 'billing' });
 */
export async function listArticles(
  core: Core,
  actor: Actor | null,
  filter: ArticleFilter = {},
): Promise<{ articles: Article[]; total: number }> {
  const f = parseInput(articleFilterSchema, filter);
  let query = articleQuery(core.db).where(readableBy(actor));
  if (f.category) {
    const category = f.category;
    // A category's articles include those in its sections.
    query = query.where((eb) =>
      eb.or([
        eb('kb_categories.slug', '=', category),
        eb('kb_categories.id', '=', category),
        eb(
          'kb_categories.parent_id',
          'in',
          eb
            .selectFrom('kb_categories as parent')
            .select('parent.id')
            .where((inner) => inner.or([inner('parent.slug', '=', category), inner('parent.id', '=', category)])),
        ),
      ]),
    );
  }
  if (f.status) query = query.where('kb_articles.status', '=', f.status);
  if (f.visibility) query = query.where('kb_articles.visibility', '=', f.visibility);
  if (f.tag) {
    const tag = f.tag;
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('kb_article_tags')
          .select('kb_article_tags.tag')
          .whereRef('kb_article_tags.article_id', '=', 'kb_articles.id')
          .where('kb_article_tags.tag', '=', tag),
      ),
    );
  }
  if (f.query) {
    const pattern = `%${f.query.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`lower(kb_articles.title) like ${pattern} escape '\\'`);
  }
  const ordered =
    f.sort === 'updated'
      ? query.orderBy('kb_articles.updated_at', 'desc')
      : f.sort === 'popular'
        ? query.orderBy('kb_articles.view_count', 'desc').orderBy('kb_articles.helpful_count', 'desc')
        : query.orderBy('kb_categories.position').orderBy('kb_articles.position').orderBy('kb_articles.title');
  const [rows, count] = await Promise.all([
    ordered.orderBy('kb_articles.id').limit(f.limit).offset(f.offset).execute(),
    query
      .clearSelect()
      .select((eb) => eb.fn.countAll().as('total'))
      .executeTakeFirstOrThrow(),
  ]);
  const tags = await tagsOf(
    core.db,
    rows.map((row) => row.id),
  );
  return { articles: rows.map((row) => rowToArticle(row, tags.get(row.id) ?? [])), total: Number(count.total) };
}

async function withRendering(core: Core, article: Article): Promise<ArticleView> {
  const revision = await core.db
    .selectFrom('kb_revisions')
    .select(['html', 'toc'])
    .where('article_id', '=', article.id)
    .where('number', '=', article.revision)
    .executeTakeFirstOrThrow();
  return { ...article, html: revision.html, toc: JSON.parse(revision.toc) as TocEntry[] };
}

/**
 * One article by slug, with its cached rendering, or undefined when it does not exist or the actor
 * may not read it (so existence does not leak).
 */
export async function getArticle(core: Core, actor: Actor | null, slug: string): Promise<ArticleView | undefined> {
  const row = await articleQuery(core.db)
    .where('kb_articles.slug', '=', slug)
    .where(readableBy(actor))
    .executeTakeFirst();
  if (!row) return undefined;
  const article = rowToArticle(row, (await tagsOf(core.db, [row.id])).get(row.id) ?? []);
  return withRendering(core, article);
}

/** One article by id for the editor (staff only). */
export async function getArticleForEditing(
  core: Core,
  actor: Actor | null,
  id: string,
): Promise<ArticleView | undefined> {
  assertStaff(actor);
  const article = await loadArticleById(core.db, id);
  return article && withRendering(core, article);
}

/**
 * Creates an article (agents and admins) as revision 1; drafts until published.
 * @example
 * const article = await createArticle(core, agent, { title: 'Reset your password', categoryId, body: '…' });
 */
export async function createArticle(core: Core, actor: Actor | null, input: ArticleInput): Promise<Article> {
  assertStaff(actor);
  const data = parseInput(articleInputSchema, input);
  const id = await core.db.transaction().execute(async (trx) => {
    await assertCategoryExists(trx, data.categoryId);
    await assertOwnerAllowed(trx, data.ownerId);
    if (data.slug) {
      const taken = await trx.selectFrom('kb_articles').select('id').where('slug', '=', data.slug).executeTakeFirst();
      if (taken) {
        throw new PorticoError('conflict', 'Another article already has that address.', {
          details: { fields: { slug: 'Already in use.' } },
        });
      }
    }
    const slug = data.slug ?? (await uniqueSlug(trx, data.title));
    return insertArticle(
      trx,
      { ...data, slug },
      { authorId: actorId(actor), source: 'editor', articleSource: 'editor' },
    );
  });
  const article = await loadArticleById(core.db, id);
  if (!article) throw new Error('article vanished after insert');
  return article;
}

/**
 * Changes an article (agents and admins) as a new revision. With `expectedRevision`, a save based on
 * an older revision is refused with `conflict` instead of silently overwriting someone else's edit.
 */
export async function updateArticle(
  core: Core,
  actor: Actor | null,
  id: string,
  patch: ArticlePatch,
): Promise<Article> {
  assertStaff(actor);
  const { expectedRevision, ...changes } = parseInput(articlePatchSchema, patch);
  await core.db.transaction().execute(async (trx) => {
    await lockArticle(trx, id);
    const current = await loadArticleById(trx, id);
    if (!current) throw new PorticoError('not_found', 'No such article.');
    if (expectedRevision !== undefined && expectedRevision !== current.revision) {
      throw new PorticoError('conflict', 'Someone saved this article after you opened it.', {
        hint: 'Open it again to see their change, then make yours.',
        details: { currentRevision: current.revision },
      });
    }
    if (changes.categoryId) await assertCategoryExists(trx, changes.categoryId);
    if (changes.ownerId !== undefined && changes.ownerId !== current.ownerId)
      await assertOwnerAllowed(trx, changes.ownerId);
    if (changes.slug && changes.slug !== current.slug) {
      const taken = await trx
        .selectFrom('kb_articles')
        .select('id')
        .where('slug', '=', changes.slug)
        .executeTakeFirst();
      if (taken) {
        throw new PorticoError('conflict', 'Another article already has that address.', {
          details: { fields: { slug: 'Already in use.' } },
        });
      }
    }
    const before = stateOf(current);
    const given = Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined));
    const next: ArticleState = { ...before, ...(given as Partial<ArticleState>) };
    if (!changesState(before, next)) return;
    await saveArticleState(trx, current, next, { authorId: actorId(actor), source: 'editor' });
  });
  const article = await loadArticleById(core.db, id);
  if (!article) throw new PorticoError('not_found', 'No such article.');
  return article;
}

/**
 * Up to `limit` other readable articles, by how many tags they share with this one, then by being in
 * the same category and popularity.
 */
export async function relatedArticles(
  core: Core,
  actor: Actor | null,
  article: Article,
  limit = 5,
): Promise<Article[]> {
  const shared = article.tags.length
    ? await core.db
        .selectFrom('kb_article_tags')
        .select(['article_id', (eb) => eb.fn.countAll().as('shared')])
        .where('tag', 'in', article.tags)
        .where('article_id', '!=', article.id)
        .groupBy('article_id')
        .execute()
    : [];
  const score = new Map(shared.map((row) => [row.article_id, Number(row.shared) * 10]));
  const candidates = await articleQuery(core.db)
    .where(readableBy(actor))
    .where('kb_articles.id', '!=', article.id)
    .where((eb) =>
      eb.or([
        eb('kb_articles.category_id', '=', article.category.id),
        ...(score.size ? [eb('kb_articles.id', 'in', [...score.keys()])] : []),
      ]),
    )
    .execute();
  const ranked = candidates
    .map((row) => ({
      row,
      score:
        (score.get(row.id) ?? 0) +
        (row.category_id === article.category.id ? 5 : 0) +
        Math.min(row.view_count, 1000) / 1000,
    }))
    .sort((a, b) => b.score - a.score)
    .slice(0, limit);
  const tags = await tagsOf(
    core.db,
    ranked.map((entry) => entry.row.id),
  );
  return ranked.map((entry) => rowToArticle(entry.row, tags.get(entry.row.id) ?? []));
}
