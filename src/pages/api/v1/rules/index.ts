import { createRule, listRules, ruleInputSchema } from '../../../../core/automation/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { ruleToJson } from '../../../../server/api-routes-rules.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const rules = await listRules(context.locals.core, actor);
  return json({ rules: rules.map(ruleToJson) });
});

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'admin');
  const input = await readJson(context, ruleInputSchema);
  const rule = await createRule(context.locals.core, actor, input);
  return json({ rule: ruleToJson(rule) }, 201);
});

export const ALL = methodNotAllowed;
