import { createGroup, groupInputSchema, listGroups } from '../../../../core/users/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { groupToJson } from '../../../../server/api-schemas.ts';

export const GET = apiHandler(async (context) => {
  const groups = await listGroups(context.locals.core, requireApiUser(context));
  return json({ groups: groups.map(groupToJson) });
});

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'admin');
  const group = await createGroup(context.locals.core, actor, await readJson(context, groupInputSchema));
  return json({ group: groupToJson(group) }, 201);
});

export const ALL = methodNotAllowed;
