import { sendPasswordLink } from '../../../../core/auth/index.ts';
import { createUser, listUsers, newUserSchema } from '../../../../core/users/index.ts';
import { parseInput } from '../../../../core/validation.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { listUsersQuery } from '../../../../server/api-routes.ts';
import { userToJson } from '../../../../server/api-schemas.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const query = parseInput(listUsersQuery, Object.fromEntries(context.url.searchParams));
  const { users, total } = await listUsers(context.locals.core, actor, {
    ...(query.role && { role: query.role }),
    ...(query.q && { query: query.q }),
    ...(query.active && { active: query.active === 'true' }),
    limit: query.limit,
    offset: query.offset,
  });
  return json({ users: users.map(userToJson), total });
});

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'admin');
  const input = await readJson(context, newUserSchema);
  const user = await createUser(context.locals.core, actor, input);
  if (input.password === undefined) await sendPasswordLink(context.locals.core, actor, user.id, 'invitation');
  return json({ user: userToJson(user) }, 201);
});

export const ALL = methodNotAllowed;
