import { searchKnowledgeBase } from '../../../core/kb/index.ts';
import { parseInput } from '../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed } from '../../../server/api.ts';
import { searchQuery } from '../../../server/api-routes.ts';
import { searchHitToJson } from '../../../server/api-schemas.ts';

/**
 * Full-text search over what the caller may read. Not recorded for the insights page: API clients (the
 * request form's suggestions among them) search as people type, which would flood it with fragments.
 */
export const GET = apiHandler(async (context) => {
  const { core, user } = context.locals;
  const query = parseInput(searchQuery, Object.fromEntries(context.url.searchParams));
  const result = await searchKnowledgeBase(
    core,
    user,
    { q: query.q, limit: query.limit, offset: query.offset, ...(query.category && { category: query.category }) },
    { record: false },
  );
  return json({
    hits: result.hits.map(searchHitToJson),
    engine: result.engine,
    tookMs: result.tookMs,
    total: result.total,
  });
});

export const ALL = methodNotAllowed;
