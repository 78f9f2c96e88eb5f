import { articleInputSchema, createArticle, getArticleForEditing, listArticles } from '../../../../core/kb/index.ts';
import { isStaff } from '../../../../core/users/index.ts';
import { parseInput } from '../../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { listArticlesQuery } from '../../../../server/api-routes.ts';
import { articleDetailToJson, articleToJson } from '../../../../server/api-schemas.ts';
import { indexSoon } from '../../../../server/core.ts';
import { categoryIdFrom } from './_category-id.ts';

/** Anonymous callers may read: the core lists only what the caller may see (public and published for them). */
export const GET = apiHandler(async (context) => {
  const { core, user } = context.locals;
  const query = parseInput(listArticlesQuery, Object.fromEntries(context.url.searchParams));
  const { articles, total } = await listArticles(core, user, {
    ...(query.category && { category: query.category }),
    ...(query.tag && { tag: query.tag }),
    ...(query.q && { query: query.q }),
    ...(query.status && { status: query.status }),
    ...(query.visibility && { visibility: query.visibility }),
    sort: query.sort,
    limit: query.limit,
    offset: query.offset,
  });
  const staff = isStaff(user);
  return json({ articles: articles.map((article) => articleToJson(article, { staff })), total });
});

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'staff');
  const { core } = context.locals;
  const input = await readJson(context, articleInputSchema);
  const created = await createArticle(core, actor, {
    ...input,
    categoryId: await categoryIdFrom(core, input.categoryId),
  });
  indexSoon(core);
  const article = await getArticleForEditing(core, actor, created.id);
  if (!article) throw new Error('article vanished after create');
  return json({ article: articleDetailToJson(article, { staff: true }) }, 201);
});

export const ALL = methodNotAllowed;
