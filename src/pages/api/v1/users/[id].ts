import { PorticoError } from '../../../../core/errors.ts';
import { getUser, updateUser, userPatchSchema } from '../../../../core/users/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { userToJson } from '../../../../server/api-schemas.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const user = await getUser(context.locals.core, actor, context.params.id ?? '');
  if (!user) throw new PorticoError('not_found', 'No such user.');
  return json({ user: userToJson(user) });
});

export const PATCH = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const patch = await readJson(context, userPatchSchema);
  const user = await updateUser(context.locals.core, actor, context.params.id ?? '', patch);
  return json({ user: userToJson(user) });
});

export const ALL = methodNotAllowed;
