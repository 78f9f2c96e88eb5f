/** The ticket events that make, mail and drop surveys. */
import { dueAt, ensureSurvey, isFinished, surveyForTicket } from './surveys.ts';
import type { CsatContext } from './surveys.ts';
import { sendSurvey } from './survey-mail.ts';

/**
 * Handles `ticket.resolved`: makes the ticket's survey and, without a delay, mails it right away. A
 * ticket resolved again after a reopen keeps its one survey; one not mailed yet waits the delay anew.
 */
export async function onTicketResolved(ctx: CsatContext, ticketId: string, now = new Date()): Promise<void> {
  const ticket = await ctx.core.tickets.get(ticketId);
  if (!ticket || !isFinished(ticket)) return;
  let survey = await surveyForTicket(ctx, ticket.id);
  if (survey) {
    if (survey.responded === 1 || survey.sent_at !== null) return;
    const changes = {
      due_at: dueAt(ctx, now),
      agent_id: ticket.assigneeId,
      group_id: ticket.groupId,
    };
    await ctx.db.updateTable('plugin_csat_surveys').set(changes).where('id', '=', survey.id).execute();
    survey = { ...survey, ...changes };
  } else {
    survey = (await ensureSurvey(ctx, ticket, now)) ?? undefined;
  }
  if (survey && ctx.settings.delayMinutes === 0) await sendSurvey(ctx, survey, now, ticket);
}

/**
 * Handles `ticket.reopened`: a survey not mailed yet is dropped (the next resolution makes a new one),
 * so nobody is asked about a ticket that is being worked on again.
 */
export async function onTicketReopened(ctx: CsatContext, ticketId: string): Promise<void> {
  await ctx.db
    .deleteFrom('plugin_csat_surveys')
    .where('ticket_id', '=', ticketId)
    .where('sent_at', 'is', null)
    .where('responded', '=', 0)
    .execute();
}
