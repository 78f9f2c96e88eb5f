import type { PortalTicket, PortalUser } from 'portico/plugin-api';
import { CsatError } from './errors.ts';
import type { LinkState } from './errors.ts';
import { ratingLabel } from './format.ts';
import { lookupSurveyLink } from './survey-links.ts';
import { ensureSurvey, isFinished, surveyForTicket, surveyRecipient } from './surveys.ts';
import type { CsatContext, Survey } from './surveys.ts';
import type { ResponseTable } from './tables.ts';

export type CsatResponse = ResponseTable;

export const commentMaxLength = 2000;
export const ratingMessage = 'Choose a rating from 1 (very dissatisfied) to 5 (very satisfied).';

/**
 * A rating as a whole number from 1 to 5, from a form field or JSON.
 * @throws CsatError invalid_input (field `rating`) for anything else: 0, 6, 4.5, "five", nothing.
 */
export function parseRating(value: unknown): number {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  if (!/^[1-5]$/.test(text)) {
    throw new CsatError('invalid_input', ratingMessage, { fields: { rating: ratingMessage } });
  }
  return Number(text);
}

/**
 * An optional comment: trimmed, null when empty.
 * @throws CsatError invalid_input (field `comment`) when longer than 2000 characters.
 */
export function parseComment(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') {
    throw new CsatError('invalid_input', 'The comment must be text.', {
      fields: { comment: 'The comment must be text.' },
    });
  }
  const text = value.replace(/\r\n/g, '\n').trim();
  if (text.length > commentMaxLength) {
    const message = `The comment can be at most ${commentMaxLength} characters; it has ${text.length}.`;
    throw new CsatError('invalid_input', message, { fields: { comment: message } });
  }
  return text === '' ? null : text;
}

const linkMessages: Record<LinkState, { message: string; hint: string }> = {
  used: {
    message: 'This survey was already answered. Thank you for your feedback!',
    hint: 'Each request can be rated once.',
  },
  expired: {
    message: 'This survey link has expired.',
    hint: 'Survey links work for 30 days. You can still rate the request on its page in the portal.',
  },
  unknown: {
    message: 'This survey link is not valid.',
    hint: 'Open the link from the mail again, or rate the request on its page in the portal.',
  },
};

/** The error for a survey link that cannot be used. */
export function linkError(state: LinkState): CsatError {
  const { message, hint } = linkMessages[state];
  return new CsatError(state === 'unknown' ? 'not_found' : 'conflict', message, { hint, link: state });
}

/** Who is rating: whoever holds a mailed link, or the signed-in requester on their ticket's page. */
export type Rater = { token: string } | { user: PortalUser; ticketNumber: number };

export type RequesterSurvey =
  | { state: 'open'; ticket: PortalTicket; survey: Survey | null }
  | { state: 'answered'; ticket: PortalTicket; response: CsatResponse }
  | { state: 'not_yet'; ticket: PortalTicket }
  | { state: 'none' };

/**
 * Where a signed-in user stands with a ticket's survey: `open` (they may rate it now), `answered`,
 * `not_yet` (not resolved yet), or `none` (not their ticket, or it gets no survey). A resolved ticket
 * that should have a survey is `open` even before the resolve handler made it (`survey` is then null;
 * rating makes it), so the prompt never waits for the handler. Nothing is written here.
 */
export async function requesterSurvey(
  ctx: CsatContext,
  user: PortalUser,
  ticketIdOrNumber: string | number,
): Promise<RequesterSurvey> {
  const ticket = await ctx.core.tickets.get(ticketIdOrNumber);
  if (!ticket || ticket.requesterId !== user.id) return { state: 'none' };
  const response = await responseForTicket(ctx, ticket.id);
  if (response) return { state: 'answered', ticket, response };
  const existing = await surveyForTicket(ctx, ticket.id);
  if (!isFinished(ticket)) return existing ? { state: 'not_yet', ticket } : { state: 'none' };
  if (existing) return { state: 'open', ticket, survey: existing };
  return (await surveyRecipient(ctx, ticket)) ? { state: 'open', ticket, survey: null } : { state: 'none' };
}

export async function responseForTicket(ctx: CsatContext, ticketId: string): Promise<CsatResponse | undefined> {
  return ctx.db.selectFrom('plugin_csat_responses').selectAll().where('ticket_id', '=', ticketId).executeTakeFirst();
}

/**
 * Records a requester's rating (1–5) and optional comment, once per ticket, and emits `csat.responded`
 * in the same transaction. A link is checked before the input, so a used link says so whatever was sent.
 * @throws CsatError conflict/not_found for a used, expired or unknown link (`link` says which) or a
 *   survey answered meanwhile; not_found when the user may not rate the ticket; invalid_input with
 *   field messages for a bad rating or comment.
 */
export async function rateSurvey(
  ctx: CsatContext,
  rater: Rater,
  input: { rating: unknown; comment?: unknown },
  now = new Date(),
): Promise<CsatResponse> {
  let survey: Survey;
  if ('token' in rater) {
    const link = await lookupSurveyLink(ctx, rater.token, now);
    if (link.state !== 'valid') throw linkError(link.state);
    survey = link.survey;
  } else {
    const found = await requesterSurvey(ctx, rater.user, rater.ticketNumber);
    if (found.state === 'answered') throw linkError('used');
    if (found.state === 'not_yet') {
      throw new CsatError('conflict', 'You can rate this request once it is resolved.');
    }
    const made = found.state === 'open' ? (found.survey ?? (await ensureSurvey(ctx, found.ticket, now))) : null;
    if (!made) throw new CsatError('not_found', 'There is no satisfaction survey for this request.');
    survey = made;
  }
  const rating = parseRating(input.rating);
  const comment = parseComment(input.comment);
  const response: CsatResponse = {
    id: crypto.randomUUID(),
    survey_id: survey.id,
    ticket_id: survey.ticket_id,
    ticket_number: survey.ticket_number,
    rating,
    comment,
    requester_id: survey.requester_id,
    agent_id: survey.agent_id,
    group_id: survey.group_id,
    request_type_id: survey.request_type_id,
    channel: 'token' in rater ? 'mail' : 'portal',
    created_at: now.toISOString(),
    recovery_ticket_number: null,
  };
  await ctx.db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('plugin_csat_surveys')
      .set({ responded: 1 })
      .where('id', '=', survey.id)
      .where('responded', '=', 0)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) throw linkError('used');
    await trx.insertInto('plugin_csat_responses').values(response).execute();
    await ctx.emit(
      'csat.responded',
      {
        responseId: response.id,
        ticketId: response.ticket_id,
        ticketNumber: response.ticket_number,
        rating,
        agentId: response.agent_id,
        groupId: response.group_id,
        requesterId: response.requester_id,
      },
      { subjectId: response.ticket_id, actorId: response.requester_id, trx },
    );
  });
  return response;
}

/** "4/5 (Satisfied)". */
export function describeRating(rating: number): string {
  return `${rating}/5 (${ratingLabel(rating)})`;
}
