import { z } from 'zod';

export const approverKinds = ['user', 'group_lead', 'org_manager'] as const;
export type ApproverKind = (typeof approverKinds)[number];
export const approvalRules = ['any', 'all'] as const;
export type ApprovalRule = (typeof approvalRules)[number];

/** Who approves: a named user (value = user id), a group's leads (value = group id), or the requester's organisation manager. */
export const approverSchema = z
  .object({ kind: z.enum(approverKinds), value: z.string().trim().max(64).nullable().default(null) })
  .refine((approver) => approver.kind === 'org_manager' || Boolean(approver.value), {
    message: 'Choose who approves.',
    path: ['value'],
  });
export type Approver = z.infer<typeof approverSchema>;

export const approvalStepSchema = z.object({
  name: z.string().trim().min(1, 'Name the step.').max(80, 'Use at most 80 characters.'),
  rule: z.enum(approvalRules).default('any'),
  approvers: z.array(approverSchema).min(1, 'Add at least one approver.').max(20),
});
export type ApprovalStep = z.infer<typeof approvalStepSchema>;

/** A request type's steps, in order; an empty list removes the approval. */
export const approvalStepsSchema = z.array(approvalStepSchema).max(10, 'Use at most 10 steps.');

export const approvalDecisionSchema = z.object({
  decision: z.enum(['approve', 'reject']),
  comment: z.string().trim().max(5000, 'Use at most 5000 characters.').default(''),
});
export type ApprovalDecisionInput = z.input<typeof approvalDecisionSchema>;
