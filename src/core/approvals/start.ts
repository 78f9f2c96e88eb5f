import type { Core } from '../context.ts';
import { newId, toStoredTime } from '../db/values.ts';
import { stepsOfRequestType } from './definitions.ts';
import { applyOutcome, ticketFacts } from './effects.ts';
import type { ApprovalOutcome } from './steps.ts';
import { startSteps } from './steps.ts';

/**
 * Starts the approval of a newly created ticket when its request type requires one: records it, asks
 * the first step's approvers (mail with a one-time link), and puts the ticket in `pending` with a note.
 * Runs once per ticket, however often the event is delivered; resolves with the outcome, or undefined
 * when no approval applies.
 * @example
 * core.events.on('ticket.created', (event) => startApproval(core, event.payload.ticketId));
 */
export async function startApproval(
  core: Core,
  ticketId: string,
  now: Date = new Date(),
): Promise<ApprovalOutcome | undefined> {
  const row = await core.db
    .selectFrom('tickets')
    .select(['request_type_id', 'status'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!row?.request_type_id || row.status === 'closed') return undefined;
  const steps = await stepsOfRequestType(core.db, row.request_type_id);
  const ticket = await ticketFacts(core.db, ticketId);
  if (steps.length === 0 || !ticket) return undefined;
  const requestTypeId = row.request_type_id;
  const outcome = await core.db.transaction().execute(async (trx) => {
    const id = newId();
    const inserted = await trx
      .insertInto('approval_requests')
      .values({
        id,
        ticket_id: ticketId,
        request_type_id: requestTypeId,
        steps: JSON.stringify(steps),
        current_step: 0,
        status: 'pending',
        created_at: toStoredTime(now),
        updated_at: toStoredTime(now),
        decided_at: null,
      })
      .onConflict((oc) => oc.column('ticket_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) return undefined;
    const notes: string[] = [];
    const started = await startSteps(core, trx, id, steps, 0, ticket, notes, now);
    if (!started.waiting) {
      await trx
        .updateTable('approval_requests')
        .set({ status: 'approved', current_step: started.index, decided_at: toStoredTime(now) })
        .where('id', '=', id)
        .execute();
    } else if (started.index !== 0) {
      await trx.updateTable('approval_requests').set({ current_step: started.index }).where('id', '=', id).execute();
    }
    const result: ApprovalOutcome = {
      requestId: id,
      ticketNumber: ticket.number,
      notes,
      result: started.waiting ? 'waiting' : 'approved',
      reason: null,
    };
    return result;
  });
  if (!outcome) return undefined;
  await applyOutcome(core, outcome, true);
  return outcome;
}
