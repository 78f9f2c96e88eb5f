import { afterEach, describe, expect, it } from 'vitest';
import csat from '../index.ts';
import { sendDueSurveys } from '../survey-mail.ts';
import { ensureSurvey, surveyForTicket, surveysRequestType } from '../surveys.ts';
import { closeChecked, tokenIn, world } from './helpers.ts';
import type { World } from './helpers.ts';

let w: World;
afterEach(async () => {
  await closeChecked(w as World | undefined);
  w = undefined as never;
});

describe('a survey when a ticket is resolved', () => {
  it('is recorded with who handled the ticket and mailed to the requester right away', async () => {
    w = await world();
    const ticket = await w.resolved('Printer jammed');
    const ctx = await w.ctx();
    const survey = await surveyForTicket(ctx, ticket.id);
    expect(survey).toMatchObject({
      ticket_number: ticket.number,
      requester_id: w.customer.id,
      agent_id: w.agent.id,
      group_id: w.group.id,
      request_type_id: ticket.requestTypeId,
      responded: 0,
      reminded_at: null,
    });
    expect(survey?.sent_at).not.toBeNull();
    expect(survey?.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const mails = w.surveyMails();
    expect(mails).toHaveLength(1);
    expect(mails[0]?.to).toBe(w.customer.email);
    expect(mails[0]?.subject).toBe(`How did we do with ${ticket.reference}?`);
    const token = tokenIn(mails[0]?.text ?? '');
    // Only the hash is stored, never the token itself.
    expect(survey?.token_hash).toBe(ctx.core.tokens.hash(token));
    expect(JSON.stringify(survey)).not.toContain(token);
    expect(mails[0]?.text).toContain(`/plugins/csat/rate?t=${token}&r=5`);
    expect(mails[0]?.text).toContain(`/plugins/csat/rate?t=${token}&r=1`);
    expect(mails[0]?.text).toContain('Printer jammed');
  });

  it('is made once per ticket, even when the ticket is resolved again after a reopen', async () => {
    w = await world();
    const ticket = await w.resolved();
    await w.t.updateTicket(w.agent, ticket.number, { status: 'open' });
    await w.t.updateTicket(w.agent, ticket.number, { status: 'resolved' });
    await w.t.settle();
    const ctx = await w.ctx();
    expect(await ctx.db.selectFrom('plugin_csat_surveys').selectAll().execute()).toHaveLength(1);
    expect(w.surveyMails()).toHaveLength(1);
  });

  it('is not made for request types left out of the settings', async () => {
    w = await world({ requestTypeIds: ['Hardware orders'] });
    const ticket = await w.resolved();
    expect(await surveyForTicket(await w.ctx(), ticket.id)).toBeUndefined();
    expect(w.surveyMails()).toEqual([]);
  });

  it('is made for request types named in the settings, by id or by name', async () => {
    w = await world({ requestTypeIds: ['general REQUEST'] });
    const first = await w.resolved();
    expect(await surveyForTicket(await w.ctx(), first.id)).toBeDefined();
    expect(surveysRequestType({ requestTypeIds: [first.requestTypeId ?? ''] }, first)).toBe(true);
    expect(surveysRequestType({ requestTypeIds: ['another-id'] }, first)).toBe(false);
    expect(surveysRequestType({ requestTypeIds: [] }, first)).toBe(true);
  });

  it('is not made when the requester is staff (tasks, internal tickets)', async () => {
    w = await world();
    const ticket = await w.t.openTicket(w.agent, { groupId: w.group.id, assigneeId: w.agent.id });
    await w.t.updateTicket(w.agent, ticket.number, { status: 'resolved' });
    await w.t.settle();
    expect(await surveyForTicket(await w.ctx(), ticket.id)).toBeUndefined();
    expect(w.surveyMails()).toEqual([]);
  });
});

describe('sendDueSurveys (the send-surveys job)', () => {
  it('waits the configured delay before mailing a survey', async () => {
    w = await world({ delayMinutes: 30 });
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    const survey = await surveyForTicket(ctx, ticket.id);
    expect(survey?.sent_at).toBeNull();
    expect(w.surveyMails()).toEqual([]);
    const resolvedAt = Date.parse(survey?.created_at ?? '');
    expect(Date.parse(survey?.due_at ?? '') - resolvedAt).toBe(30 * 60_000);

    expect(await sendDueSurveys(ctx, new Date(resolvedAt + 29 * 60_000))).toBe(0);
    await w.t.settle();
    expect(w.surveyMails()).toEqual([]);

    expect(await sendDueSurveys(ctx, new Date(resolvedAt + 31 * 60_000))).toBe(1);
    await w.t.settle();
    expect(w.surveyMails()).toHaveLength(1);
    expect((await surveyForTicket(ctx, ticket.id))?.sent_at).toBe(new Date(resolvedAt + 31 * 60_000).toISOString());

    // A second run sends nothing more.
    expect(await sendDueSurveys(ctx, new Date(resolvedAt + 60 * 60_000))).toBe(0);
  });

  it('is the plugin job that runs every minute', async () => {
    w = await world({ delayMinutes: 5 });
    const ticket = await w.resolved();
    const ctx = await w.ctx();
    expect(csat.jobs?.['send-surveys']?.every).toBe('1m');
    await csat.jobs?.['send-surveys']?.run(ctx, new Date(Date.now() + 6 * 60_000));
    expect((await surveyForTicket(ctx, ticket.id))?.sent_at).not.toBeNull();
    await w.t.settle();
    expect(w.surveyMails()).toHaveLength(1);
  });

  it('drops a delayed survey when its ticket is reopened before it went out', async () => {
    w = await world({ delayMinutes: 60 });
    const ticket = await w.resolved();
    await w.t.updateTicket(w.agent, ticket.number, { status: 'open' });
    await w.t.settle();
    const ctx = await w.ctx();
    expect(await surveyForTicket(ctx, ticket.id)).toBeUndefined();
    expect(await sendDueSurveys(ctx, new Date(Date.now() + 2 * 3_600_000))).toBe(0);
  });

  it('drops a due survey whose ticket is open again instead of mailing it', async () => {
    w = await world({ delayMinutes: 60 });
    const ticket = await w.t.openTicket(w.customer);
    await w.t.settle();
    const ctx = await w.ctx();
    // A survey made by hand for a ticket that is not resolved (as if the reopen event were missed).
    await ensureSurvey(ctx, ticket);
    expect(await sendDueSurveys(ctx, new Date(Date.now() + 2 * 3_600_000))).toBe(0);
    expect(await surveyForTicket(ctx, ticket.id)).toBeUndefined();
  });
});
