import {
  addEscalationLevel,
  escalationInputSchema,
  listEscalationLevels,
} from '../../../../../../../core/sla/index.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../../../server/api.ts';
import { escalationToJson } from '../../../../../../../server/api-routes-sla.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const levels = await listEscalationLevels(context.locals.core, actor, context.params.id ?? '');
  return json({ escalations: levels.map(escalationToJson) });
});

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context, 'admin');
  const input = await readJson(context, escalationInputSchema);
  const level = await addEscalationLevel(context.locals.core, actor, context.params.id ?? '', input);
  return json({ escalation: escalationToJson(level) }, 201);
});

export const ALL = methodNotAllowed;
