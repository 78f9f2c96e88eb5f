import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { breakdownCsv, csatStats } from '../stats.ts';
import type { CsatStats } from '../stats.ts';
import type { ResponseTable, SurveyTable } from '../tables.ts';
import { world } from './helpers.ts';
import type { World } from './helpers.ts';

/*
 * The fixture, by hand. "Now" is Wednesday 2026-03-11 12:00 UTC; the last 30 days start on Monday
 * 2026-02-09 12:00, so the period spans ISO weeks 2026-W07 … 2026-W11.
 *
 *   response  when              rating  agent  group          request type
 *   r1        2026-02-10 (W07)  5       Adam   Service desk   General      "Great"
 *   r2        2026-02-12 (W07)  2       Adam   Service desk   General
 *   r3        2026-02-25 (W09)  4       Lena   Service desk   General
 *   r4        2026-03-03 (W10)  1       Lena   Field service  (deleted)    "Too slow"
 *   r5        2026-03-10 (W11)  5       –      –              –            "Thanks"
 *   r6        2026-03-10 (W11)  4       Adam   Field service  General
 *   r7        2026-02-01        1       (before the period: left out)
 *   r8        2026-03-12        1       (after "now": left out)
 *
 * CSAT: ratings 5,2,4,1,5,4 → 4 satisfied of 6 = 66.7 %; average 21/6 = 3.5.
 * Weeks: W07 1/2 = 50 %; W08 none; W09 1/1; W10 0/1; W11 2/2.
 * Agents: Adam 2/3 (r1 r2 r6), Lena 1/2 (r3 r4), Unassigned 1/1 (r5).
 * Groups: Service desk 2/3, Field service 1/2, No group 1/1.
 * Request types: General 3/4, No request type 1/1, Unknown (deleted) 0/1.
 * Surveys offered in the period: s1–s8 (s5 answered on the ticket page before its mail, so offered;
 * s9 still waits for its delayed mail; s10 is older), of which s1–s6 answered: 6/8 = 75 %.
 */
const now = new Date('2026-03-11T12:00:00.000Z');
let w: World;
let stats: CsatStats;
let general: string;
let fieldService: { id: string };

beforeAll(async () => {
  w = await world();
  const ctx = await w.ctx();
  general = (await w.t.openTicket(w.customer)).requestTypeId ?? '';
  fieldService = await w.t.group('Field service', [w.agent], { leads: 0 });
  const { agent, lead, group, customer } = w;

  const survey = (id: string, created: string, sent: string | null, responded: number): SurveyTable => ({
    id,
    ticket_id: `ticket-${id}`,
    ticket_number: 100 + Number(id.slice(1)),
    requester_id: customer.id,
    agent_id: null,
    group_id: null,
    request_type_id: null,
    token_hash: null,
    reminder_token_hash: null,
    created_at: `${created}T08:00:00.000Z`,
    due_at: `${created}T08:00:00.000Z`,
    sent_at: sent === null ? null : `${sent}T08:00:00.000Z`,
    reminded_at: null,
    responded,
  });
  await ctx.db
    .insertInto('plugin_csat_surveys')
    .values([
      survey('s1', '2026-02-10', '2026-02-10', 1),
      survey('s2', '2026-02-11', '2026-02-11', 1),
      survey('s3', '2026-02-24', '2026-02-24', 1),
      survey('s4', '2026-03-02', '2026-03-02', 1),
      survey('s5', '2026-03-09', null, 1),
      survey('s6', '2026-03-09', '2026-03-09', 1),
      survey('s7', '2026-03-05', '2026-03-05', 0),
      survey('s8', '2026-03-06', '2026-03-06', 0),
      survey('s9', '2026-03-10', null, 0),
      survey('s10', '2026-01-20', '2026-01-20', 1),
    ])
    .execute();

  const response = (
    id: string,
    at: string,
    rating: number,
    agentId: string | null,
    groupId: string | null,
    requestTypeId: string | null,
    comment: string | null = null,
  ): ResponseTable => ({
    id,
    survey_id: `s-${id}`,
    ticket_id: `ticket-${id}`,
    ticket_number: 200 + Number(id.slice(1)),
    rating,
    comment,
    requester_id: customer.id,
    agent_id: agentId,
    group_id: groupId,
    request_type_id: requestTypeId,
    channel: 'mail',
    created_at: at,
    recovery_ticket_number: null,
  });
  await ctx.db
    .insertInto('plugin_csat_responses')
    .values([
      response('r1', '2026-02-10T09:00:00.000Z', 5, agent.id, group.id, general, 'Great'),
      response('r2', '2026-02-12T09:00:00.000Z', 2, agent.id, group.id, general),
      response('r3', '2026-02-25T09:00:00.000Z', 4, lead.id, group.id, general),
      response('r4', '2026-03-03T09:00:00.000Z', 1, lead.id, fieldService.id, 'deleted-type', 'Too slow'),
      response('r5', '2026-03-10T09:00:00.000Z', 5, null, null, null, 'Thanks'),
      response('r6', '2026-03-10T10:00:00.000Z', 4, agent.id, fieldService.id, general),
      response('r7', '2026-02-01T09:00:00.000Z', 1, agent.id, group.id, general, 'Old news'),
      response('r8', '2026-03-12T09:00:00.000Z', 1, agent.id, group.id, general, 'From the future'),
    ])
    .execute();
  stats = await csatStats(ctx, { days: 30, now });
});
afterAll(async () => {
  await w.close();
});

