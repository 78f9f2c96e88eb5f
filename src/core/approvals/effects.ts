import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { holdTicket, releaseTicket, replyToTicket, updateTicket } from '../tickets/index.ts';

/** The hold an open approval keeps on its ticket (see holdTicket). */
export const approvalHold = 'approval';
import { systemActor } from '../users/index.ts';
import type { ApprovalOutcome, TicketFacts } from './steps.ts';

export async function ticketFacts(db: Db, ticketId: string): Promise<TicketFacts | undefined> {
  const row = await db
    .selectFrom('tickets')
    .innerJoin('users', 'users.id', 'tickets.requester_id')
    .select([
      'tickets.id',
      'tickets.number',
      'tickets.subject',
      'tickets.requester_id',
      'tickets.organisation_id',
      'users.name',
    ])
    .where('tickets.id', '=', ticketId)
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      number: Number(row.number),
      subject: row.subject,
      requesterId: row.requester_id,
      requesterName: row.name,
      organisationId: row.organisation_id,
    }
  );
}

/**
 * Carries an approval's outcome to the ticket, as Portico itself, after the approval committed:
 * notes, then open (approved) or the reason as a public reply and closed (rejected). A ticket an agent
 * closed meanwhile cannot change; that is logged, not thrown, because the decision itself stands.
 */
export async function applyOutcome(core: Core, outcome: ApprovalOutcome, first = false): Promise<void> {
  const { ticketNumber: number } = outcome;
  try {
    const ticket = await core.db.selectFrom('tickets').select('id').where('number', '=', number).executeTakeFirst();
    if (!ticket) return;
    if (first && outcome.result === 'waiting') {
      // Held first, so the customer's replies keep it pending and nobody tells them it waits for them.
      await holdTicket(core.db, ticket.id, approvalHold);
      await updateTicket(core, systemActor, number, { status: 'pending' });
    }
    if (outcome.result !== 'waiting') await releaseTicket(core.db, ticket.id, approvalHold);
    for (const body of outcome.notes) await replyToTicket(core, systemActor, number, { body, internal: true });
    if (outcome.result === 'approved') {
      await replyToTicket(core, systemActor, number, { body: 'Approved: work can start.', internal: true });
      await updateTicket(core, systemActor, number, { status: 'open' });
    }
    if (outcome.result === 'rejected') {
      await replyToTicket(core, systemActor, number, {
        body: `Your request was not approved.\n\n${outcome.reason ?? ''}`.trim(),
      });
      await updateTicket(core, systemActor, number, { status: 'closed', force: true });
    }
  } catch (error) {
    core.log.warn({ err: error, ticket: number, approval: outcome.requestId }, 'approval could not update its ticket');
  }
}
