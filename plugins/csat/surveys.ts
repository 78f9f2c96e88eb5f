import type { PluginContext, PortalTicket, PortalUser } from 'portico/plugin-api';
import { ratingLabel, ratings } from './format.ts';
import type { LinkState } from './errors.ts';
import type { CsatSettings } from './settings.ts';
import type { SurveyTable } from './tables.ts';

/** What the plugin's handlers, jobs and pages work with. */
export type CsatContext = PluginContext<CsatSettings>;
export type Survey = SurveyTable;

const minuteMs = 60_000;
const hourMs = 3_600_000;
const dayMs = 86_400_000;

/** How long a survey link works after its mail was sent. */
export const tokenLifetimeDays = 30;
/** At most this many mails per job run, so a run stays well inside the plugin's time budget. */
const batchSize = 200;

const finished = new Set<PortalTicket['status']>(['resolved', 'closed']);

/** Whether a ticket is resolved or closed (the only states a survey is about). */
export function isFinished(ticket: Pick<PortalTicket, 'status'>): boolean {
  return finished.has(ticket.status);
}

const iso = (date: Date) => date.toISOString();

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
    due_at: iso(new Date(now.getTime() + ctx.settings.delayMinutes * minuteMs)),
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
      due_at: iso(new Date(now.getTime() + ctx.settings.delayMinutes * minuteMs)),
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

/** The survey (or reminder) mail: a link per rating, preselecting it, and one to the plain form. */
export function surveyMail(
  ctx: Pick<CsatContext, 'core'>,
  input: { ticket: PortalTicket; requester: PortalUser; token: string; reminder: boolean },
): { to: string; subject: string; text: string } {
  const { ticket, requester, token, reminder } = input;
  const link = ctx.core.url(`/plugins/csat/rate?t=${encodeURIComponent(token)}`);
  const choices = [...ratings].reverse().map((rating) => `  ${rating} – ${ratingLabel(rating)}: ${link}&r=${rating}`);
  const subject = `${reminder ? 'Reminder: how' : 'How'} did we do with ${ticket.reference}?`;
  const text = [
    `Hello ${requester.name},`,
    '',
    reminder
      ? `A few days ago we asked how satisfied you are with how we handled your request ${ticket.reference} "${ticket.subject}". We would still love to hear from you.`
      : `Your request ${ticket.reference} "${ticket.subject}" has been resolved. How satisfied are you with how we handled it?`,
    '',
    'Choose a rating:',
    ...choices,
    '',
    `Or open the survey: ${link}`,
    '',
    `It takes one click, and you can add a comment. The link works once and expires in ${tokenLifetimeDays} days.`,
    `You can also rate the request on its page: ${ticket.portalUrl}`,
  ].join('\n');
  return { to: requester.email, subject, text };
}

/**
 * Mails a survey now (a fresh token; only its hash is stored). Nothing is sent, and false returned,
 * when it was sent or answered meanwhile; a survey whose ticket is gone, open again, or whose
 * requester left is dropped.
 */
export async function sendSurvey(
  ctx: CsatContext,
  survey: Survey,
  now = new Date(),
  knownTicket?: PortalTicket,
): Promise<boolean> {
  if (survey.sent_at !== null || survey.responded === 1) return false;
  const ticket = knownTicket ?? (await ctx.core.tickets.get(survey.ticket_id));
  const requester = await ctx.core.users.get(survey.requester_id);
  if (!ticket || !isFinished(ticket) || !requester?.active) {
    await ctx.db
      .deleteFrom('plugin_csat_surveys')
      .where('id', '=', survey.id)
      .where('sent_at', 'is', null)
      .where('responded', '=', 0)
      .execute();
    return false;
  }
  const { token, hash } = ctx.core.tokens.create();
  const claimed = await ctx.db
    .updateTable('plugin_csat_surveys')
    .set({ token_hash: hash, sent_at: iso(now) })
    .where('id', '=', survey.id)
    .where('sent_at', 'is', null)
    .where('responded', '=', 0)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  await ctx.core.mail.send(surveyMail(ctx, { ticket, requester, token, reminder: false }));
  return true;
}

