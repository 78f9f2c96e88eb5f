import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
/** API tokens by person: an agent, two customers of Northwind (which does not share requests), one of Contoso. */
const tokens = { agent: '', casey: '', noor: '', olu: '' };

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);

const incident = (subject: string, extra: Record<string, unknown> = {}) => ({
  requestTypeId: 'report-an-incident',
  subject,
  description: 'The VPN drops every ten minutes.',
  fields: { affected_service: 'VPN', impact: 'medium', urgency: 'high' },
  ...extra,
});

async function createToken(email: string): Promise<string> {
  const result = await runCli(['token', 'create', '--email', email, '--label', 'api-tickets'], {
    PORTICO_DATA_DIR: server.dataDir,
  });
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').at(-1)!;
}

function looksLikeStackTrace(body: string): boolean {
  return /\n\s+at\s|node_modules|\.ts:\d+|\.mjs:\d+|Error:\s.*\n/.test(body);
}

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** One API call with a Bearer token: a plain object is sent as JSON, FormData as multipart, a string as is. */
async function api(
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const init: RequestInit = { method, headers: { Authorization: `Bearer ${token}`, ...headers } };
  if (body instanceof FormData || typeof body === 'string') init.body = body;
  else if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const response = await fetch(`${server.url}/api/v1${path}`, init);
  const text = await response.text();
  expect(looksLikeStackTrace(text), `${method} ${path}: ${text.slice(0, 200)}`).toBe(false);
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    body: type.startsWith('application/json') ? JSON.parse(text) : text,
    headers: response.headers,
  };
}

function files(
  entries: [string, Uint8Array<ArrayBuffer> | string, string][],
  text: Record<string, string> = {},
): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(text)) data.append(name, value);
  for (const [name, content, fileName] of entries) data.append(name, new Blob([content]), fileName);
  return data;
}

async function openTicket(token: string, subject: string): Promise<number> {
  const { status, body } = await api(token, 'POST', '/tickets', incident(subject));
  expect(status, JSON.stringify(body)).toBe(201);
  return body.ticket.number;
}

beforeAll(async () => {
  server = await startServer();
  const customers = [0, 1, 2].map((index) => server.login('customer', index).email);
  expect(customers).toEqual(['casey@northwind.example', 'noor@northwind.example', 'olu@contoso.example']);
  const [agent, casey, noor, olu] = await Promise.all([server.login('agent').email, ...customers].map(createToken));
  Object.assign(tokens, { agent, casey, noor, olu });
});

afterAll(async () => {
  await server?.stop();
});

