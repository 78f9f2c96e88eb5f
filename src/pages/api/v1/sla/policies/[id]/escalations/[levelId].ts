import { deleteEscalationLevel } from '../../../../../../../core/sla/index.ts';
import { apiHandler, methodNotAllowed, requireApiUser } from '../../../../../../../server/api.ts';

export const DELETE = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  await deleteEscalationLevel(context.locals.core, actor, context.params.id ?? '', context.params.levelId ?? '');
  return new Response(null, { status: 204, headers: { 'Cache-Control': 'no-store' } });
});

export const ALL = methodNotAllowed;
