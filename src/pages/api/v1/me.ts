import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../server/api.ts';
import { userToJson } from '../../../server/api-schemas.ts';

export const GET = apiHandler(async (context) => json({ user: userToJson(requireApiUser(context)) }));

export const ALL = methodNotAllowed;
