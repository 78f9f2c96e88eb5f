import { z } from 'zod';
import { approvalDecisionSchema } from '../core/approvals/index.ts';
import type { ApprovalView } from '../core/approvals/index.ts';
import type { ApiOperation } from './api-routes.ts';

export const approvalResource = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'approved', 'rejected']),
    ticket: z.object({ number: z.number().int(), reference: z.string(), subject: z.string() }),
    requestType: z.string().nullable(),
    requester: z.string().meta({ description: 'The requester’s name' }),
    currentStep: z.string().nullable(),
    steps: z.array(
      z.object({
        name: z.string(),
        rule: z.enum(['any', 'all']),
        state: z.enum(['waiting', 'approved', 'rejected', 'upcoming', 'skipped']),
      }),
    ),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'Approval' });

export function approvalToJson(approval: ApprovalView): z.infer<typeof approvalResource> {
  return {
    id: approval.id,
    status: approval.status,
    ticket: { number: approval.ticketNumber, reference: approval.reference, subject: approval.subject },
    requestType: approval.requestTypeName,
    requester: approval.requesterName,
    currentStep: approval.currentStep,
    steps: approval.steps.map((step) => ({ name: step.name, rule: step.rule, state: step.state })),
    createdAt: approval.createdAt.toISOString(),
  };
}

/** The approvals REST API; spread into `apiOperations`, from which the OpenAPI document is generated. */
export const approvalApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/approvals',
    summary: 'The approvals waiting for the caller’s decision',
    audience: 'user',
    response: z.object({ approvals: z.array(approvalResource) }),
  },
  {
    method: 'post',
    path: '/approvals/{id}/decision',
    summary:
      'Approve or reject (a rejection needs a comment: it is sent to the requester). ' +
      'Only the approvers of the current step may decide; others get 404, an approver whose turn is over 409.',
    audience: 'user',
    body: approvalDecisionSchema,
    response: z.object({ approval: approvalResource }),
    errors: ['404', '409', '422'],
  },
];