describe('POST /api/v1/tickets', () => {
  it('opens a ticket from JSON on the api channel', async () => {
    const { status, body, headers } = await api(tokens.casey, 'POST', '/tickets', incident('VPN drops again'));
    expect(status).toBe(201);
    const ticket = body.ticket;
    expect(ticket).toMatchObject({
      reference: `PT-${ticket.number}`,
      subject: 'VPN drops again',
      kind: 'incident',
      status: 'new',
      priority: 'P2',
      impact: 'medium',
      urgency: 'high',
      channel: 'api',
      requesterName: 'Casey Customer',
      requestTypeName: 'Report an incident',
      url: `/api/v1/tickets/${ticket.number}`,
    });
    expect(Number.isInteger(ticket.number)).toBe(true);
    expect(headers.get('location')).toBe(`/api/v1/tickets/${ticket.number}`);
    expect(ticket.fields[0]).toEqual({
      id: 'affected_service',
      label: 'Affected service',
      kind: 'select',
      value: 'VPN',
      display: 'VPN',
    });
    expect(new Date(ticket.createdAt).toISOString()).toBe(ticket.createdAt);
  });

  it('opens a ticket from multipart with a file field and attachments', async () => {
    const form = files(
      [
        ['fields.screenshots', png, 'error.png'],
        ['attachments', 'tunnel down at 09:14\n', 'vpn.log'],
      ],
      {
        requestTypeId: 'report-an-incident',
        subject: 'Printer jams',
        description: 'Paper stuck in tray 2.',
        'fields.affected_service': 'Printing',
        'fields.impact': 'low',
        'fields.urgency': 'low',
      },
    );
    const created = await api(tokens.casey, 'POST', '/tickets', form);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.ticket.channel).toBe('api');
    expect(created.body.ticket.fields.find((field: any) => field.id === 'screenshots')).toMatchObject({
      kind: 'file',
      value: ['error.png'],
    });
    const { status, body } = await api(tokens.casey, 'GET', `/tickets/${created.body.ticket.number}`);
    expect(status).toBe(200);
    expect(body.attachments.map((file: any) => [file.fileName, file.contentType, file.size, file.internal])).toEqual([
      ['error.png', 'image/png', png.byteLength, false],
      ['vpn.log', 'text/plain', 21, false],
    ]);
    const log = body.attachments[1];
    const download = await fetch(`${server.url}${log.url}`, { headers: { Authorization: `Bearer ${tokens.casey}` } });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toContain('attachment; filename="vpn.log"');
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await download.text()).toBe('tunnel down at 09:14\n');
  });

  it('refuses an answer to a field the form does not have, with a message for that field', async () => {
    const input = incident('VPN drops', {
      fields: { affected_service: 'VPN', impact: 'low', urgency: 'low', costCentre: '4711' },
    });
    const { status, body } = await api(tokens.casey, 'POST', '/tickets', input);
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.details.fields).toEqual({ 'fields.costCentre': 'This form has no field "costCentre".' });
  });

  it('refuses a missing required answer with a message for that field', async () => {
    const input = incident('VPN drops', { fields: { affected_service: 'VPN', impact: 'low' } });
    const { status, body } = await api(tokens.casey, 'POST', '/tickets', input);
    expect(status).toBe(422);
    expect(body.error.details.fields['fields.urgency']).toBe('Choose one of the options.');
  });

  it('refuses a file field answered with a bare file name instead of an upload', async () => {
    const input = incident('VPN drops', {
      fields: { affected_service: 'VPN', impact: 'low', urgency: 'low', screenshots: ['made-up.png'] },
    });
    const { status, body } = await api(tokens.casey, 'POST', '/tickets', input);
    expect(status).toBe(422);
    expect(Object.keys(body.error.details.fields)).toEqual(['fields.screenshots']);
  });

  it('refuses organisationId as an unknown key', async () => {
    const { status, body } = await api(tokens.casey, 'POST', '/tickets', incident('Mine', { organisationId: 'x' }));
    expect(status).toBe(422);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toContain('organisationId');
  });

  it('does not let a customer open a ticket for someone else or set staff fields', async () => {
    const me = await api(tokens.noor, 'GET', '/me');
    const other = await api(tokens.casey, 'POST', '/tickets', incident('For Noor', { requesterId: me.body.user.id }));
    expect(other.status).toBe(403);
    expect(other.body.error).toEqual({ code: 'forbidden', message: 'You can only open requests for yourself.' });
    const byEmail = await api(
      tokens.casey,
      'POST',
      '/tickets',
      incident('For someone', { requester: { email: 'someone@northwind.example', name: 'Someone' } }),
    );
    expect(byEmail.status).toBe(403);
    expect(byEmail.body.error.code).toBe('forbidden');
    const priority = await api(tokens.casey, 'POST', '/tickets', incident('Urgent!', { priority: 'P1' }));
    expect(priority.status).toBe(403);
    expect(priority.body.error.message).toBe('Only agents can set priority.');
    const phone = await api(tokens.casey, 'POST', '/tickets', incident('By phone', { channel: 'phone' }));
    expect(phone.status).toBe(403);
  });

  it('lets an agent open a ticket for a caller found by email', async () => {
    const { status, body } = await api(tokens.agent, 'POST', '/tickets', {
      requestTypeId: 'ask-a-question',
      subject: 'Called about invoices',
      description: 'Wants a copy of last month’s invoice.',
      channel: 'phone',
      requester: { email: 'olu@contoso.example', name: 'Olu' },
      tags: ['billing'],
    });
    expect(status).toBe(201);
    expect(body.ticket).toMatchObject({ channel: 'phone', requesterName: 'Olu Okafor', tags: ['billing'] });
  });

  it('answers malformed bodies and wrong content types with 4xx in the error shape', async () => {
    const cases: [string, string, Record<string, string>][] = [
      ['/tickets', '{"subject":', { 'Content-Type': 'application/json' }],
      ['/tickets', '[1,2,3]', { 'Content-Type': 'application/json' }],
      ['/tickets', 'subject=hello', { 'Content-Type': 'text/plain' }],
      ['/tickets', 'garbage', { 'Content-Type': 'multipart/form-data; boundary=x' }],
      ['/tickets/1001/messages', 'hello', { 'Content-Type': 'text/plain' }],
      ['/tickets/1001/attachments', '{"body":"x"}', { 'Content-Type': 'application/json' }],
    ];
    for (const [path, body, headers] of cases) {
      const answer = await api(tokens.casey, 'POST', path, body, headers);
      expect(answer.status, `${path} ${body}`).toBeGreaterThanOrEqual(400);
      expect(answer.status, `${path} ${body}`).toBeLessThan(500);
      expect(answer.body.error.message, `${path} ${body}`).toBeTypeOf('string');
    }
    const json = await api(tokens.casey, 'POST', '/tickets', '{"subject":', { 'Content-Type': 'application/json' });
    expect(json.body.error).toEqual({ code: 'invalid_input', message: 'The body is not valid JSON.' });
    const patch = await api(tokens.agent, 'PATCH', '/tickets/1001', 'status=open', { 'Content-Type': 'text/plain' });
    expect(patch.status).toBe(422);
  });

  it('needs authentication', async () => {
    const response = await fetch(`${server.url}/api/v1/tickets`);
    expect(response.status).toBe(401);
    expect((await response.json()).error.code).toBe('unauthenticated');
  });
});

