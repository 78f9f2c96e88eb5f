import { dryRunRule } from '../../../../core/automation/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { dryRunBody, dryRunToJson } from '../../../../server/api-routes-rules.ts';

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'admin');
  const input = await readJson(context, dryRunBody);
  return json(dryRunToJson(await dryRunRule(context.locals.core, actor, input)));
});

export const ALL = methodNotAllowed;
