import { PorticoError } from '../../../../core/errors.ts';
import { articlePatchSchema, getArticle, getArticleForEditing, updateArticle } from '../../../../core/kb/index.ts';
import { isStaff } from '../../../../core/users/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { articleDetailToJson } from '../../../../server/api-schemas.ts';
import { indexSoon } from '../../../../server/core.ts';
import { categoryIdFrom } from './_category-id.ts';

const notFound = () => new PorticoError('not_found', 'No such article.');

export const GET = apiHandler(async (context) => {
  const { core, user } = context.locals;
  // Undefined for anything the caller may not read: a 404 either way, so existence does not leak.
  const article = await getArticle(core, user, context.params.slug ?? '');
  if (!article) throw notFound();
  return json({ article: articleDetailToJson(article, { staff: isStaff(user) }) });
});

export const PATCH = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const { core } = context.locals;
  const patch = await readJson(context, articlePatchSchema);
  const current = await getArticle(core, actor, context.params.slug ?? '');
  if (!current) throw notFound();
  const updated = await updateArticle(core, actor, current.id, {
    ...patch,
    ...(patch.categoryId !== undefined && { categoryId: await categoryIdFrom(core, patch.categoryId) }),
  });
  indexSoon(core);
  const article = await getArticleForEditing(core, actor, updated.id);
  if (!article) throw notFound();
  return json({ article: articleDetailToJson(article, { staff: true }) });
});

export const ALL = methodNotAllowed;