/** The `send-surveys` job: mails the surveys whose delay has passed. Returns how many it sent. */
export async function sendDueSurveys(ctx: CsatContext, now = new Date()): Promise<number> {
  const due = await ctx.db
    .selectFrom('plugin_csat_surveys')
    .selectAll()
    .where('responded', '=', 0)
    .where('sent_at', 'is', null)
    .where('due_at', '<=', iso(now))
    .orderBy('due_at')
    .limit(batchSize)
    .execute();
  const tickets = new Map((await ctx.core.tickets.getMany(due.map((s) => s.ticket_id))).map((t) => [t.id, t]));
  let sent = 0;
  for (const survey of due) {
    const ticket = tickets.get(survey.ticket_id);
    if (!ticket) {
      await ctx.db.deleteFrom('plugin_csat_surveys').where('id', '=', survey.id).where('sent_at', 'is', null).execute();
      continue;
    }
    if (await sendSurvey(ctx, survey, now, ticket)) sent++;
  }
  return sent;
}

/**
 * The `send-reminders` job: one reminder, with a new link, to each survey still unanswered
 * `reminderAfterHours` after it was mailed (while its link still works and its ticket is still
 * resolved or closed). Returns how many it sent.
 */
export async function sendReminders(ctx: CsatContext, now = new Date()): Promise<number> {
  if (!ctx.settings.reminderEnabled) return 0;
  const sentBefore = iso(new Date(now.getTime() - ctx.settings.reminderAfterHours * hourMs));
  const stillValid = iso(new Date(now.getTime() - tokenLifetimeDays * dayMs));
  const waiting = await ctx.db
    .selectFrom('plugin_csat_surveys')
    .selectAll()
    .where('responded', '=', 0)
    .where('reminded_at', 'is', null)
    .where('sent_at', 'is not', null)
    .where('sent_at', '<=', sentBefore)
    .where('sent_at', '>', stillValid)
    .orderBy('sent_at')
    .execute();
  if (waiting.length === 0) return 0;
  const tickets = new Map((await ctx.core.tickets.getMany(waiting.map((s) => s.ticket_id))).map((t) => [t.id, t]));
  let sent = 0;
  for (const survey of waiting) {
    if (sent >= batchSize) break;
    const ticket = tickets.get(survey.ticket_id);
    if (!ticket || !isFinished(ticket)) continue;
    const requester = await ctx.core.users.get(survey.requester_id);
    if (!requester?.active) continue;
    const { token, hash } = ctx.core.tokens.create();
    const claimed = await ctx.db
      .updateTable('plugin_csat_surveys')
      .set({ reminder_token_hash: hash, reminded_at: iso(now) })
      .where('id', '=', survey.id)
      .where('reminded_at', 'is', null)
      .where('responded', '=', 0)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) continue;
    await ctx.core.mail.send(surveyMail(ctx, { ticket, requester, token, reminder: true }));
    sent++;
  }
  return sent;
}

export type SurveyLink = { state: 'valid'; survey: Survey } | { state: LinkState; survey: Survey | null };

/**
 * What a survey link's token opens: its survey while the link is valid; `used` once the survey was
 * answered, `expired` 30 days after the mail carrying it was sent, `unknown` for anything else.
 */
export async function lookupSurveyLink(ctx: CsatContext, token: string, now = new Date()): Promise<SurveyLink> {
  const trimmed = token.trim();
  if (!/^[\w-]{16,128}$/.test(trimmed)) return { state: 'unknown', survey: null };
  const hash = ctx.core.tokens.hash(trimmed);
  const survey = await ctx.db
    .selectFrom('plugin_csat_surveys')
    .selectAll()
    .where((eb) => eb.or([eb('token_hash', '=', hash), eb('reminder_token_hash', '=', hash)]))
    .executeTakeFirst();
  if (!survey) return { state: 'unknown', survey: null };
  if (survey.responded === 1) return { state: 'used', survey };
  const issuedAt = survey.token_hash === hash ? survey.sent_at : survey.reminded_at;
  if (issuedAt === null || now.getTime() - Date.parse(issuedAt) > tokenLifetimeDays * dayMs) {
    return { state: 'expired', survey };
  }
  return { state: 'valid', survey };
}
