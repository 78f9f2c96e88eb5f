import { listMyApprovals } from '../../../../core/approvals/index.ts';
import { apiHandler, json, methodNotAllowed, requireApiUser } from '../../../../server/api.ts';
import { approvalToJson } from '../../../../server/api-routes-approvals.ts';

export const GET = apiHandler(async (context) => {
  const actor = requireApiUser(context);
  const approvals = await listMyApprovals(context.locals.core, actor);
  return json({ approvals: approvals.map(approvalToJson) });
});

export const ALL = methodNotAllowed;
