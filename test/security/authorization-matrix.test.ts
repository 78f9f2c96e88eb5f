import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiOperations } from '../../src/server/api-routes.ts';
import { readOutbox } from '../e2e/helpers/server.ts';
import { apiRoutes, pageRoutes, servesAnOperation } from './helpers/routes.ts';
import { createWorld, eventually, linksIn, personas } from './helpers/world.ts';
import type { Persona, World } from './helpers/world.ts';

/**
 * Every route × every persona. One letter per persona, in this order:
 *   anonymous, customer (Casey, Northwind), otherCustomer (Olu, Contoso), sameOrgCustomer (Noor, Northwind,
 *   which does not share requests), outsideAgent (an agent in no group), agent (Avery, Service Desk), admin.
 * Letters: 2 = 2xx · 3 = another redirect · L = redirect to /login?next= · U = 401 · F = 403 · N = 404 ·
 *   V = 400/422 (the empty body was refused) · M = 405 · E = 500.
 * A route on disk or in apiOperations that is missing here fails the test: classify it.
 * Secrets (`secret`) must appear in a 2xx answer and in no other; `never` lists markers some personas must
 * never see even in a 2xx (internal notes for customers).
 */
const pageExpectations: Record<string, string> = {
  '/': '2222222',
  '/404': 'NNNNNNN',
  // The error page itself: rendered with its own status.
  '/500': 'EEEEEEE',
  '/account': 'L222222',
  '/account/notifications': 'LNNN222',
  '/admin': 'LNNNNN2',
  '/admin/approvals': 'LNNNNN2',
  '/admin/backups': 'LNNNNN2',
  '/admin/catalog': 'LNNNNN2',
  '/admin/catalog/[id]': 'LNNNNN2',
  '/admin/catalog/new': 'LNNNNN2',
  '/admin/channels': 'LNNNNN2',
  '/admin/channels/[id]': 'LNNNNNN',
  '/admin/channels/messages/[id].eml': 'NNNNNNN',
  '/admin/channels/new': 'LNNNNN2',
  '/admin/channels/quarantine': 'LNNNNN2',
  '/admin/channels/quarantine/[id].eml': 'NNNNNNN',
  '/admin/groups': 'LNNNNN2',
  '/admin/groups/[id]': 'LNNNNN2',
  '/admin/groups/new': 'LNNNNN2',
  '/admin/notifications': 'LNNNNN2',
  '/admin/notifications/[template]': 'LNNNNN2',
  '/admin/organisations': 'LNNNNN2',
  '/admin/plugins': 'LNNNNN2',
  '/admin/plugins/[id]': 'LNNNNN2',
  '/admin/rules': 'LNNNNN2',
  '/admin/rules/[id]': 'LNNNNN2',
  '/admin/rules/new': 'LNNNNN2',
  '/admin/settings': 'LNNNNN2',
  '/admin/sla': 'LNNNNN2',
  '/admin/sla/calendars/[id]': 'LNNNNN2',
  '/admin/sla/policies/[id]': 'LNNNNN2',
  '/admin/sla/policies/[id]/escalations': 'LNNNNN2',
  '/admin/users': 'LNNNNN2',
  '/admin/users/[id]': 'LNNNNN2',
  '/admin/users/new': 'LNNNNN2',
  '/admin/webhooks': 'LNNNNN2',
  '/admin/webhooks/[id]': 'LNNNNN2',
  '/api/[...path]': 'NNNNNNN',
  '/api/v1/openapi.json': '2222222',
  '/approvals': 'L222222',
  '/approvals/[id]': 'LNN2222',
  '/approvals/decide/[token]': '2222222',
  '/desk': 'LNNN222',
  '/desk/canned': 'LNNN222',
  '/desk/kb': 'LNNN222',
  '/desk/kb/[id]': 'LNNN222',
  '/desk/kb/[id]/revisions': 'LNNN222',
  '/desk/kb/categories': 'LNNNNN2',
  '/desk/kb/insights': 'LNNN222',
  '/desk/kb/new': 'LNNN222',
  '/desk/kb/preview': 'MMMMMMM',
  '/desk/kb/reviews': 'LNNN222',
  '/desk/kb/synonyms': 'LNNN222',
  '/desk/reports': 'LNNN222',
  '/desk/reports/export.csv': 'LNNNVVV',
  '/desk/reports/targets': 'LNNNNN2',
  '/desk/tickets/[number]': 'LNNN222',
  '/desk/tickets/[number]/presence': 'MMMMMMM',
  '/desk/tickets/new': 'LNNN222',
  '/forgot': '2222222',
  '/healthz': '2222222',
  '/kb': '2222222',
  '/kb/[category]': '2222222',
  '/kb/[category]/[slug]': 'NNNN222',
  '/login': '2333333',
  '/logout': '3222222',
  '/plugins/announcements': 'LNNN222',
  '/plugins/announcements/delete/[id]': 'LNNN222',
  '/plugins/announcements/edit/[id]': 'LNNN222',
  '/plugins/announcements/new': 'LNNN222',
  '/plugins/csat': 'LNNN222',
  '/plugins/csat/export.csv': 'LNNN222',
  '/plugins/csat/rate': 'NNNNNNN',
  '/plugins/recognition': 'LNNN222',
  '/plugins/recognition/leaderboard': 'LNNN222',
  '/plugins/recognition/manage': 'LNNNNN2',
  '/plugins/recognition/manage/rewards/[id]': 'LNNNNN2',
  '/plugins/recognition/rewards': 'LNNN222',
  '/plugins/training': 'LNNN222',
  '/plugins/training/assignments/[id]': 'LNNNNNN',
  '/plugins/training/assignments/[id]/lessons/[position]': 'LNNNNNN',
  '/plugins/training/assignments/[id]/quiz': 'LNNNNNN',
  '/plugins/training/manage': 'LNNNNN2',
  '/plugins/training/manage/modules/[id]': 'LNNNNN2',
  '/plugins/training/manage/modules/[id]/assign': 'LNNNNN2',
  '/plugins/training/manage/modules/[id]/lessons/[lessonId]': 'LNNNNN2',
  '/plugins/training/manage/modules/[id]/questions/[questionId]': 'LNNNNN2',
  '/plugins/training/manage/modules/new': 'LNNNNN2',
  '/plugins/training/reports': 'LNNNNN2',
  '/plugins/training/reports/export': 'LNNNNN2',
  '/requests': 'L222222',
  '/requests/[number]': 'L2NN222',
  '/requests/[number]/attachments/[id]': 'N2NN222',
  '/requests/new': '2222222',
  '/requests/new/[type]': 'L222222',
  '/reset/[token]': 'NNNNNNN',
  '/search': '2222222',
  '/setup': 'NNNNNNN',
  '/signup': '2333333',
  '/sitemap.xml': '2222222',
  '/theme.css': '2222222',
  '/verify/[token]': '2222222',
};

