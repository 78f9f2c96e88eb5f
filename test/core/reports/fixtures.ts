import { vi } from 'vitest';
import { newId } from '../../../src/core/db/index.ts';
import { createArticle, createCategory } from '../../../src/core/kb/index.ts';
import { installReports } from '../../../src/core/reports/index.ts';
import { createCalendar, createPolicy, installSla } from '../../../src/core/sla/index.ts';
import { createTicket, replyToTicket, updateTicket } from '../../../src/core/tickets/index.ts';
import type { Ticket } from '../../../src/core/tickets/index.ts';
import { createDeskWorld } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';

/**
 * The report fixture. Calendar "Office": UTC, Monday–Friday 09:00–17:00. Policy "Incidents" (the
 * incident request type only): first response 60, resolution 480 business minutes. Questions have no
 * policy, so their times run around the clock. The report period is the week of Monday 2026-11-09;
 * the previous period the week of 2026-11-02. Every ticket is made through the core at a set time.
 *
 * Current week
 *  A incident P3 desk: created Mon 10:00; Avery replies Mon 11:00 and sets pending; Casey answers Tue
 *    10:00 (open again); Avery resolves Tue 12:00; closed Fri 12:00.
 *    FRT 60 (met, due Mon 11:00). Resolution: 600 business minutes less 420 pending = 180 (met).
 *  B incident P3 desk: created Mon 16:00; Avery replies Tue 10:00 (FRT 60+60 = 120, due Mon 17:00:
 *    missed); resolves Tue 11:00; Casey replies Wed 09:30 (reopened); Avery replies and resolves Wed
 *    10:00. Resolution: 600 business minutes less 390 resolved-before-reopen = 210 (met). Not FCR.
 *  C question P4 no group (24×7): created Tue 08:00; Sam replies 08:30 and sets pending; Casey answers
 *    12:30; Sam resolves 14:00. FRT 30; resolution 360 − 240 pending = 120. FCR.
 *  D question: created Thu 09:00, unanswered, open.
 *  E incident P3 desk: created Fri 09:00, unanswered: first response (due 10:00) and resolution (due
 *    17:00) both missed by the report's "now" (Mon 2026-11-16 08:00).
 * Previous week
 *  F question: created Tue 11-03 10:00, Sam replies 10:10 (FRT 10), resolves 11:00 (60).
 *  G incident P3 desk: created Wed 11-04 09:00, Avery replies 09:20 (FRT 20), resolves 13:00 (240).
 */
export interface ReportWorld extends DeskWorld {
  tickets: Record<'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G', Ticket>;
}

export const period = { from: new Date('2026-11-09T00:00:00.000Z'), to: new Date('2026-11-16T00:00:00.000Z') };
export const reportNow = new Date('2026-11-16T08:00:00.000Z');

/** Runs a step at a moment (the core reads the clock) and delivers its events. */
export async function at<Result>(world: DeskWorld, when: string, step: () => Promise<Result>): Promise<Result> {
  vi.setSystemTime(new Date(when));
  const result = await step();
  await world.core.events.dispatchPending();
  return result;
}

