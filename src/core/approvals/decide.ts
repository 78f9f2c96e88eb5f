import type { Core } from '../context.ts';
import { toStoredTime } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { applyOutcome, ticketFacts } from './effects.ts';
import { approvalDecisionSchema } from './schemas.ts';
import type { ApprovalDecisionInput, ApprovalStep } from './schemas.ts';
import type { ApprovalOutcome } from './steps.ts';
import { startSteps } from './steps.ts';

export type DecisionChannel = 'portal' | 'link';

/** Checks a decision's input; a rejection needs a reason. */
export function parseDecision(raw: ApprovalDecisionInput) {
  const input = parseInput(approvalDecisionSchema, raw);
  if (input.decision === 'reject' && !input.comment) {
    throw new PorticoError('invalid_input', 'Say why you reject the request.', {
      hint: 'The reason is sent to the requester.',
      details: { fields: { comment: 'Give a reason.' } },
    });
  }
  return input;
}

const stepOver = () =>
  new PorticoError('conflict', 'This approval step is already decided.', {
    hint: 'Nothing more is needed from you.',
  });

/**
 * Records one approver's decision (by the id of their decision row) and moves the approval on: a
 * rejection ends it; an approval completes the step when its rule (any/all) is met, then the next step
 * starts or the approval is done. One transaction; the ticket follows after commit.
 */
export async function recordDecision(
  core: Core,
  decisionId: string,
  raw: ApprovalDecisionInput,
  via: DecisionChannel,
  now: Date,
): Promise<ApprovalOutcome> {
  const input = parseDecision(raw);
  const at = toStoredTime(now);
  const outcome = await core.db.transaction().execute(async (trx) => {
    const mine = await trx.selectFrom('approval_decisions').selectAll().where('id', '=', decisionId).executeTakeFirst();
    if (!mine) throw new PorticoError('not_found', 'No such approval.');
    // Touching the request first locks it (PostgreSQL), so two last approvals of an "all" step cannot both miss each other.
    const locked = await trx
      .updateTable('approval_requests')
      .set({ updated_at: at })
      .where('id', '=', mine.request_id)
      .where('status', '=', 'pending')
      .where('current_step', '=', mine.step)
      .executeTakeFirst();
    if (Number(locked.numUpdatedRows) === 0) throw stepOver();
    const decided = await trx
      .updateTable('approval_decisions')
      .set({ decision: input.decision, comment: input.comment || null, decided_via: via, decided_at: at })
      .where('id', '=', decisionId)
      .where('decision', 'is', null)
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) === 0) throw stepOver();
    await trx
      .updateTable('approval_links')
      .set({ used_at: at })
      .where('decision_id', '=', decisionId)
      .where('used_at', 'is', null)
      .execute();
    const request = await trx
      .selectFrom('approval_requests')
      .selectAll()
      .where('id', '=', mine.request_id)
      .executeTakeFirstOrThrow();
    const ticket = await ticketFacts(trx, request.ticket_id);
    if (!ticket) throw new PorticoError('not_found', 'No such approval.');
    const steps = JSON.parse(request.steps) as ApprovalStep[];
    const step = steps[mine.step] as ApprovalStep;
    const result: ApprovalOutcome = {
      requestId: request.id,
      ticketNumber: ticket.number,
      notes: [],
      result: 'waiting',
      reason: null,
    };
    const finish = (status: 'approved' | 'rejected', currentStep: number) =>
      trx
        .updateTable('approval_requests')
        .set({ status, current_step: currentStep, decided_at: at })
        .where('id', '=', request.id)
        .execute();
    if (input.decision === 'reject') {
      await finish('rejected', mine.step);
      return { ...result, result: 'rejected' as const, reason: input.comment };
    }
    if (step.rule === 'all') {
      const open = await trx
        .selectFrom('approval_decisions')
        .select('id')
        .where('request_id', '=', request.id)
        .where('step', '=', mine.step)
        .where('decision', 'is', null)
        .executeTakeFirst();
      if (open) return result;
    }
    result.notes.push(`Approval step "${step.name}" approved.`);
    const next = await startSteps(core, trx, request.id, steps, mine.step + 1, ticket, result.notes, now);
    if (!next.waiting) {
      await finish('approved', steps.length);
      return { ...result, result: 'approved' as const };
    }
    await trx.updateTable('approval_requests').set({ current_step: next.index }).where('id', '=', request.id).execute();
    return result;
  });
  await applyOutcome(core, outcome);
  return outcome;
}

/**
 * Approves or rejects, in the portal or the API, the approval waiting for the signed-in approver.
 * Someone who is not an approver of it gets not found; an approver whose turn is over gets a conflict.
 * A rejection needs a comment: it becomes the public reply that closes the ticket.
 * @example
 * await decideApproval(core, manager, approvalId, { decision: 'approve', comment: 'Fine by me.' });
 */
export async function decideApproval(
  core: Core,
  actor: Actor | null,
  approvalId: string,
  raw: ApprovalDecisionInput,
  now: Date = new Date(),
): Promise<ApprovalOutcome> {
  if (!actor) throw new PorticoError('unauthenticated', 'Sign in to continue.');
  const rows = await core.db
    .selectFrom('approval_decisions')
    .innerJoin('approval_requests', 'approval_requests.id', 'approval_decisions.request_id')
    .select([
      'approval_decisions.id',
      'approval_decisions.step',
      'approval_decisions.decision',
      'approval_requests.current_step',
    ])
    .where('approval_decisions.request_id', '=', approvalId)
    .where('approval_decisions.approver_id', '=', actor.id)
    .execute();
  if (rows.length === 0) {
    throw new PorticoError('not_found', 'No such approval.', { hint: 'Open it from your list of approvals.' });
  }
  const current = rows.find((row) => row.step === row.current_step && row.decision === null);
  if (!current) {
    parseDecision(raw);
    throw stepOver();
  }
  return recordDecision(core, current.id, raw, 'portal', now);
}
