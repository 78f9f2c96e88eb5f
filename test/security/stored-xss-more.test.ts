import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../e2e/helpers/browser.ts';
import { agentSees, quotedLines, recoveryTaskOf } from './helpers/csat-recovery.ts';
import {
  call,
  corpusIn,
  oneLinePayloads,
  seedCsatComment,
  seedKbCategory,
  seedOrganisations,
  seedRequestType,
  seedSlaPolicy,
  seedTraining,
  submit,
} from './helpers/xss-seed.ts';
import { corpus, mailProblems, visitPages } from './helpers/xss.ts';
import { createWorld } from './helpers/world.ts';
import type { Persona, World } from './helpers/world.ts';

// The fields stored-xss.test.ts does not reach: organisations, request types and their forms' answers,
// CSAT comments, training, SLA policies, knowledge-base categories, display names and the portal's name.
let world: World;
let browser: Browser;
const pages: [Persona, string][] = [];
/** Tickets rated 1 with a payload comment, and the service-recovery task each opened. */
const recoveries: { rated: number; task: number; comment: string }[] = [];

beforeAll(async () => {
  world = await createWorld();
  browser = await launchBrowser();
  const customerId = (await call(world, 'customer', 'GET', 'me')).user.id as string;
  const agentId = (await call(world, 'agent', 'GET', 'me')).user.id as string;

  // Who is who: display names the desk shows to customers and the portal shows to agents.
  await call(world, 'admin', 'PATCH', `users/${agentId}`, { name: '<svg x-xss onload=alert(1)>' });
  const organisationId = await seedOrganisations(world);
  await call(world, 'admin', 'PATCH', `users/${customerId}`, {
    name: '"><img x-xss src=x onerror=alert(1)>',
    organisationId,
  });
  // The portal's name heads every page and mail; without x-xss in it, pages still have to show their own
  // payloads to pass, while the on… handler it would create is caught everywhere.
  await submit(world, 'admin', '/admin/settings', {
    organisationName: '<img src=x onerror=alert(1)>',
    brandColor: '#1d4ed8',
    logoUrl: '',
    signupEnabled: 'on',
  });

  const group = (await call(world, 'admin', 'POST', 'groups', { name: corpus[4]!, description: corpus[5]! })).group
    .id as string;
  await submit(world, 'admin', `/admin/groups/${group}`, { intent: 'members', [`lead-${agentId}`]: 'on' });
  await seedSlaPolicy(world, corpus[6]!);
  const types = [await seedRequestType(world, 0, group), await seedRequestType(world, 1, group)];

  // Two requests per CSAT comment (at most 2,000 characters each), one rated 4 and one rated 1 (which the
  // plugin quotes in a follow-up task and a note), and one resolved but not yet rated.
  const comments = corpusIn(2000);
  const tickets: number[] = [];
  for (const [index, subject] of oneLinePayloads.slice(0, 2 * comments.length + 1).entries()) {
    const type = types[index % types.length]!;
    const created = await call(world, 'customer', 'POST', 'tickets', {
      requestTypeId: type.id,
      subject: subject.slice(0, 160),
      description: 'See the form.',
      fields: type.answers,
    });
    tickets.push(created.ticket.number as number);
  }
  const [rated, secondRated] = tickets as [number, number];
  const unrated = tickets.at(-1)!;
  await call(world, 'agent', 'POST', `tickets/${rated}/messages`, { body: 'We are looking into it.' });
  for (const [index, comment] of comments.entries()) await seedCsatComment(world, tickets[index]!, comment, 4);
  const lowRated = tickets.slice(comments.length, 2 * comments.length);
  for (const [index, comment] of comments.entries()) await seedCsatComment(world, lowRated[index]!, comment, 1);
  await call(world, 'agent', 'PATCH', `tickets/${unrated}`, { status: 'resolved' });

  const category = await seedKbCategory(world, 0, corpus[2]!);
  const training = await seedTraining(world, agentId);
  // The outbox worker runs service recovery in the background: by now there is little left to wait for.
  for (const [index, ticket] of lowRated.entries()) {
    recoveries.push({ rated: ticket, task: await recoveryTaskOf(world, ticket), comment: comments[index]! });
  }
  const { assignment, lessons } = training;

  pages.push(
    ['customer', '/requests'],
    ['customer', '/requests/new'],
    ...types.map((type): [Persona, string] => ['customer', `/requests/new/${type.slug}`]),
    ['customer', `/requests/${rated}`],
    ['customer', `/requests/${secondRated}`],
    ['customer', `/plugins/csat/rate?ticket=${unrated}`],
    ['customer', '/kb'],
    ['customer', `/kb/${category}`],
    ['agent', '/desk'],
    ['agent', `/desk/tickets/${rated}`],
    ['agent', `/desk/tickets/${secondRated}`],
    ...recoveries.flatMap(({ rated: lowRatedTicket, task }): [Persona, string][] => [
      ['agent', `/desk/tickets/${lowRatedTicket}`],
      ['agent', `/desk/tickets/${task}`],
      // The lead is the task's requester, so the portal shows it to them as their own request too.
      ['agent', `/requests/${task}`],
    ]),
    ['agent', '/desk/tickets/new'],
    ['agent', '/plugins/csat'],
    ['agent', '/plugins/training'],
    ['agent', assignment],
    ...lessons.map((lesson): [Persona, string] => ['agent', lesson]),
    ['agent', `${assignment}/quiz`],
    ['admin', '/admin/organisations'],
    ['admin', '/admin/users'],
    ['admin', `/admin/users/${customerId}`],
    ['admin', `/admin/groups/${group}`],
    ['admin', '/admin/catalog'],
    ...types.map((type): [Persona, string] => ['admin', `/admin/catalog/${type.id}`]),
    ['admin', '/admin/sla'],
    ['admin', '/admin/sla/policies/new'],
    ['admin', '/desk/kb/categories'],
    ['admin', '/plugins/training/manage'],
    ['admin', `/plugins/training/manage/modules/${training.moduleId}`],
    ['admin', '/plugins/training/reports'],
  );
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.server.stop();
});

describe('stored XSS in the catalog, its answers, organisations, CSAT, training, SLA and categories', () => {
  it(`renders ${corpus.length} payloads inert on every page that shows these fields`, async () => {
    const { problems, withoutPayload } = await visitPages(browser, world, pages);
    expect(problems).toEqual([]);
    // Every page shows its payloads, as text: a page that does not would test nothing.
    expect(withoutPayload).toEqual([]);
  });

  it('exports CSAT breakdowns named by payloads as a CSV download, never as a page', async () => {
    const response = await world.page('agent', '/plugins/csat/export.csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('x-xss');
  });

  it('quotes a rating of 1 as text in its recovery task and the note on the ticket', async () => {
    for (const { rated, task, comment } of recoveries) {
      const seen = await agentSees(browser, world, {
        ticket: `/desk/tickets/${rated}`,
        deskTask: `/desk/tickets/${task}`,
        portalTask: `/requests/${task}`,
      });
      expect(seen.ticket).toContain('Customer satisfaction: rated 1/5 (Very dissatisfied).');
      for (const [where, text] of Object.entries(seen)) {
        const missing = quotedLines(comment).filter((line) => !text.includes(line));
        expect(missing, `${where} of ticket ${rated}`).toEqual([]);
      }
    }
  });

  it('sends no payload as live HTML in mail (survey, notifications, names)', async () => {
    const { live, withPayload } = await mailProblems(world.server.dataDir);
    expect(withPayload.some((subject) => /How did we do/.test(subject))).toBe(true);
    expect(live).toEqual([]);
  });
});
