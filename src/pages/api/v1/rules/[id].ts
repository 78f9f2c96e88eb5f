import { deleteRule, getRule, rulePatchSchema, updateRule } from '../../../../core/automation/index.ts';
import { PorticoError } from '../../../../core/errors.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../server/api.ts';
import { ruleToJson } from '../../../../server/api-routes-rules.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const rule = await getRule(context.locals.core, actor, context.params.id ?? '');
  if (!rule) throw new PorticoError('not_found', 'No such rule.');
  return json({ rule: ruleToJson(rule) });
});

export const PATCH = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const patch = await readJson(context, rulePatchSchema);
  const rule = await updateRule(context.locals.core, actor, context.params.id ?? '', patch);
  return json({ rule: ruleToJson(rule) });
});

export const DELETE = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  await deleteRule(context.locals.core, actor, context.params.id ?? '');
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});

export const ALL = methodNotAllowed;
