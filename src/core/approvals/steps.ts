import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, toStoredTime } from '../db/values.ts';
import { enqueueJob } from '../jobs/index.ts';
import type { ApprovalStep } from './schemas.ts';
import { createLinkToken, linkLifetimeDays } from './tokens.ts';

/** What the ticket needs after an approval changed: applied after commit, as Portico itself. */
export interface ApprovalOutcome {
  requestId: string;
  ticketNumber: number;
  /** Internal notes to add, in order ("Waiting for approval: Manager"). */
  notes: string[];
  result: 'waiting' | 'approved' | 'rejected';
  /** The rejecting approver's reason (rejected only). */
  reason: string | null;
}

export interface TicketFacts {
  id: string;
  number: number;
  subject: string;
  requesterId: string;
  requesterName: string;
  organisationId: string | null;
}

/** Active people who approve this step for this ticket, without duplicates. */
async function approversOf(
  db: Db,
  step: ApprovalStep,
  ticket: TicketFacts,
): Promise<{ id: string; email: string; name: string }[]> {
  const ids = new Set<string>();
  for (const approver of step.approvers) {
    if (approver.kind === 'user' && approver.value) ids.add(approver.value);
    if (approver.kind === 'group_lead' && approver.value) {
      const leads = await db
        .selectFrom('group_members')
        .select('user_id')
        .where('group_id', '=', approver.value)
        .where('is_lead', '=', 1)
        .execute();
      for (const lead of leads) ids.add(lead.user_id);
    }
    if (approver.kind === 'org_manager' && ticket.organisationId) {
      const managers = await db
        .selectFrom('approval_org_managers')
        .select('user_id')
        .where('organisation_id', '=', ticket.organisationId)
        .execute();
      for (const manager of managers) ids.add(manager.user_id);
    }
  }
  if (ids.size === 0) return [];
  return db
    .selectFrom('users')
    .select(['id', 'email', 'name'])
    .where('id', 'in', [...ids])
    .where('active', '=', 1)
    .orderBy('name')
    .execute();
}

function mailText(core: Core, ticket: TicketFacts, step: ApprovalStep, name: string, token: string): string {
  const link = new URL(`/approvals/decide/${token}`, core.config.publicUrl).toString();
  return [
    `Hello ${name},`,
    '',
    `${ticket.requesterName} asks for approval of PT-${ticket.number}: ${ticket.subject}`,
    `Step: ${step.name}`,
    '',
    `Review and approve or reject it here (the link works once and for ${linkLifetimeDays} days):`,
    link,
    '',
    `You can also decide in the portal: ${new URL('/approvals', core.config.publicUrl).toString()}`,
  ].join('\n');
}

/**
 * Starts steps from `index` on, in the caller's transaction: each approver gets a decision row, a
 * one-time link and one mail. A step nobody can approve is skipped with a note, so a ticket never
 * waits for no one; returns whether a step is now waiting, and the index reached.
 */
export async function startSteps(
  core: Core,
  trx: Db,
  requestId: string,
  steps: ApprovalStep[],
  index: number,
  ticket: TicketFacts,
  notes: string[],
  now: Date,
): Promise<{ waiting: boolean; index: number }> {
  for (let current = index; current < steps.length; current += 1) {
    const step = steps[current] as ApprovalStep;
    const approvers = await approversOf(trx, step, ticket);
    if (approvers.length === 0) {
      notes.push(`Approval step "${step.name}" has no active approver; skipped.`);
      continue;
    }
    for (const approver of approvers) {
      const decisionId = newId();
      await trx
        .insertInto('approval_decisions')
        .values({
          id: decisionId,
          request_id: requestId,
          step: current,
          approver_id: approver.id,
          decision: null,
          comment: null,
          decided_via: null,
          decided_at: null,
          created_at: toStoredTime(now),
        })
        .execute();
      const token = await createLinkToken(trx, decisionId, now);
      await enqueueJob(
        trx,
        'mail.send',
        {
          to: approver.email,
          subject: `Approval needed: PT-${ticket.number} ${ticket.subject}`,
          text: mailText(core, ticket, step, approver.name, token),
        },
        { dedupeKey: `approval:${requestId}:${current}:${approver.id}`, maxAttempts: 12 },
      );
    }
    notes.push(`Waiting for approval: ${step.name}`);
    return { waiting: true, index: current };
  }
  return { waiting: false, index: steps.length };
}