describe('csatStats', () => {
  it('computes CSAT % over the responses of the period', () => {
    expect(stats.overall.responses).toBe(6);
    expect(stats.overall.satisfied).toBe(4);
    expect(stats.overall.csat).toBeCloseTo(4 / 6, 10);
    expect(stats.overall.averageRating).toBeCloseTo(3.5, 10);
  });

  it('computes the response rate over the surveys offered in the period', () => {
    expect(stats.overall.surveysSent).toBe(8);
    expect(stats.overall.surveysAnswered).toBe(6);
    expect(stats.overall.responseRate).toBe(0.75);
  });

  it('gives every ISO week of the period, including weeks without responses', () => {
    expect(stats.weeks).toEqual([
      { week: '2026-W07', monday: '2026-02-09', responses: 2, satisfied: 1, csat: 0.5 },
      { week: '2026-W08', monday: '2026-02-16', responses: 0, satisfied: 0, csat: null },
      { week: '2026-W09', monday: '2026-02-23', responses: 1, satisfied: 1, csat: 1 },
      { week: '2026-W10', monday: '2026-03-02', responses: 1, satisfied: 0, csat: 0 },
      { week: '2026-W11', monday: '2026-03-09', responses: 2, satisfied: 2, csat: 1 },
    ]);
  });

  it('breaks the figures down by agent, busiest first', () => {
    expect(stats.byAgent.map(({ name, responses, satisfied }) => [name, responses, satisfied])).toEqual([
      ['Adam Agent', 3, 2],
      ['Lena Lead', 2, 1],
      ['Unassigned', 1, 1],
    ]);
    expect(stats.byAgent[0]?.csat).toBeCloseTo(2 / 3, 10);
    expect(stats.byAgent[0]?.id).toBe(w.agent.id);
  });

  it('breaks the figures down by group', () => {
    expect(stats.byGroup.map(({ name, responses, satisfied, csat }) => [name, responses, satisfied, csat])).toEqual([
      ['Service desk', 3, 2, 2 / 3],
      ['Field service', 2, 1, 0.5],
      ['No group', 1, 1, 1],
    ]);
  });

  it('breaks the figures down by request type, naming deleted ones', () => {
    expect(
      stats.byRequestType.map(({ name, responses, satisfied, csat }) => [name, responses, satisfied, csat]),
    ).toEqual([
      ['General request', 4, 3, 0.75],
      ['No request type', 1, 1, 1],
      ['Unknown (deleted)', 1, 0, 0],
    ]);
  });

  it('lists the latest comments of the period, newest first', () => {
    expect(stats.comments).toEqual([
      { ticketNumber: 205, rating: 5, comment: 'Thanks', createdAt: '2026-03-10T09:00:00.000Z', agentName: null },
      {
        ticketNumber: 204,
        rating: 1,
        comment: 'Too slow',
        createdAt: '2026-03-03T09:00:00.000Z',
        agentName: 'Lena Lead',
      },
      {
        ticketNumber: 201,
        rating: 5,
        comment: 'Great',
        createdAt: '2026-02-10T09:00:00.000Z',
        agentName: 'Adam Agent',
      },
    ]);
  });

  it('widens with the period: the last 90 days include the older response and survey', async () => {
    const wider = await csatStats(await w.ctx(), { days: 90, now });
    expect(wider.overall.responses).toBe(7);
    expect(wider.overall.surveysSent).toBe(9);
    expect(wider.weeks).toHaveLength(14);
  });

  it('has no figures, rather than zeros, when nothing was answered', async () => {
    const empty = await csatStats(await w.ctx(), { days: 30, now: new Date('2025-06-01T00:00:00.000Z') });
    expect(empty.overall).toMatchObject({ responses: 0, csat: null, responseRate: null, averageRating: null });
    expect(empty.byAgent).toEqual([]);
  });
});

describe('breakdownCsv', () => {
  it('exports the overall figure and every breakdown row', () => {
    const lines = breakdownCsv(stats).split('\r\n');
    expect(lines).toEqual([
      'dimension,name,responses,satisfied,csat_percent',
      'overall,Last 30 days (9 Feb 2026 – 11 Mar 2026),6,4,66.7',
      'agent,Adam Agent,3,2,66.7',
      'agent,Lena Lead,2,1,50.0',
      'agent,Unassigned,1,1,100.0',
      'group,Service desk,3,2,66.7',
      'group,Field service,2,1,50.0',
      'group,No group,1,1,100.0',
      'request_type,General request,4,3,75.0',
      'request_type,No request type,1,1,100.0',
      'request_type,Unknown (deleted),1,0,0.0',
      '',
    ]);
  });

  it('quotes commas and defuses cells a spreadsheet would run as formulas', () => {
    const csv = breakdownCsv({
      ...stats,
      byAgent: [{ id: 'x', name: '=HYPERLINK("evil"), inc', responses: 1, satisfied: 1, csat: 1 }],
      byGroup: [],
      byRequestType: [],
    });
    expect(csv).toContain(`agent,"'=HYPERLINK(""evil""), inc",1,1,100.0`);
  });
});
