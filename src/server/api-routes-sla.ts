import { z } from 'zod';
import { escalationInputSchema } from '../core/sla/index.ts';
import type { EscalationLevel } from '../core/sla/index.ts';
import type { ApiOperation } from './api-routes.ts';

export const escalationResource = z
  .object({
    id: z.string(),
    policyId: z.string(),
    target: z.enum(['first_response', 'next_reply', 'resolution']),
    offsetMinutes: z
      .number()
      .int()
      .meta({ description: 'Business minutes from the target’s deadline: negative before it, positive after' }),
    actions: z.object({
      notifyAssignee: z.boolean(),
      notifyGroupLeads: z.boolean(),
      notifyUserId: z.string().nullable(),
      raisePriority: z.boolean().meta({ description: 'One step up, never above P1' }),
      reassignGroupId: z.string().nullable(),
    }),
  })
  .meta({ id: 'EscalationLevel' });

export function escalationToJson(level: EscalationLevel): z.infer<typeof escalationResource> {
  return {
    id: level.id,
    policyId: level.policyId,
    target: level.target,
    offsetMinutes: level.offsetMinutes,
    actions: { ...level.actions },
  };
}

/** Escalation levels of SLA policies; spread into `apiOperations`, from which the OpenAPI document is generated. */
export const slaApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/sla/policies/{id}/escalations',
    summary: 'The escalation levels of an SLA policy (agents and admins)',
    audience: 'staff',
    response: z.object({ escalations: z.array(escalationResource) }),
  },
  {
    method: 'post',
    path: '/sla/policies/{id}/escalations',
    summary: 'Add an escalation level to an SLA policy (admins): a target, an offset from its deadline, and what to do',
    audience: 'admin',
    body: escalationInputSchema,
    response: z.object({ escalation: escalationResource }),
    status: 201,
  },
  {
    method: 'delete',
    path: '/sla/policies/{id}/escalations/{levelId}',
    summary: 'Remove an escalation level (admins)',
    audience: 'admin',
    response: z.null().meta({ description: 'No content' }),
    status: 204,
  },
];
