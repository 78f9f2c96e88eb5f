/** Mailing surveys and their one reminder, each with a fresh link (only its hash is stored). */
import type { PortalTicket, PortalUser } from 'portico/plugin-api';
import { ratingLabel, ratings } from './format.ts';
import { dayMs, hourMs, isFinished, iso, tokenLifetimeDays } from './surveys.ts';
import type { CsatContext, Survey } from './surveys.ts';

/** At most this many mails per job run, so a run stays well inside the plugin's time budget. */
const batchSize = 200;

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