const apiExpectations: Record<string, string> = {
  'DELETE /rules/{id}': 'UFFFFF2',
  'DELETE /sla/policies/{id}/escalations/{levelId}': 'UFFFFFN',
  'DELETE /webhooks/{id}': 'UFFFFF2',
  'GET /approvals': 'U222222',
  'GET /articles': '2222222',
  'GET /articles/{slug}': 'NNNN222',
  'GET /groups': 'UFFF222',
  'GET /me': 'U222222',
  'GET /plugins': 'UFFFFF2',
  'GET /plugins/{id}': 'UFFFFF2',
  'GET /request-types': '2222222',
  'GET /rules': 'UFFFFF2',
  'GET /rules/{id}': 'UFFFFF2',
  'GET /search': '2222222',
  'GET /sla/policies/{id}/escalations': 'UFFF222',
  'GET /tickets': 'U222222',
  'GET /tickets/{number}': 'U2NN222',
  'GET /tickets/{number}/attachments/{id}': 'U2NN222',
  'GET /tickets/{number}/history': 'UNNN222',
  'GET /users': 'UFFF222',
  'GET /users/{id}': 'UFFF222',
  'GET /webhooks': 'UFFFFF2',
  'GET /webhooks/{id}': 'UFFFFF2',
  'GET /webhooks/{id}/deliveries': 'UFFFFF2',
  'PATCH /articles/{slug}': 'UNNN222',
  'PATCH /plugins/{id}/settings': 'UFFFFFV',
  'PATCH /rules/{id}': 'UFFFFF2',
  'PATCH /tickets/{number}': 'UFNN222',
  'PATCH /users/{id}': 'UFFFFF2',
  'PATCH /webhooks/{id}': 'UFFFFF2',
  'POST /approvals/{id}/decision': 'UVVVVVV',
  'POST /articles': 'UFFFVVV',
  'POST /groups': 'UFFFFFV',
  'POST /plugins/{id}/disable': 'UFFFFF2',
  'POST /plugins/{id}/enable': 'UFFFFF2',
  'POST /plugins/{id}/install': 'UFFFFFN',
  'POST /plugins/{id}/uninstall': 'UFFFFFV',
  'POST /rules': 'UFFFFFV',
  'POST /rules/dry-run': 'UFFFFFV',
  'POST /sla/policies/{id}/escalations': 'UFFFFFV',
  'POST /tickets': 'UVVVVVV',
  'POST /tickets/{number}/attachments': 'UVVVVVV',
  'POST /tickets/{number}/messages': 'UVVVVVV',
  'POST /users': 'UFFFFFV',
  'POST /webhooks': 'UFFFFFV',
};

