import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { fromStoredTime } from '../db/values.ts';
import type { Ticket } from '../tickets/index.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import type { ApprovalRule, ApprovalStep } from './schemas.ts';

export interface ApprovalVote {
  approverId: string;
  approverName: string;
  decision: 'approve' | 'reject' | null;
  comment: string | null;
  decidedAt: Date | null;
}

export interface ApprovalStepView {
  name: string;
  rule: ApprovalRule;
  state: 'waiting' | 'approved' | 'rejected' | 'upcoming' | 'skipped';
  /** Who was asked and what they said; empty for customers who are not approvers. */
  votes: ApprovalVote[];
}

/** An approval as its approvers (and staff) see it: the request summary and every step. */
export interface ApprovalView {
  id: string;
  status: 'pending' | 'approved' | 'rejected';
  ticketNumber: number;
  reference: string;
  subject: string;
  description: string;
  requestTypeName: string | null;
  requesterName: string;
  answers: { label: string; display: string }[];
  currentStep: string | null;
  steps: ApprovalStepView[];
  createdAt: Date;
  /** Whether the caller has an undecided vote in the current step: it is their turn. */
  myTurn: boolean;
}

async function viewOf(
  db: Db,
  requestId: string,
  viewerId: string | null,
  withVotes: boolean,
): Promise<ApprovalView | undefined> {
  const request = await db
    .selectFrom('approval_requests')
    .innerJoin('tickets', 'tickets.id', 'approval_requests.ticket_id')
    .innerJoin('users', 'users.id', 'tickets.requester_id')
    .selectAll('approval_requests')
    .select([
      'tickets.number',
      'tickets.subject',
      'tickets.description',
      'tickets.fields',
      'tickets.request_type_name',
      'users.name as requester_name',
    ])
    .where('approval_requests.id', '=', requestId)
    .executeTakeFirst();
  if (!request) return undefined;
  const votes = await db
    .selectFrom('approval_decisions')
    .innerJoin('users', 'users.id', 'approval_decisions.approver_id')
    .selectAll('approval_decisions')
    .select('users.name')
    .where('request_id', '=', requestId)
    .orderBy('users.name')
    .execute();
  const definition = JSON.parse(request.steps) as ApprovalStep[];
  const current = Number(request.current_step);
  const steps = definition.map((step, index): ApprovalStepView => {
    const mine = votes.filter((vote) => Number(vote.step) === index);
    let state: ApprovalStepView['state'] = 'upcoming';
    if (mine.some((vote) => vote.decision === 'reject')) state = 'rejected';
    else if (index < current || (request.status === 'approved' && mine.length > 0))
      state = mine.length ? 'approved' : 'skipped';
    else if (index === current && request.status === 'pending') state = 'waiting';
    return {
      name: step.name,
      rule: step.rule,
      state,
      votes: withVotes
        ? mine.map((vote) => ({
            approverId: vote.approver_id,
            approverName: vote.name,
            decision: vote.decision,
            comment: vote.comment,
            decidedAt: vote.decided_at === null ? null : fromStoredTime(vote.decided_at),
          }))
        : [],
    };
  });
  const fields = JSON.parse(request.fields) as { label: string; display: string }[];
  return {
    id: request.id,
    status: request.status,
    ticketNumber: Number(request.number),
    reference: `PT-${Number(request.number)}`,
    subject: request.subject,
    description: request.description,
    requestTypeName: request.request_type_name,
    requesterName: request.requester_name,
    answers: fields
      .filter((field) => field.display !== '')
      .map((field) => ({ label: field.label, display: field.display })),
    currentStep: request.status === 'pending' ? (definition[current]?.name ?? null) : null,
    steps,
    createdAt: fromStoredTime(request.created_at),
    myTurn:
      request.status === 'pending' &&
      votes.some((vote) => vote.approver_id === viewerId && Number(vote.step) === current && vote.decision === null),
  };
}

/** For the link page: the approval behind one approver's decision row. */
export async function viewForApprover(
  db: Db,
  requestId: string,
  approverId: string,
): Promise<ApprovalView | undefined> {
  return viewOf(db, requestId, approverId, true);
}

/**
 * The approvals waiting for the caller's decision now, oldest first.
 * @example
 * const waiting = await listMyApprovals(core, user); // [{ id, reference, subject, currentStep, … }]
 */
export async function listMyApprovals(core: Core, actor: Actor | null): Promise<ApprovalView[]> {
  if (!actor || actor.role === 'system') return [];
  const rows = await core.db
    .selectFrom('approval_decisions')
    .innerJoin('approval_requests', 'approval_requests.id', 'approval_decisions.request_id')
    .select(['approval_requests.id'])
    .where('approval_decisions.approver_id', '=', actor.id)
    .where('approval_decisions.decision', 'is', null)
    .where('approval_requests.status', '=', 'pending')
    .whereRef('approval_requests.current_step', '=', 'approval_decisions.step')
    .orderBy('approval_requests.created_at')
    .execute();
  const views = await Promise.all(rows.map((row) => viewOf(core.db, row.id, actor.id, true)));
  return views.filter((view): view is ApprovalView => view !== undefined);
}

/**
 * One approval, for someone who was asked to decide on it (at any step) or for staff; anyone else gets
 * undefined, the same as for an approval that does not exist.
 * @example
 * const approval = await getApproval(core, user, Astro.params.id);
 * if (approval?.myTurn) showDecisionForm();
 */
export async function getApproval(core: Core, actor: Actor | null, id: string): Promise<ApprovalView | undefined> {
  if (!actor) return undefined;
  if (!isStaff(actor)) {
    const asked = await core.db
      .selectFrom('approval_decisions')
      .select('id')
      .where('request_id', '=', id)
      .where('approver_id', '=', actor.id)
      .executeTakeFirst();
    if (!asked) return undefined;
  }
  return viewOf(core.db, id, actor.id, true);
}

/**
 * The approval of a ticket the caller already obtained from the tickets core (which checked they may
 * see it), or undefined when it needs none. Staff see who decided what; the requester sees the steps.
 * "Pending approval" is a ticket in `pending` whose approval is still pending.
 * @example
 * const approval = await approvalForTicket(core, user, detail.ticket);
 * const waiting = approval?.status === 'pending' && detail.ticket.status === 'pending';
 */
export async function approvalForTicket(
  core: Core,
  actor: Actor | null,
  ticket: Ticket,
): Promise<ApprovalView | undefined> {
  if (!actor) return undefined;
  const row = await core.db
    .selectFrom('approval_requests')
    .select('id')
    .where('ticket_id', '=', ticket.id)
    .executeTakeFirst();
  if (!row) return undefined;
  return viewOf(core.db, row.id, actor.id, isStaff(actor));
}
