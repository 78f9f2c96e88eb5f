import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin } from 'portico/plugin-api';
import type { PluginEvents } from 'portico/plugin-api';
import { CsatError } from '../errors.ts';
import { rateSurvey, ratingMessage, requesterSurvey, responseForTicket } from '../responses.ts';
import { lookupSurveyLink } from '../survey-links.ts';
import { surveyForTicket } from '../surveys.ts';
import { closeChecked, tokenIn, world } from './helpers.ts';
import type { World } from './helpers.ts';

let w: World;
afterEach(async () => {
  await closeChecked(w as World | undefined);
  w = undefined as never;
});

const dayMs = 86_400_000;

async function caught(promise: Promise<unknown>): Promise<CsatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof CsatError)) throw new Error(`expected a CsatError, got ${String(error)}`);
  return error;
}

describe('rateSurvey with a mailed link', () => {
  it('records the rating and comment once, and a second use says it was already answered', async () => {
    w = await world();
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    const token = tokenIn(w.surveyMails()[0]?.text ?? '');

    const response = await rateSurvey(ctx, { token }, { rating: '5', comment: 'Fixed in minutes!' });
    expect(response).toMatchObject({
      ticket_id: ticket.id,
      ticket_number: ticket.number,
      rating: 5,
      comment: 'Fixed in minutes!',
      agent_id: w.agent.id,
      group_id: w.group.id,
      requester_id: w.customer.id,
      channel: 'mail',
    });
    expect(await responseForTicket(ctx, ticket.id)).toEqual(response);
    expect((await surveyForTicket(ctx, ticket.id))?.responded).toBe(1);

    const again = await caught(rateSurvey(ctx, { token }, { rating: '1' }));
    expect(again.link).toBe('used');
    expect(again.message).toBe('This survey was already answered. Thank you for your feedback!');
    expect(await ctx.db.selectFrom('plugin_csat_responses').selectAll().execute()).toHaveLength(1);
  });

  it('refuses a bad rating without using up the link', async () => {
    w = await world();
    await w.resolved();
    const ctx = await w.ctx();
    const token = tokenIn(w.surveyMails()[0]?.text ?? '');
    for (const rating of [0, 6, 'great']) {
      const error = await caught(rateSurvey(ctx, { token }, { rating }));
      expect(error.fields['rating']).toBe(ratingMessage);
    }
    const long = await caught(rateSurvey(ctx, { token }, { rating: 4, comment: 'x'.repeat(2001) }));
    expect(long.fields['comment']).toContain('at most 2000 characters');
    expect((await lookupSurveyLink(ctx, token)).state).toBe('valid');
    await rateSurvey(ctx, { token }, { rating: 4 });
  });

  it('expires the link 30 days after the mail was sent', async () => {
    w = await world();
    await w.resolved();
    const ctx = await w.ctx();
    const token = tokenIn(w.surveyMails()[0]?.text ?? '');
    expect((await lookupSurveyLink(ctx, token, new Date(Date.now() + 29 * dayMs))).state).toBe('valid');
    const error = await caught(rateSurvey(ctx, { token }, { rating: 5 }, new Date(Date.now() + 31 * dayMs)));
    expect(error.link).toBe('expired');
    expect(error.message).toBe('This survey link has expired.');
  });

  it('does not know a made-up token', async () => {
    w = await world();
    await w.resolved();
    const ctx = await w.ctx();
    expect((await lookupSurveyLink(ctx, 'not-a-token-we-ever-sent-out')).state).toBe('unknown');
    expect((await lookupSurveyLink(ctx, '')).state).toBe('unknown');
    const error = await caught(rateSurvey(ctx, { token: 'not-a-token-we-ever-sent-out' }, { rating: 5 }));
    expect(error.code).toBe('not_found');
  });
});

describe('rateSurvey by the signed-in requester (the ticket page prompt)', () => {
  it('checks the requester by user id and records a portal response', async () => {
    w = await world();
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    const stranger = await w.t.user('customer', 'Sam Stranger');
    expect((await requesterSurvey(ctx, stranger, ticket.number)).state).toBe('none');
    const refused = await caught(rateSurvey(ctx, { user: stranger, ticketNumber: ticket.number }, { rating: 5 }));
    expect(refused.code).toBe('not_found');

    expect((await requesterSurvey(ctx, w.customer, ticket.number)).state).toBe('open');
    const response = await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 3 });
    expect(response.channel).toBe('portal');
    expect((await requesterSurvey(ctx, w.customer, ticket.number)).state).toBe('answered');

    // The mailed link is used up too: one response per ticket.
    const token = tokenIn(w.surveyMails()[0]?.text ?? '');
    expect((await lookupSurveyLink(ctx, token)).state).toBe('used');
  });

  it('waits until the ticket is resolved', async () => {
    w = await world();
    const ticket = await w.t.openTicket(w.customer);
    const ctx = await w.ctx();
    expect((await requesterSurvey(ctx, w.customer, ticket.number)).state).toBe('none');
    const error = await caught(rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 5 }));
    expect(error.message).toBe('There is no satisfaction survey for this request.');
  });

  it('makes the survey on the spot when the resolve handler has not run yet', async () => {
    w = await world({ delayMinutes: 60 });
    const ticket = await w.t.openTicket(w.customer);
    await w.t.updateTicket(w.agent, ticket.number, { status: 'resolved' });
    const ctx = await w.ctx();
    // No settle(): the ticket.resolved event is still in the outbox.
    const response = await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 5 });
    expect(response.rating).toBe(5);
    await w.t.settle();
    expect(await ctx.db.selectFrom('plugin_csat_surveys').selectAll().execute()).toHaveLength(1);
    expect(w.surveyMails()).toEqual([]);
  });
});

describe('the csat.responded event', () => {
  it('is written to the outbox with the response, in the same transaction', async () => {
    w = await world();
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    const response = await rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 4 });
    const row = await w.t.core.db
      .selectFrom('event_outbox')
      .selectAll()
      .where('type', '=', 'csat.responded')
      .executeTakeFirstOrThrow();
    expect(row.subject_id).toBe(ticket.id);
    expect(row.actor_id).toBe(w.customer.id);
    expect(JSON.parse(row.payload)).toEqual({
      responseId: response.id,
      ticketId: ticket.id,
      ticketNumber: ticket.number,
      rating: 4,
      agentId: w.agent.id,
      groupId: w.group.id,
      requesterId: w.customer.id,
    });
  });

  it('reaches other plugins that handle it', async () => {
    const received: PluginEvents['csat.responded'][] = [];
    const listener = definePlugin({
      id: 'listener',
      name: 'Listener',
      version: '1.0.0',
      portico: '^0.1.0',
      description: 'Records csat.responded.',
      on: {
        'csat.responded': (event) => {
          received.push(event.payload);
        },
      },
    });
    w = await world({}, [listener]);
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    await rateSurvey(ctx, { token: tokenIn(w.surveyMails()[0]?.text ?? '') }, { rating: 5 });
    await w.t.settle();
    expect(received).toEqual([
      expect.objectContaining({ ticketNumber: ticket.number, rating: 5, agentId: w.agent.id }),
    ]);
  });

  it('is not written when the rating is refused', async () => {
    w = await world();
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    await caught(rateSurvey(ctx, { user: w.customer, ticketNumber: ticket.number }, { rating: 9 }));
    const rows = await w.t.core.db
      .selectFrom('event_outbox')
      .select('id')
      .where('type', '=', 'csat.responded')
      .execute();
    expect(rows).toEqual([]);
  });
});