/** Concrete URL for a route pattern, filled with ids created in the setup. */
const ids: Record<string, string> = {};
const secrets: Record<string, string> = {};

let world: World;
const record = process.env['SECURITY_MATRIX_RECORD'] === '1';

function fill(route: string): string {
  return route.replace(/\[(?:\.\.\.)?(\w+)\]|\{(\w+)\}/g, (_, square: string, curly: string) => {
    const name = square ?? curly;
    const key = `${route}:${name}`;
    return encodeURIComponent(ids[key] ?? ids[name] ?? `missing-${name}`);
  });
}

function letter(status: number, location: string | null): string {
  if (status >= 200 && status < 300) return '2';
  if (status >= 300 && status < 400) return location?.startsWith('/login?next=') ? 'L' : '3';
  return (
    ({ 400: 'V', 401: 'U', 403: 'F', 404: 'N', 405: 'M', 422: 'V', 500: 'E' } as Record<number, string>)[status] ??
    `(${status})`
  );
}

async function setup(): Promise<void> {
  const { api } = world;
  const all = (await api('customer', 'GET', 'request-types')).body.requestTypes as { id: string; slug: string }[];
  // "Ask a question" has no required fields; it also gets the approval step, after the first tickets.
  const types = [all.find((type) => type.slug === 'ask-a-question')!];
  ids['type'] = types[0]!.slug;
  ids['/admin/catalog/[id]:id'] = types[0]!.id;
  const users = (await api('admin', 'GET', 'users?limit=200')).body.users as { id: string; email: string }[];
  const idOf = (email: string) => users.find((user) => user.email === email)!.id;
  ids['/admin/users/[id]:id'] = ids['/users/{id}:id'] = idOf(world.server.login('customer').email);
  ids['/admin/groups/[id]:id'] = (await api('admin', 'GET', 'groups')).body.groups[0].id;

  // Casey's ticket with a file and an internal note; Olu's ticket with a file.
  secrets['ticketA'] = 'Matrix secret subject of Casey';
  const ticketA = await api('customer', 'POST', 'tickets', {
    requestTypeId: types[0]!.id,
    subject: secrets['ticketA'],
    description: 'Only Casey and staff may read this.',
  });
  expect(ticketA.status, JSON.stringify(ticketA.body)).toBe(201);
  ids['number'] = String(ticketA.body.ticket.number);
  const files = new FormData();
  files.append('attachments', new Blob(['casey private file']), 'casey.txt');
  const attached = await api('customer', 'POST', `tickets/${ids['number']}/attachments`, files);
  expect(attached.status, JSON.stringify(attached.body)).toBe(201);
  ids['/requests/[number]/attachments/[id]:id'] = ids['/tickets/{number}/attachments/{id}:id'] =
    attached.body.attachments[0].id;
  secrets['internalNote'] = 'Matrix internal note nobody outside staff reads';
  const note = await api('agent', 'POST', `tickets/${ids['number']}/messages`, {
    body: secrets['internalNote'],
    internal: true,
  });
  expect(note.status, JSON.stringify(note.body)).toBe(201);
  const ticketB = await api('otherCustomer', 'POST', 'tickets', {
    requestTypeId: types[0]!.id,
    subject: 'Olu’s own request',
    description: 'Contoso business.',
  });
  ids['otherNumber'] = String(ticketB.body.ticket.number);
  const otherFiles = new FormData();
  otherFiles.append('attachments', new Blob(['olu private file']), 'olu.txt');
  ids['otherAttachment'] = (
    await api('otherCustomer', 'POST', `tickets/${ids['otherNumber']}/attachments`, otherFiles)
  ).body.attachments[0].id;

  // An internal article and a draft.
  const category = (await api('admin', 'GET', 'articles?limit=1')).body.articles[0].category;
  ids['category'] = category.slug;
  secrets['internalArticle'] = 'Matrix internal runbook';
  const internal = await api('admin', 'POST', 'articles', {
    title: secrets['internalArticle'],
    categoryId: category.id,
    body: 'Staff only.',
    visibility: 'internal',
    status: 'published',
  });
  expect(internal.status, JSON.stringify(internal.body)).toBe(201);
  ids['slug'] = internal.body.article.slug;
  const draft = await api('admin', 'POST', 'articles', {
    title: 'Matrix draft article',
    categoryId: category.id,
    body: 'Not yet.',
    status: 'draft',
  });
  ids['/desk/kb/[id]:id'] = ids['/desk/kb/[id]/revisions:id'] = draft.body.article.id;

  // Rules and webhooks: one to look at, one the admin deletes.
  const rule = { name: 'Matrix rule', trigger: 'event', events: ['ticket.created'], active: false };
  const ruleBody = { ...rule, actions: [{ type: 'add_tag', value: 'matrix' }] };
  ids['/admin/rules/[id]:id'] = (await api('admin', 'POST', 'rules', ruleBody)).body.rule.id;
  ids['/rules/{id}:id'] = (await api('admin', 'POST', 'rules', { ...ruleBody, name: 'Doomed' })).body.rule.id;
  const hook = { url: 'https://hooks.example.org/in', events: ['*'], active: false };
  ids['/admin/webhooks/[id]:id'] = ids['/webhooks/{id}/deliveries:id'] = (
    await api('admin', 'POST', 'webhooks', hook)
  ).body.webhook.id;
  ids['/webhooks/{id}:id'] = (await api('admin', 'POST', 'webhooks', hook)).body.webhook.id;

  // SLA, notifications, plugins: ids read from the admin console.
  const sla = await (await world.page('admin', '/admin/sla')).text();
  ids['/admin/sla/calendars/[id]:id'] = linksIn(sla, /href="\/admin\/sla\/calendars\/(?!new)([^"/]+)"/)[0]!;
  ids['/admin/sla/policies/[id]:id'] =
    ids['/admin/sla/policies/[id]/escalations:id'] =
    ids['/sla/policies/{id}/escalations:id'] =
      linksIn(sla, /href="\/admin\/sla\/policies\/(?!new)([^"/]+)"/)[0]!;
  ids['template'] = 'request.received';
  ids['/admin/plugins/[id]:id'] = ids['/plugins/{id}:id'] = 'csat';

  // An approval: Noor approves Casey's requests of the second type.
  const approvalType = types[0]!;
  const steps = await world.page('admin', `/admin/approvals?type=${approvalType.id}`, {
    method: 'POST',
    body: new URLSearchParams({
      intent: 'steps',
      'rows.0.step': '1',
      'rows.0.name': 'Manager',
      'rows.0.rule': 'any',
      'rows.0.approver': `user:${idOf(world.server.login('customer', 1).email)}`,
    }),
  });
  expect(steps.status).toBe(303);
  await api('customer', 'POST', 'tickets', {
    requestTypeId: approvalType.id,
    subject: 'Matrix request that needs approval',
    description: 'Please approve.',
  });
  const approval = await eventually(async () => {
    const list = await api('sameOrgCustomer', 'GET', 'approvals');
    return list.body.approvals?.[0];
  }, 'the approval');
  ids['/approvals/[id]:id'] = ids['/approvals/{id}/decision:id'] = approval.id;
  ids['token'] = await eventually(async () => {
    const mail = readOutbox(world.server.dataDir)
      .join('\n')
      .replace(/=\r?\n/g, '');
    return /\/approvals\/decide\/([\w-]+)/.exec(mail)?.[1];
  }, 'the approval mail');

  // Plugins' own records.
  const created = await world.page('admin', '/plugins/announcements/new', {
    method: 'POST',
    body: new URLSearchParams({
      title: 'Matrix notice',
      body: 'Hello.',
      kind: 'info',
      audience: 'everyone',
      starts_at: '2020-01-01T00:00',
    }),
  });
  expect(created.status).toBeLessThan(400);
  const notices = await (await world.page('admin', '/plugins/announcements')).text();
  ids['/plugins/announcements/edit/[id]:id'] = ids['/plugins/announcements/delete/[id]:id'] = linksIn(
    notices,
    /href="\/plugins\/announcements\/edit\/([^"/]+)"/,
  )[0]!;
  await world.page('admin', '/plugins/recognition/manage', {
    method: 'POST',
    body: new URLSearchParams({
      intent: 'create-reward',
      name: 'Matrix mug',
      description: 'A mug',
      cost: '5',
      stock: '3',
      active: '1',
    }),
  });
  const rewards = await (await world.page('admin', '/plugins/recognition/manage')).text();
  ids['/plugins/recognition/manage/rewards/[id]:id'] = linksIn(
    rewards,
    /href="\/plugins\/recognition\/manage\/rewards\/([^"/]+)"/,
  )[0]!;
  const module = 'demo-security-incident';
  ids['/plugins/training/manage/modules/[id]:id'] = ids['/plugins/training/manage/modules/[id]/assign:id'] = module;
  ids['/plugins/training/manage/modules/[id]/lessons/[lessonId]:id'] = module;
  ids['/plugins/training/manage/modules/[id]/questions/[questionId]:id'] = module;
  const modulePage = await (await world.page('admin', `/plugins/training/manage/modules/${module}`)).text();
  ids['lessonId'] = linksIn(modulePage, /\/lessons\/([^"/?#]+)"/)[0]!;
  ids['questionId'] = linksIn(modulePage, /\/questions\/([^"/?#]+)"/)[0]!;
  const training = await (await world.page('agent', '/plugins/training')).text();
  ids['/plugins/training/assignments/[id]:id'] =
    ids['/plugins/training/assignments/[id]/quiz:id'] =
    ids['/plugins/training/assignments/[id]/lessons/[position]:id'] =
      linksIn(training, /href="\/plugins\/training\/assignments\/([^"/]+)"/)[0] ?? 'missing-assignment';
  ids['position'] = '1';
  ids['path'] = 'nowhere';
  ids['action'] = 'enable';
  ids['levelId'] = 'no-such-level';
  ids['/plugins/{id}/install:id'] = 'no-such-plugin';
}

beforeAll(async () => {
  world = await createWorld();
  await setup();
}, 180_000);

afterAll(async () => {
  await world?.server.stop();
});

describe('the route table', () => {
  it('classifies every page on disk and every REST operation', () => {
    const unclassified = [
      ...pageRoutes().filter((route) => !(route in pageExpectations) && !servesAnOperation(route)),
      ...apiRoutes().filter((route) => !(route in apiExpectations)),
    ];
    expect(unclassified, `classify these routes in ${import.meta.filename}`).toEqual([]);
  });
});

describe('the authorization matrix', () => {
  it('answers every page as expected for every persona', async () => {
    const observed: Record<string, string> = {};
    for (const route of pageRoutes()) {
      if (servesAnOperation(route)) continue;
      let row = '';
      for (const persona of personas) {
        const response = await world.page(persona, fill(route));
        const body = await response.text();
        row += letter(response.status, response.headers.get('location'));
        checkSecrets(persona, route, response.status, body);
      }
      observed[route] = row;
    }
    if (record) console.log(JSON.stringify(observed, null, 2));
    const expected = Object.fromEntries(Object.keys(observed).map((route) => [route, pageExpectations[route]]));
    expect(observed).toEqual(expected);
  });

  it('answers every REST operation as expected for every persona', async () => {
    const observed: Record<string, string> = {};
    for (const operation of apiOperations) {
      const key = `${operation.method.toUpperCase()} ${operation.path}`;
      let row = '';
      for (const persona of personas) {
        const withBody = operation.method === 'post' || operation.method === 'patch';
        const response = await world.page(persona, fillOperation(operation.path), {
          method: operation.method.toUpperCase(),
          headers: withBody ? { 'Content-Type': 'application/json' } : {},
          ...(withBody && { body: '{}' }),
        });
        const body = await response.text();
        row += letter(response.status, response.headers.get('location'));
        checkSecrets(persona, key, response.status, body);
      }
      observed[key] = row;
    }
    if (record) console.log(JSON.stringify(observed, null, 2));
    const expected = Object.fromEntries(Object.keys(observed).map((route) => [route, apiExpectations[route]]));
    expect(observed).toEqual(expected);
  });
});

// The matrix sends empty bodies, which some operations refuse (422) before looking at the resource: here
// the same calls carry valid bodies, so only authorization stands between the caller and the write.
describe('writes with valid bodies on someone else’s resources', () => {
  it('refuses replies, files and decisions on Casey’s ticket and approval to everyone it is not for', async () => {
    for (const persona of ['otherCustomer', 'sameOrgCustomer'] as const) {
      const reply = await world.api(persona, 'POST', `tickets/${ids['number']}/messages`, { body: 'Injected reply' });
      expect(reply.status, persona).toBe(404);
      const files = new FormData();
      files.append('attachments', new Blob(['x']), 'x.txt');
      const upload = await world.api(persona, 'POST', `tickets/${ids['number']}/attachments`, files);
      expect(upload.status, persona).toBe(404);
      const patch = await world.api(persona, 'PATCH', `tickets/${ids['number']}`, { status: 'closed' });
      expect(patch.status, persona).toBe(404);
    }
    for (const persona of ['customer', 'otherCustomer'] as const) {
      const decision = await world.api(persona, 'POST', `approvals/${ids['/approvals/[id]:id']}/decision`, {
        decision: 'approve',
      });
      expect([403, 404], persona).toContain(decision.status);
    }
    const note = await world.api('customer', 'POST', `tickets/${ids['number']}/messages`, {
      body: 'I am staff now',
      internal: true,
    });
    expect(note.status).toBeGreaterThanOrEqual(400);
    const detail = await world.api('agent', 'GET', `tickets/${ids['number']}`);
    expect(JSON.stringify(detail.body)).not.toContain('Injected reply');
  });

  it('never serves another customer’s attachment under Casey’s ticket number', async () => {
    for (const persona of ['customer', 'otherCustomer'] as const) {
      const crossed = await world.page(persona, `/requests/${ids['number']}/attachments/${ids['otherAttachment']}`);
      expect(crossed.status, persona).toBe(404);
      const api = await world.api(persona, 'GET', `tickets/${ids['number']}/attachments/${ids['otherAttachment']}`);
      expect(api.status, persona).toBe(404);
    }
  });
});

/** An operation's URL: an `{id}` is looked up for this operation's path first (`/rules/{id}:id`). */
function fillOperation(template: string): string {
  const filled = template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const exact =
      ids[`${template}:${name}`] ??
      ids[`${template.replace(/\/(install|enable|disable|uninstall|settings|decision)$/, '')}:${name}`];
    return encodeURIComponent(exact ?? ids[name] ?? `missing-${name}`);
  });
  return `/api/v1${filled}`;
}

const customers: Persona[] = ['anonymous', 'customer', 'otherCustomer', 'sameOrgCustomer'];

/** Staff-only text never reaches a customer; Casey's ticket never reaches the other customers. */
function checkSecrets(persona: Persona, route: string, status: number, body: string): void {
  if (customers.includes(persona)) {
    expect(body, `${persona} ${route}`).not.toContain(secrets['internalNote']);
    expect(body, `${persona} ${route}`).not.toContain(secrets['internalArticle']);
  }
  if (persona !== 'customer' && customers.includes(persona)) {
    expect(body, `${persona} ${route}`).not.toContain(secrets['ticketA']);
  }
  void status;
}
