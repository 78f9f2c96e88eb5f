import { listRequestTypes } from '../../../../core/catalog/index.ts';
import { parseInput } from '../../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed } from '../../../../server/api.ts';
import { listRequestTypesQuery, requestTypeToJson } from '../../../../server/api-routes-catalog.ts';

/** Anyone may read the catalog; the core refuses inactive types to callers who are not staff. */
export const GET = apiHandler(async (context) => {
  const { core, user } = context.locals;
  const query = parseInput(listRequestTypesQuery, Object.fromEntries(context.url.searchParams));
  const types = await listRequestTypes(core, user, { includeInactive: query.includeInactive === 'true' });
  return json({ requestTypes: types.map(requestTypeToJson) });
});

export const ALL = methodNotAllowed;
