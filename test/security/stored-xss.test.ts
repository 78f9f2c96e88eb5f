import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from '../e2e/helpers/browser.ts';
import { readOutbox } from '../e2e/helpers/server.ts';
import { allPayloads, corpus, mailProblems, visitPages } from './helpers/xss.ts';
import { createWorld, eventually } from './helpers/world.ts';
import type { Persona, World } from './helpers/world.ts';

let world: World;
let browser: Browser;
const tickets: string[] = [];
const pages: [Persona, string][] = [];

async function ok(response: Promise<{ status: number; body: unknown }>, what: string) {
  const { status, body } = await response;
  expect([200, 201, 303, 422, 400], `${what}: ${JSON.stringify(body).slice(0, 200)}`).toContain(status);
  return { status, body: body as any };
}

async function form(persona: Persona, path: string, fields: Record<string, string>) {
  const response = await world.page(persona, path, { method: 'POST', body: new URLSearchParams(fields) });
  await response.body?.cancel();
  expect(response.status, `${path}`).toBeLessThan(500);
  return response.status;
}

beforeAll(async () => {
  world = await createWorld();
  browser = await launchBrowser();
  const { api } = world;
  const types = (await api('customer', 'GET', 'request-types')).body.requestTypes as { id: string; slug: string }[];
  const question = types.find((type) => type.slug === 'ask-a-question')!;

  // Tickets: every payload as a subject; the whole corpus as description, reply and internal note.
  for (const payload of corpus) {
    const created = await ok(
      api('customer', 'POST', 'tickets', {
        requestTypeId: question.id,
        subject: payload.slice(0, 160),
        description: allPayloads,
      }),
      'ticket',
    );
    if (created.status === 201) tickets.push(String(created.body.ticket.number));
  }
  expect(tickets.length).toBeGreaterThan(corpus.length / 2);
  const main = tickets[0]!;
  await ok(api('customer', 'POST', `tickets/${main}/messages`, { body: allPayloads }), 'reply');
  await ok(api('agent', 'POST', `tickets/${main}/messages`, { body: allPayloads }), 'agent reply');
  await ok(api('agent', 'POST', `tickets/${main}/messages`, { body: allPayloads, internal: true }), 'internal note');
  const files = new FormData();
  files.append('attachments', new Blob(['x']), '<img x-xss src=x onerror=alert(1)>.png');
  await ok(api('customer', 'POST', `tickets/${main}/attachments`, files), 'file name');

  // Knowledge base: title, summary, body and tags.
  const category = (await api('admin', 'GET', 'articles?limit=1')).body.articles[0].category;
  let article = '';
  for (const [index, payload] of corpus.entries()) {
    const created = await ok(
      api('admin', 'POST', 'articles', {
        title: `XSS ${index} ${payload}`.slice(0, 160),
        summary: payload.slice(0, 300),
        body: index === 0 ? allPayloads : payload,
        categoryId: category.id,
        tags: ['xss'],
        status: 'published',
      }),
      'article',
    );
    if (created.status === 201 && !article) article = created.body.article.url;
  }
  // People, groups, rules: names.
  for (const [index, payload] of corpus.entries()) {
    const name = payload.slice(0, 80);
    await ok(api('admin', 'POST', 'users', { email: `xss${index}@northwind.example`, name, role: 'customer' }), 'user');
    await ok(api('admin', 'POST', 'groups', { name: `${index} ${name}`.slice(0, 80), description: payload }), 'group');
    await ok(
      api('admin', 'POST', 'rules', {
        name: payload.slice(0, 120),
        trigger: 'event',
        events: ['ticket.created'],
        active: false,
        actions: [{ type: 'add_note', value: payload }],
      }),
      'rule',
    );
  }
  // Forms of the desk and the plugins.
  for (const payload of corpus.slice(0, 20)) {
    await form('agent', '/desk/canned', {
      intent: 'create',
      title: payload.slice(0, 80),
      body: allPayloads,
      shared: 'on',
    });
    await form('agent', '/desk?status=open', { intent: 'save-view', name: payload.slice(0, 60) });
  }
  await form('admin', '/plugins/announcements/new', {
    title: corpus[2]!,
    body: allPayloads.slice(0, 2000),
    kind: 'info',
    audience: 'everyone',
    starts_at: '2020-01-01T00:00',
  });
  const agentId = (await api('agent', 'GET', 'me')).body.user.id as string;
  await form('admin', '/plugins/recognition', {
    to: agentId,
    message: allPayloads.slice(0, 500),
    points: '1',
    badge: '',
  });

  pages.push(
    ['customer', '/'],
    ['customer', '/requests'],
    ['customer', `/requests/${main}`],
    ['customer', `/requests/${tickets[5]}`],
    ['customer', '/search?q=script'],
    ['customer', '/kb'],
    ['customer', article],
    ['agent', '/desk'],
    ['agent', `/desk/tickets/${main}`],
    ['agent', `/desk/tickets/${tickets[10]}`],
    ['agent', '/desk/canned'],
    ['agent', '/desk/kb'],
    ['agent', '/plugins/announcements'],
    ['agent', '/plugins/recognition'],
    // The recipient's account page quotes their latest kudos.
    ['agent', '/account'],
    ['admin', '/admin/users'],
    ['admin', '/admin/groups'],
    ['admin', '/admin/rules'],
    ['admin', '/search?q=img'],
  );
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await world?.server.stop();
});

describe('stored XSS', () => {
  it(`renders ${corpus.length} payloads in every field inert on every page that shows them`, async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    const { problems, withoutPayload } = await visitPages(browser, world, pages);
    expect(problems).toEqual([]);
    // The payloads are on the pages, as text.
    expect(withoutPayload.length).toBeLessThanOrEqual(3);
  });

  it('sends no payload as live HTML in mail', async () => {
    await eventually(async () => (readOutbox(world.server.dataDir).length > 0 ? true : undefined), 'mail');
    const { live, withPayload } = await mailProblems(world.server.dataDir);
    expect(withPayload.length).toBeGreaterThan(0);
    expect(live).toEqual([]);
  });
});
