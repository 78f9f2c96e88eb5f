import type { PluginEvents, PortalUser } from 'portico/plugin-api';
import { ratingLabel } from './format.ts';
import type { CsatContext } from './surveys.ts';

/**
 * Who follows up a low rating: an active lead of the ticket's group (at resolution), else the agent who
 * resolved it; null when there is neither.
 */
export async function recoveryOwner(
  ctx: CsatContext,
  groupId: string | null,
  agentId: string | null,
): Promise<PortalUser | null> {
  if (groupId) {
    const lead = (await ctx.core.groups.members(groupId)).find((member) => member.isLead && member.user.active);
    if (lead) return lead.user;
  }
  if (agentId) {
    const agent = await ctx.core.users.get(agentId);
    if (agent?.active && agent.role !== 'customer') return agent;
  }
  return null;
}

/**
 * Handles the plugin's own `csat.responded`: a rating at or below `lowRatingThreshold` opens a
 * "Service recovery" task for the group lead (else the agent), related to the ticket, and adds an
 * internal note to the ticket. Runs once per response (the task's number is recorded).
 */
export async function recoverService(ctx: CsatContext, payload: PluginEvents['csat.responded']): Promise<void> {
  if (payload.rating > ctx.settings.lowRatingThreshold) return;
  const response = await ctx.db
    .selectFrom('plugin_csat_responses')
    .selectAll()
    .where('id', '=', payload.responseId)
    .executeTakeFirst();
  if (!response || response.recovery_ticket_number !== null) return;
  const ticket = await ctx.core.tickets.get(payload.ticketId);
  if (!ticket) return;
  const requester = await ctx.core.users.get(payload.requesterId);
  const owner = await recoveryOwner(ctx, payload.groupId, payload.agentId);
  const rated = `${payload.rating}/5 (${ratingLabel(payload.rating)})`;
  const quoted = response.comment ? response.comment.replace(/^/gm, '> ') : null;

  let taskLine = 'Nobody was found to follow up (the ticket has no group lead and no assignee).';
  if (owner) {
    const task = await ctx.core.tickets.createTask({
      subject: `Service recovery: ${ticket.reference} rated ${payload.rating}/5`,
      description: [
        `${requester?.name ?? 'The requester'} rated ${ticket.reference} "${ticket.subject}" ${rated}.`,
        quoted ? `Their comment:\n${quoted}` : 'They left no comment.',
        '',
        `Please get in touch with them, find out what went wrong and put it right: ${ticket.deskUrl}`,
      ].join('\n\n'),
      requesterId: owner.id,
      groupId: payload.groupId,
      assigneeId: owner.id,
      relatedTicketNumber: ticket.number,
    });
    await ctx.db
      .updateTable('plugin_csat_responses')
      .set({ recovery_ticket_number: task.number })
      .where('id', '=', response.id)
      .execute();
    taskLine = `Follow-up task ${task.reference} was opened for ${owner.name}.`;
  } else {
    ctx.log.warn({ ticket: ticket.reference }, 'low CSAT rating without a group lead or assignee to follow up');
  }
  await ctx.core.tickets.addInternalNote(
    ticket.number,
    [`Customer satisfaction: rated ${rated}.`, quoted ? `Comment:\n${quoted}` : 'No comment.', taskLine].join('\n\n'),
  );
}
