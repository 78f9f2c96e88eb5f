/**
 * Surveys: which ticket gets one, for whom, and making it. Mailing them is survey-mail.ts; what a link opens is
 * survey-links.ts; the ticket events that drive them are ticket-events.ts.
 */
import type { PluginContext, PortalTicket, PortalUser } from 'portico/plugin-api';
import type { CsatSettings } from './settings.ts';
import type { SurveyTable } from './tables.ts';

/** What the plugin's handlers, jobs and pages work with. */
export type CsatContext = PluginContext<CsatSettings>;
export type Survey = SurveyTable;

export const minuteMs = 60_000;
export const hourMs = 3_600_000;
export const dayMs = 86_400_000;

/** How long a survey link works after its mail was sent. */
export const tokenLifetimeDays = 30;

const finished = new Set<PortalTicket['status']>(['resolved', 'closed']);

/** Whether a ticket is resolved or closed (the only states a survey is about). */
export function isFinished(ticket: Pick<PortalTicket, 'status'>): boolean {
  return finished.has(ticket.status);
}

export const iso = (date: Date) => date.toISOString();

/** When a survey made (or made due again) at `now` is mailed: after the configured delay. */
export function dueAt(ctx: Pick<CsatContext, 'settings'>, now: Date): string {
  return iso(new Date(now.getTime() + ctx.settings.delayMinutes * minuteMs));
}

/** Whether the settings survey this ticket's request type (an empty list surveys all of them). */
export function surveysRequestType(settings: Pick<CsatSettings, 'requestTypeIds'>, ticket: PortalTicket): boolean {
  const wanted = settings.requestTypeIds.map((value) => value.trim()).filter(Boolean);
  if (wanted.length === 0) return true;
  if (ticket.requestTypeId !== null && wanted.includes(ticket.requestTypeId)) return true;
  const name = ticket.requestTypeName?.toLowerCase();
  return name !== undefined && wanted.some((value) => value.toLowerCase() === name);
}

/**
 * The requester who should get a survey for a ticket, or null when the ticket gets none: its request
 * type is not surveyed, the requester is staff (tasks and internal tickets) or not active, or the
 * ticket is a service-recovery task this plugin opened.
 */
export async function surveyRecipient(ctx: CsatContext, ticket: PortalTicket): Promise<PortalUser | null> {
  if (!surveysRequestType(ctx.settings, ticket)) return null;
  const requester = await ctx.core.users.get(ticket.requesterId);
  if (!requester || !requester.active || requester.role !== 'customer') return null;
  const recovery = await ctx.db
    .selectFrom('plugin_csat_responses')
    .select('id')
    .where('recovery_ticket_number', '=', ticket.number)
    .executeTakeFirst();
  return recovery ? null : requester;
}

export async function surveyForTicket(ctx: CsatContext, ticketId: string): Promise<Survey | undefined> {
  return ctx.db.selectFrom('plugin_csat_surveys').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
}

/**
 * The ticket's survey, made now if the ticket should have one and has none yet (due after the
 * configured delay); null when the ticket gets no survey.
 */
export async function ensureSurvey(ctx: CsatContext, ticket: PortalTicket, now = new Date()): Promise<Survey | null> {
  const existing = await surveyForTicket(ctx, ticket.id);
  if (existing) return existing;
  const requester = await surveyRecipient(ctx, ticket);
  if (!requester) return null;
  const survey: Survey = {
    id: crypto.randomUUID(),
    ticket_id: ticket.id,
    ticket_number: ticket.number,
    requester_id: requester.id,
    agent_id: ticket.assigneeId,
    group_id: ticket.groupId,
    request_type_id: ticket.requestTypeId,
    token_hash: null,
    reminder_token_hash: null,
    created_at: iso(now),
    due_at: dueAt(ctx, now),
    sent_at: null,
    reminded_at: null,
    responded: 0,
  };
  try {
    await ctx.db.insertInto('plugin_csat_surveys').values(survey).execute();
    return survey;
  } catch (error) {
    // Made meanwhile by another request (the resolve handler and the ticket page can race).
    const raced = await surveyForTicket(ctx, ticket.id);
    if (raced) return raced;
    throw error;
  }
}
