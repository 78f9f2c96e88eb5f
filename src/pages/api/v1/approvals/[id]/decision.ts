import { approvalDecisionSchema, decideApproval, getApproval } from '../../../../../core/approvals/index.ts';
import { PorticoError } from '../../../../../core/errors.ts';
import { apiHandler, json, methodNotAllowed, readJson, requireApiUser } from '../../../../../server/api.ts';
import { approvalToJson } from '../../../../../server/api-routes-approvals.ts';

export const POST = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const input = await readJson(context, approvalDecisionSchema);
  const id = context.params.id ?? '';
  await decideApproval(context.locals.core, actor, id, input);
  const approval = await getApproval(context.locals.core, actor, id);
  if (!approval) throw new PorticoError('not_found', 'No such approval.');
  return json({ approval: approvalToJson(approval) });
});

export const ALL = methodNotAllowed;
