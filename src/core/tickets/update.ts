import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { assertSignedIn, loadVisibleTicket } from './access.ts';
import { assertAssignable, assertGroupExists } from './people.ts';
import { ticketPatchSchema } from './schemas.ts';
import type { TicketPatch } from './schemas.ts';
import type { Ticket } from './ticket.ts';
import { rowToTicket } from './ticket.ts';
import { assertTransition } from './workflow.ts';
import { applyTicketChanges, openChildNumbers, replaceTicketTags, ticketTags, writeAudit } from './write.ts';

function assertCustomerPatch(patch: Record<string, unknown>): void {
  const keys = Object.keys(patch);
  if (keys.length === 1 && keys[0] === 'status' && patch['status'] === 'resolved') return;
  throw new PorticoError('forbidden', 'You can only mark your request as resolved.', {
    hint: 'Reply to the request to tell the service desk anything else.',
  });
}

/**
 * Changes a ticket's status, priority, kind, subject, group, assignee, tags, or (problems) root cause
 * and workaround, audited field by field. Customers may only mark their own request resolved.
 * @example
 * await updateTicket(core, agent, 1042, { assigneeId: agent.id, status: 'open' });
 */
export async function updateTicket(core: Core, actor: Actor | null, number: number, raw: TicketPatch): Promise<Ticket> {
  assertSignedIn(actor);
  const patch = parseInput(ticketPatchSchema, raw);
  const ticket = await loadVisibleTicket(core, actor, number);
  if (!isStaff(actor)) assertCustomerPatch(patch);
  if (ticket.status === 'closed') {
    throw new PorticoError('conflict', 'This ticket is closed and can no longer change.', {
      hint: 'Open a new ticket and link it as related.',
    });
  }
  if (patch.status !== undefined) {
    assertTransition(actor, ticket.status, patch.status, {
      openChildren: await openChildNumbers(core.db, ticket.id),
      force: patch.force ?? false,
    });
  }
  if ((patch.rootCause !== undefined || patch.workaround !== undefined) && (patch.kind ?? ticket.kind) !== 'problem') {
    throw new PorticoError('invalid_input', 'Only problems have a root cause and workaround.', {
      details: { fields: { rootCause: 'Only for problems.' } },
    });
  }
  if (patch.groupId) await assertGroupExists(core.db, patch.groupId);
  if (patch.assigneeId) await assertAssignable(core.db, patch.assigneeId);
  const actorId = actor.role === 'system' ? null : actor.id;

  const updated = await core.db.transaction().execute(async (trx) => {
    const extraEvents = [];
    if (patch.tags !== undefined) {
      const before = (await ticketTags(trx, [ticket.id])).get(ticket.id) ?? [];
      const after = [...new Set(patch.tags)].sort();
      if (before.join(',') !== after.join(',')) {
        await replaceTicketTags(trx, ticket.id, after);
        const change = { field: 'tags', from: before.join(', ') || null, to: after.join(', ') || null };
        await writeAudit(trx, ticket.id, actorId, [change]);
        extraEvents.push({
          type: 'ticket.updated' as const,
          subjectId: ticket.id,
          payload: { ticketId: ticket.id, number: Number(ticket.number), changes: [change] },
        });
      }
    }
    return applyTicketChanges(
      trx,
      actorId,
      ticket,
      {
        status: patch.status,
        priority: patch.priority,
        impact: patch.impact,
        urgency: patch.urgency,
        kind: patch.kind,
        subject: patch.subject,
        group_id: patch.groupId,
        assignee_id: patch.assigneeId,
        root_cause: patch.rootCause,
        workaround: patch.workaround,
      },
      { reopenReason: 'agent', extraEvents },
    );
  });
  core.events.dispatchSoon();
  return rowToTicket(updated);
}

export interface BulkResult {
  updated: number[];
  failed: { number: number; message: string }[];
}

/**
 * Applies one change to many tickets (agents): each ticket on its own, so one refusal (a closed
 * ticket, a parent with open children) does not stop the rest.
 * @example
 * const { updated, failed } = await bulkUpdateTickets(core, agent, [1042, 1043], { assigneeId: agent.id });
 */
export async function bulkUpdateTickets(
  core: Core,
  actor: Actor | null,
  numbers: number[],
  patch: Pick<TicketPatch, 'status' | 'assigneeId' | 'groupId' | 'priority'>,
): Promise<BulkResult> {
  assertSignedIn(actor);
  if (!isStaff(actor)) throw new PorticoError('forbidden', 'Only agents can change tickets in bulk.');
  if (numbers.length > 500) {
    throw new PorticoError('invalid_input', 'Change at most 500 tickets at once.');
  }
  const result: BulkResult = { updated: [], failed: [] };
  for (const number of [...new Set(numbers)]) {
    try {
      await updateTicket(core, actor, number, patch);
      result.updated.push(number);
    } catch (error) {
      if (!(error instanceof PorticoError)) throw error;
      result.failed.push({ number, message: error.message });
    }
  }
  return result;
}
