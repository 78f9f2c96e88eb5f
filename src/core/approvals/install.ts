import type { Core } from '../context.ts';
import { startApproval } from './start.ts';

/**
 * Wires approvals into a core: every created ticket whose request type requires approval starts
 * waiting for it. Mail goes out as `mail.send` jobs (defined by the notifications module). No timer is
 * needed: links expire by their stored time when used.
 * @example
 * installApprovals(core);
 */
export function installApprovals(core: Core): void {
  core.events.on('ticket.created', async (event) => {
    await startApproval(core, event.payload.ticketId);
  });
}
