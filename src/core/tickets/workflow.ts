import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { isStaff } from '../users/index.ts';
import { isOpenStatus, ticketReference } from './ticket.ts';
import type { TicketStatus } from './ticket.table.ts';

/** How long after resolution a customer's reply reopens a ticket; after it, a job closes the ticket. */
export const reopenWindowDays = 7;
export const reopenWindowMs = reopenWindowDays * 24 * 60 * 60 * 1000;

export interface TransitionContext {
  /** Numbers of the ticket's children that are still open. */
  openChildren: number[];
  /** Resolve or close even though children are open. */
  force: boolean;
}

/**
 * Checks a status change against the workflow: new → open → pending → resolved → closed, closed is
 * final, customers may only mark their request resolved, and a parent waits for its children.
 * @example
 * assertTransition(agent, 'open', 'resolved', { openChildren: [], force: false });
 */
export function assertTransition(actor: Actor, from: TicketStatus, to: TicketStatus, context: TransitionContext): void {
  if (from === to) return;
  if (from === 'closed') {
    throw new PorticoError('conflict', 'This ticket is closed and can no longer change.', {
      hint: 'Open a new ticket and link it as related.',
    });
  }
  if (!isStaff(actor)) {
    if (to !== 'resolved' || !isOpenStatus(from)) {
      throw new PorticoError('forbidden', 'You can only mark your request as resolved.', {
        hint: 'Reply to the request to reopen it.',
      });
    }
  }
  if (to === 'new') {
    throw new PorticoError('invalid_input', 'A ticket cannot go back to "new".', {
      details: { fields: { status: 'Choose open or pending instead.' } },
    });
  }
  if ((to === 'resolved' || to === 'closed') && context.openChildren.length > 0 && !context.force) {
    const children = context.openChildren.map(ticketReference).join(', ');
    throw new PorticoError('conflict', `This ticket has open child tickets: ${children}.`, {
      hint: 'Resolve the children first, or force the change.',
      details: { openChildren: context.openChildren.map(ticketReference) },
    });
  }
}

/** Whether a customer's reply may still reopen a ticket resolved at this time. */
export function withinReopenWindow(resolvedAt: Date | null, now: Date): boolean {
  return resolvedAt !== null && now.getTime() - resolvedAt.getTime() <= reopenWindowMs;
}