export async function createReportWorld(options: { install?: boolean } = {}): Promise<DeskWorld> {
  const world = await createDeskWorld();
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-11-01T12:00:00.000Z'));
  if (options.install !== false) {
    installSla(world.core);
    installReports(world.core);
  }
  const office = await createCalendar(world.core, world.admin, {
    name: 'Office',
    timeZone: 'UTC',
    weeklyHours: ['09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '09:00-17:00', '', ''],
  });
  const targets = { firstResponse: 60, resolution: 480 };
  await createPolicy(world.core, world.admin, {
    name: 'Incidents',
    calendarId: office.id,
    conditions: { requestTypeIds: [world.incident.id] },
    targets: { P1: targets, P2: targets, P3: targets, P4: targets },
  });
  return world;
}

/** Makes tickets A–G as described above. */
export async function makeTickets(world: DeskWorld): Promise<ReportWorld['tickets']> {
  const { core, agent, otherAgent, casey } = world;
  const incident = (subject: string) =>
    createTicket(core, casey, {
      requestTypeId: world.incident.id,
      subject: `Incident ${subject}`,
      description: 'Broken.',
      fields: { impact: 'medium', urgency: 'medium' },
    });
  const question = (subject: string) =>
    createTicket(core, casey, {
      requestTypeId: world.question.id,
      subject: `Question ${subject}`,
      description: 'How?',
    });
  const reply = (who = agent, number: number, status?: 'pending' | 'resolved') =>
    replyToTicket(core, who, number, { body: 'An answer.', ...(status && { status }) });

  // Previous week.
  const F = await at(world, '2026-11-03T10:00:00Z', () => question('F'));
  await at(world, '2026-11-03T10:10:00Z', () => reply(otherAgent, F.number));
  await at(world, '2026-11-03T11:00:00Z', () => updateTicket(core, otherAgent, F.number, { status: 'resolved' }));
  const G = await at(world, '2026-11-04T09:00:00Z', () => incident('G'));
  await at(world, '2026-11-04T09:20:00Z', () => reply(agent, G.number));
  await at(world, '2026-11-04T13:00:00Z', () => updateTicket(core, agent, G.number, { status: 'resolved' }));

  // The reported week.
  const A = await at(world, '2026-11-09T10:00:00Z', () => incident('A'));
  await at(world, '2026-11-09T11:00:00Z', () => reply(agent, A.number, 'pending'));
  const B = await at(world, '2026-11-09T16:00:00Z', () => incident('B'));
  const C = await at(world, '2026-11-10T08:00:00Z', () => question('C'));
  await at(world, '2026-11-10T08:30:00Z', () => reply(otherAgent, C.number, 'pending'));
  await at(world, '2026-11-10T10:00:00Z', () => reply(casey, A.number));
  await at(world, '2026-11-10T10:00:00Z', () => reply(agent, B.number));
  await at(world, '2026-11-10T11:00:00Z', () =>
    updateTicket(core, agent, B.number, { status: 'resolved', assigneeId: agent.id }),
  );
  await at(world, '2026-11-10T12:00:00Z', () =>
    updateTicket(core, agent, A.number, { status: 'resolved', assigneeId: agent.id }),
  );
  await at(world, '2026-11-10T12:30:00Z', () => reply(casey, C.number));
  await at(world, '2026-11-10T14:00:00Z', () =>
    updateTicket(core, otherAgent, C.number, { status: 'resolved', assigneeId: otherAgent.id }),
  );
  await at(world, '2026-11-11T09:30:00Z', () => reply(casey, B.number));
  await at(world, '2026-11-11T10:00:00Z', () => reply(agent, B.number, 'resolved'));
  const D = await at(world, '2026-11-12T09:00:00Z', () => question('D'));
  const E = await at(world, '2026-11-13T09:00:00Z', () => incident('E'));
  await at(world, '2026-11-13T12:00:00Z', () => updateTicket(core, agent, A.number, { status: 'closed' }));
  vi.setSystemTime(reportNow);
  return { A, B, C, D, E, F, G };
}

/** Searches for the deflection rate: this week 4 (2 deflected), the week before 1 (deflected). */
export async function addSearches(world: DeskWorld): Promise<void> {
  const category = await createCategory(world.core, world.admin, { name: 'General' });
  const article = await createArticle(world.core, world.agent, {
    categoryId: category.id,
    title: 'Reset your password',
    body: 'Use the link.',
    status: 'published',
    visibility: 'public',
  });
  const rows: [string, boolean, boolean][] = [
    ['2026-11-05T10:00:00.000Z', true, false],
    ['2026-11-09T10:00:00.000Z', true, false],
    ['2026-11-10T10:00:00.000Z', true, false],
    ['2026-11-11T10:00:00.000Z', true, true],
    ['2026-11-15T23:00:00.000Z', false, false],
  ];
  for (const [createdAt, clicked, followed] of rows) {
    await world.core.db
      .insertInto('kb_searches')
      .values({
        id: newId(),
        query: 'password',
        hit_count: 1,
        user_id: null,
        clicked_article_id: clicked ? article.id : null,
        request_followed: followed ? 1 : 0,
        created_at: createdAt,
      })
      .execute();
  }
}