describe('GET /api/v1/tickets', () => {
  it('walks every ticket page by page with the cursor', async () => {
    for (const subject of ['Page one', 'Page two', 'Page three']) await openTicket(tokens.casey, subject);
    const all = await api(tokens.agent, 'GET', '/tickets?limit=100');
    expect(all.status).toBe(200);
    expect(all.body.nextCursor).toBeNull();
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = `/tickets?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = await api(tokens.agent, 'GET', query);
      expect(page.status).toBe(200);
      expect(page.body.tickets.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.tickets.map((ticket: any) => ticket.number));
      cursor = page.body.nextCursor;
      pages++;
    } while (cursor && pages < 100);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(all.body.tickets.map((ticket: any) => ticket.number));
  });

  it('filters by status, also as a comma list, and refuses unknown parameters', async () => {
    const open = await api(tokens.agent, 'GET', '/tickets?status=new,open&sort=newest');
    expect(open.status).toBe(200);
    expect(open.body.tickets.length).toBeGreaterThan(0);
    expect(open.body.tickets.every((ticket: any) => ['new', 'open'].includes(ticket.status))).toBe(true);
    const numbers = open.body.tickets.map((ticket: any) => ticket.number);
    expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    const unknown = await api(tokens.agent, 'GET', '/tickets?bogus=1');
    expect(unknown.status).toBe(422);
    const badCursor = await api(tokens.agent, 'GET', '/tickets?cursor=not-a-cursor');
    expect(badCursor.status).toBe(422);
    expect(badCursor.body.error.details.fields).toEqual({ cursor: 'Not a cursor from this list.' });
    const badStatus = await api(tokens.agent, 'GET', '/tickets?status=weird');
    expect(badStatus.status).toBe(422);
  });

  it('shows a customer only their own tickets', async () => {
    const mine = await openTicket(tokens.casey, 'Only for Casey');
    const casey = await api(tokens.casey, 'GET', '/tickets?limit=100');
    expect(casey.body.tickets.map((ticket: any) => ticket.number)).toContain(mine);
    expect(casey.body.tickets.every((ticket: any) => ticket.requesterName === 'Casey Customer')).toBe(true);
    for (const other of [tokens.olu, tokens.noor]) {
      const list = await api(other, 'GET', '/tickets?limit=100&queue=all');
      expect(list.status).toBe(200);
      expect(list.body.tickets.map((ticket: any) => ticket.number)).not.toContain(mine);
      const searched = await api(other, 'GET', `/tickets?q=PT-${mine}`);
      expect(searched.body.tickets).toEqual([]);
    }
  });
});

describe('GET /api/v1/tickets/{number}', () => {
  it('finds a ticket by number and by PT-number', async () => {
    const number = await openTicket(tokens.casey, 'Find me');
    const plain = await api(tokens.casey, 'GET', `/tickets/${number}`);
    const reference = await api(tokens.casey, 'GET', `/tickets/PT-${number}`);
    expect(plain.status).toBe(200);
    expect(reference.status).toBe(200);
    expect(reference.body).toEqual(plain.body);
    expect(Object.keys(plain.body).sort()).toEqual(['attachments', 'links', 'messages', 'requester', 'ticket']);
    expect(plain.body.ticket.subject).toBe('Find me');
    expect(plain.body.links).toEqual({
      parent: null,
      children: [],
      problem: null,
      incidents: [],
      related: [],
      mergedInto: null,
    });
    const staff = await api(tokens.agent, 'GET', `/tickets/pt-${number}`);
    expect(staff.status).toBe(200);
    expect(staff.body.watchers).toEqual([]);
  });

  it('answers 404 for anything that is not a ticket number', async () => {
    for (const path of ['/tickets/abc', '/tickets/PT-', '/tickets/1e3', '/tickets/99999999', '/tickets/-5']) {
      const { status, body } = await api(tokens.agent, 'GET', path);
      expect(status, path).toBe(404);
      expect(body.error.code, path).toBe('not_found');
    }
    const history = await api(tokens.agent, 'GET', '/tickets/xyz/history');
    expect(history.status).toBe(404);
    const method = await api(tokens.agent, 'DELETE', '/tickets/1001');
    expect(method.status).toBe(405);
  });
});

describe('PATCH /api/v1/tickets/{number}', () => {
  it('lets an agent assign, prioritise and tag a ticket, which the history records', async () => {
    const number = await openTicket(tokens.casey, 'Please triage');
    const me = await api(tokens.agent, 'GET', '/me');
    const { status, body } = await api(tokens.agent, 'PATCH', `/tickets/PT-${number}`, {
      assigneeId: me.body.user.id,
      status: 'open',
      priority: 'P1',
      tags: ['vpn', 'network'],
    });
    expect(status).toBe(200);
    expect(body.ticket).toMatchObject({
      number,
      status: 'open',
      priority: 'P1',
      assigneeId: me.body.user.id,
      assigneeName: me.body.user.name,
      tags: ['network', 'vpn'],
    });
    const history = await api(tokens.agent, 'GET', `/tickets/${number}/history`);
    expect(history.status).toBe(200);
    const fields = history.body.entries.map((entry: any) => entry.field);
    expect(fields[0]).toBe('created');
    expect(fields).toEqual(expect.arrayContaining(['status', 'priority', 'tags']));
    expect(history.body.entries.find((entry: any) => entry.field === 'priority')).toMatchObject({
      from: 'P2',
      to: 'P1',
      actorName: me.body.user.name,
    });
  });

  it('refuses unknown fields and bad values', async () => {
    const number = await openTicket(tokens.casey, 'Patch me badly');
    const unknown = await api(tokens.agent, 'PATCH', `/tickets/${number}`, { organisationId: 'x' });
    expect(unknown.status).toBe(422);
    const bad = await api(tokens.agent, 'PATCH', `/tickets/${number}`, { priority: 'P9' });
    expect(bad.status).toBe(422);
    expect(bad.body.error.details.fields.priority).toBe('Choose a priority from P1 to P4.');
  });

  it('lets a customer only mark their own request resolved', async () => {
    const number = await openTicket(tokens.casey, 'Resolve me');
    for (const patch of [{ status: 'closed' }, { status: 'open' }, { priority: 'P1' }, { subject: 'Renamed by me' }]) {
      const { status, body } = await api(tokens.casey, 'PATCH', `/tickets/${number}`, patch);
      expect(status, JSON.stringify(patch)).toBe(403);
      expect(body.error.message).toBe('You can only mark your request as resolved.');
    }
    const resolved = await api(tokens.casey, 'PATCH', `/tickets/${number}`, { status: 'resolved' });
    expect(resolved.status).toBe(200);
    expect(resolved.body.ticket.status).toBe('resolved');
  });
});

describe('messages and attachments', () => {
  let number: number;
  let noteFileUrl: string;
  let publicFileUrl: string;

  beforeAll(async () => {
    number = await openTicket(tokens.casey, 'Conversation');
  });

  it('adds an agent reply and an internal note with a file', async () => {
    const reply = await api(tokens.agent, 'POST', `/tickets/${number}/messages`, {
      body: 'Please restart the router.',
      status: 'pending',
      timeSpentMinutes: 5,
    });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({
      body: 'Please restart the router.',
      internal: false,
      timeSpentMinutes: 5,
      author: { name: 'Avery Agent', role: 'agent' },
    });
    const note = await api(
      tokens.agent,
      'POST',
      `/tickets/${number}/messages`,
      files([['attachments', 'secret tunnel config\n', 'tunnel.log']], {
        body: 'Internal: the tunnel config is wrong.',
        internal: 'true',
      }),
    );
    expect(note.status, JSON.stringify(note.body)).toBe(201);
    expect(note.body.message.internal).toBe(true);
    expect(note.body.attachments).toHaveLength(1);
    expect(note.body.attachments[0]).toMatchObject({ fileName: 'tunnel.log', internal: true });
    noteFileUrl = note.body.attachments[0].url;
    const staffView = await api(tokens.agent, 'GET', `/tickets/${number}`);
    expect(staffView.body.ticket.status).toBe('pending');
    expect(staffView.body.messages.map((message: any) => message.internal)).toEqual([false, true]);
    expect(staffView.body.attachments.map((file: any) => file.fileName)).toEqual(['tunnel.log']);
    const download = await fetch(`${server.url}${noteFileUrl}`, {
      headers: { Authorization: `Bearer ${tokens.agent}` },
    });
    expect(download.status).toBe(200);
    expect(await download.text()).toBe('secret tunnel config\n');
  });

  it('attaches files as a short public message when no body is given', async () => {
    const { status, body } = await api(
      tokens.casey,
      'POST',
      `/tickets/${number}/attachments`,
      files([['attachments', png, 'screen.png']]),
    );
    expect(status, JSON.stringify(body)).toBe(201);
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0]).toMatchObject({ fileName: 'screen.png', contentType: 'image/png', internal: false });
    publicFileUrl = body.attachments[0].url;
    const view = await api(tokens.casey, 'GET', `/tickets/${number}`);
    expect(view.body.messages.at(-1)).toMatchObject({ body: 'Attached 1 file.', internal: false });
    // A customer's message moves a pending ticket back to open.
    expect(view.body.ticket.status).toBe('open');
    const none = await api(tokens.casey, 'POST', `/tickets/${number}/attachments`, files([], { body: 'no file' }));
    expect(none.status).toBe(422);
    expect(none.body.error.details.fields).toEqual({ attachments: 'Attach at least one file.' });
  });

  it('refuses a file over 10 MiB with 413 and a file type it does not accept with 422', async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    const tooLarge = await api(
      tokens.casey,
      'POST',
      `/tickets/${number}/attachments`,
      files([['attachments', big, 'big.txt']]),
    );
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('payload_too_large');
    const html = await api(
      tokens.casey,
      'POST',
      `/tickets/${number}/attachments`,
      files([['attachments', '<script>alert(1)</script>', 'page.html']]),
    );
    expect(html.status).toBe(422);
    expect(html.body.error.details.fields.attachments).toBe('"page.html" is not a file type we accept.');
  });

  it('hides internal notes, their files, time spent and history from the customer', async () => {
    const view = await api(tokens.casey, 'GET', `/tickets/${number}`);
    expect(view.status).toBe(200);
    const text = JSON.stringify(view.body);
    expect(text).not.toContain('tunnel config');
    expect(text).not.toContain('tunnel.log');
    expect(view.body.messages.every((message: any) => message.internal === false)).toBe(true);
    expect(view.body.messages.some((message: any) => 'timeSpentMinutes' in message)).toBe(false);
    expect(view.body).not.toHaveProperty('watchers');
    expect(view.body.attachments.map((file: any) => file.fileName)).toEqual(['screen.png']);
    const list = await api(tokens.casey, 'GET', '/tickets?limit=100');
    expect(JSON.stringify(list.body)).not.toContain('tunnel config');
    const noteFile = await api(tokens.casey, 'GET', noteFileUrl.replace('/api/v1', ''));
    expect(noteFile.status).toBe(404);
    const history = await api(tokens.casey, 'GET', `/tickets/${number}/history`);
    expect(history.status).toBe(404);
    expect(history.body.error.code).toBe('not_found');
    const ownFile = await api(tokens.casey, 'GET', publicFileUrl.replace('/api/v1', ''));
    expect(ownFile.status).toBe(200);
  });

  it('refuses internal notes and status changes in a customer reply', async () => {
    const note = await api(tokens.casey, 'POST', `/tickets/${number}/messages`, { body: 'psst', internal: true });
    expect(note.status).toBe(403);
    expect(note.body.error.message).toBe('Only agents can write internal notes.');
    const noteFile = await api(
      tokens.casey,
      'POST',
      `/tickets/${number}/attachments`,
      files([['attachments', 'x', 'x.txt']], { internal: 'true' }),
    );
    expect(noteFile.status).toBe(403);
    const status = await api(tokens.casey, 'POST', `/tickets/${number}/messages`, { body: 'done', status: 'closed' });
    expect(status.status).toBe(403);
    const reply = await api(tokens.casey, 'POST', `/tickets/${number}/messages`, { body: 'Restarted, still broken.' });
    expect(reply.status).toBe(201);
    expect(reply.body.message).toMatchObject({ internal: false, author: { name: 'Casey Customer', role: 'customer' } });
    expect(reply.body.message).not.toHaveProperty('timeSpentMinutes');
  });

  it('accepts a reply from the session cookie of the same site', async () => {
    const cookie = await sessionCookie(server.url, server.login('customer'));
    const post = (origin: string) =>
      fetch(`${server.url}/api/v1/tickets/${number}/messages`, {
        method: 'POST',
        headers: { Cookie: cookie, Origin: origin, 'Content-Type': 'application/json' },
        body: JSON.stringify({ body: 'From the browser.' }),
      });
    expect((await post(server.url)).status).toBe(201);
    expect((await post('https://evil.example')).status).toBe(403);
  });

  describe("another customer's ticket", () => {
    it('is not found for a customer of another organisation, or of one that does not share requests', async () => {
      for (const [who, token] of [
        ['olu', tokens.olu],
        ['noor', tokens.noor],
      ] as const) {
        const calls: [string, string, unknown][] = [
          ['GET', `/tickets/${number}`, undefined],
          ['GET', `/tickets/PT-${number}`, undefined],
          ['GET', `/tickets/${number}/history`, undefined],
          ['GET', publicFileUrl.replace('/api/v1', ''), undefined],
          ['GET', noteFileUrl.replace('/api/v1', ''), undefined],
          ['POST', `/tickets/${number}/messages`, { body: 'Let me in' }],
          ['POST', `/tickets/${number}/attachments`, files([['attachments', 'x', 'x.txt']])],
          ['PATCH', `/tickets/${number}`, { status: 'resolved' }],
        ];
        for (const [method, path, body] of calls) {
          const answer = await api(token, method, path, body);
          expect(answer.status, `${who} ${method} ${path}`).toBe(404);
          expect(answer.body.error.code, `${who} ${method} ${path}`).toBe('not_found');
        }
        const list = await api(token, 'GET', '/tickets?limit=100');
        expect(list.body.tickets.map((ticket: any) => ticket.number)).not.toContain(number);
      }
      const unchanged = await api(tokens.agent, 'GET', `/tickets/${number}`);
      expect(unchanged.body.messages.map((message: any) => message.body)).not.toContain('Let me in');
    });
  });
});

describe('the OpenAPI document', () => {
  it('lists every ticket operation, and every reference in it resolves', async () => {
    const response = await fetch(`${server.url}/api/v1/openapi.json`);
    expect(response.status).toBe(200);
    const document = await response.json();
    const methods = (path: string) => Object.keys(document.paths[path] ?? {}).sort();
    expect(methods('/tickets')).toEqual(['get', 'post']);
    expect(methods('/tickets/{number}')).toEqual(['get', 'patch']);
    expect(methods('/tickets/{number}/messages')).toEqual(['post']);
    expect(methods('/tickets/{number}/history')).toEqual(['get']);
    expect(methods('/tickets/{number}/attachments')).toEqual(['post']);
    expect(methods('/tickets/{number}/attachments/{id}')).toEqual(['get']);
    expect(document.paths['/tickets'].post.responses).toHaveProperty('201');
    expect(document.paths['/tickets/{number}/history'].get['x-portico-audience']).toBe('staff');
    expect(document.paths['/tickets'].get.parameters.map((parameter: any) => parameter.name)).toEqual(
      expect.arrayContaining(['queue', 'status', 'q', 'sort', 'cursor', 'limit']),
    );
    const refs = [...JSON.stringify(document).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(refs).toContain('#/components/schemas/Ticket');
    expect(refs).toContain('#/components/schemas/TicketMessage');
    for (const ref of refs) {
      expect(document.components.schemas, ref).toHaveProperty(ref.replace('#/components/schemas/', ''));
    }
  });
});
