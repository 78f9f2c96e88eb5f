/**
 * Approvals: a request type can require one or more ordered approval steps (a named user, a group's
 * leads, or the requester's organisation manager; any or all must approve) before work starts. The
 * ticket waits in `pending` with an open approval ("pending approval"), then opens, or closes with the
 * reason. Approvers decide in the portal, the API, or through a one-time link in mail.
 * @example
 * installApprovals(core);
 * await setApprovalSteps(core, admin, requestType.id, [{ name: 'Manager', rule: 'any', approvers: [{ kind: 'org_manager', value: null }] }]);
 * const [waiting] = await listMyApprovals(core, manager);
 * await decideApproval(core, manager, waiting.id, { decision: 'approve', comment: '' });
 */
export { installApprovals } from './install.ts';
export { startApproval } from './start.ts';
export { listApprovalDefinitions, setApprovalSteps } from './definitions.ts';
export { addOrgManager, listOrgManagers, removeOrgManager } from './org-managers.ts';
export type { OrgManager } from './org-managers.ts';
export { decideApproval } from './decide.ts';
export { decideByLink, lookupApprovalLink } from './links.ts';
export type { ApprovalLink } from './links.ts';
export { approvalForTicket, getApproval, listMyApprovals } from './queries.ts';
export type { ApprovalStepView, ApprovalView, ApprovalVote } from './queries.ts';
export { linkLifetimeDays } from './tokens.ts';
export {
  approvalDecisionSchema,
  approvalRules,
  approvalStepSchema,
  approvalStepsSchema,
  approverKinds,
  approverSchema,
} from './schemas.ts';
export type { ApprovalDecisionInput, ApprovalRule, ApprovalStep, Approver, ApproverKind } from './schemas.ts';
export type { ApprovalOutcome } from './steps.ts';
