import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signInAs } from '../e2e/helpers/browser.ts';
import { readOutbox } from '../e2e/helpers/server.ts';
import { createWorld, eventually } from './helpers/world.ts';
import { simpleParser } from 'mailparser';
import type { Persona, World } from './helpers/world.ts';

/**
 * Payloads that try to create elements or attributes. Every element a payload would create carries the
 * attribute `x-xss` (or an `on…` handler, or a javascript:/data: URL), so finding one in the DOM means
 * the payload became markup.
 */
const corpus: string[] = [
  '<script x-xss>alert(1)</script>',
  '<script x-xss src="data:text/javascript,alert(1)"></script>',
  '<img x-xss src=x onerror=alert(1)>',
  '<img x-xss src="x" onerror="alert(document.domain)">',
  '<svg x-xss onload=alert(1)>',
  '<svg><script x-xss>alert(1)</script></svg>',
  '<svg><a x-xss xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
  '<details x-xss open ontoggle=alert(1)>',
  '<body x-xss onload=alert(1)>',
  '<iframe x-xss src="javascript:alert(1)"></iframe>',
  '<iframe x-xss srcdoc="<script>alert(1)</script>"></iframe>',
  '<object x-xss data="data:text/html,<script>alert(1)</script>"></object>',
  '<embed x-xss src="javascript:alert(1)">',
  '<a x-xss href="javascript:alert(1)">click</a>',
  '<a x-xss href="JaVaScRiPt:alert(1)">click</a>',
  '<a x-xss href="&#106;avascript:alert(1)">click</a>',
  '<a x-xss href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
  '<form x-xss action="javascript:alert(1)"><button>go</button></form>',
  '<input x-xss autofocus onfocus=alert(1)>',
  '<video x-xss><source onerror=alert(1)></video>',
  '<audio x-xss src=x onerror=alert(1)>',
  '<marquee x-xss onstart=alert(1)>',
  '<math><mtext><table><mglyph><style><img x-xss src=x onerror=alert(1)>',
  '<style x-xss>@import "javascript:alert(1)";</style>',
  '<div x-xss style="background:url(javascript:alert(1))">css</div>',
  '<link x-xss rel=stylesheet href="data:text/css,body{display:none}">',
  '<meta x-xss http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base x-xss href="https://evil.example/">',
  '"><img x-xss src=x onerror=alert(1)>',
  "'><svg x-xss onload=alert(1)>",
  '" onmouseover="alert(1)" x-xss="',
  "' onfocus='alert(1)' autofocus x-xss='",
  '</textarea><script x-xss>alert(1)</script>',
  '</title><script x-xss>alert(1)</script>',
  '</script><script x-xss>alert(1)</script>',
  '<!--<img x-xss src=x onerror=alert(1)>-->',
  '<![CDATA[<img x-xss src=x onerror=alert(1)>]]>',
  '[click](javascript:alert(1))',
  '[click](JAVASCRIPT:alert(1))',
  '[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
  '[click](vbscript:msgbox(1))',
  '![x](x" onerror="alert(1))',
  '![x](javascript:alert(1))',
  '[a](<javascript:alert(1)>)',
  '<javascript:alert(1)>',
  '[x]: javascript:alert(1)\n\n[ref][x]',
  '<a x-xss href="mailto:x@example.org" onclick="alert(1)">mail</a>',
  '<table x-xss background="javascript:alert(1)">',
  '\u003cimg x-xss src=x onerror=alert(1)\u003e',
  '&lt;img x-xss src=x onerror=alert(1)&gt;',
  '%3Cscript%20x-xss%3Ealert(1)%3C/script%3E',
  '\uFF1Cscript x-xss\uFF1Ealert(1)\uFF1C/script\uFF1E',
  '<scr\u0000ipt x-xss>alert(1)</script>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '#{alert(1)}<%= alert(1) %>',
  '<x-xss onclick=alert(1)>custom</x-xss>',
  '=?utf-8?q?=3Cscript=3Ealert(1)=3C/script=3E?=',
  'Content-Type: text/html\r\n\r\n<script x-xss>alert(1)</script>',
];

/** Markup a payload would have created, as it would appear in an HTML mail body. */
const livePayload = /<[a-z-]+[^>]*\sx-xss|<script|<[a-z]+[^>]*\son[a-z]+\s*=|href\s*=\s*["']?\s*javascript:/i;

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
  const all = corpus.join('\n\n');
  const types = (await api('customer', 'GET', 'request-types')).body.requestTypes as { id: string; slug: string }[];
  const question = types.find((type) => type.slug === 'ask-a-question')!;

  // Tickets: every payload as a subject; the whole corpus as description, reply and internal note.
  for (const payload of corpus) {
    const created = await ok(
      api('customer', 'POST', 'tickets', {
        requestTypeId: question.id,
        subject: payload.slice(0, 160),
        description: all,
      }),
      'ticket',
    );
    if (created.status === 201) tickets.push(String(created.body.ticket.number));
  }
  expect(tickets.length).toBeGreaterThan(corpus.length / 2);
  const main = tickets[0]!;
  await ok(api('customer', 'POST', `tickets/${main}/messages`, { body: all }), 'reply');
  await ok(api('agent', 'POST', `tickets/${main}/messages`, { body: all }), 'agent reply');
  await ok(api('agent', 'POST', `tickets/${main}/messages`, { body: all, internal: true }), 'internal note');
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
        body: index === 0 ? all : payload,
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
    await form('agent', '/desk/canned', { intent: 'create', title: payload.slice(0, 80), body: all, shared: 'on' });
    await form('agent', '/desk?status=open', { intent: 'save-view', name: payload.slice(0, 60) });
  }
  await form('admin', '/plugins/announcements/new', {
    title: corpus[2]!,
    body: all.slice(0, 2000),
    kind: 'info',
    audience: 'everyone',
    starts_at: '2020-01-01T00:00',
  });
  const agentId = (await api('agent', 'GET', 'me')).body.user.id as string;
  await form('admin', '/plugins/recognition', { to: agentId, message: all.slice(0, 500), points: '1', badge: '' });

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

/** What a page's DOM holds that no payload may have created. */
async function injected(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const found: string[] = [];
    for (const element of Array.from(document.querySelectorAll('*'))) {
      const tag = element.tagName.toLowerCase();
      if (element.hasAttribute('x-xss') || tag === 'x-xss') found.push(`element <${tag} x-xss>`);
      if (tag === 'script' && !(element.getAttribute('src') ?? '').startsWith('/_astro/')) found.push('a script');
      if (['iframe', 'object', 'embed', 'base', 'frame'].includes(tag)) found.push(`<${tag}>`);
      if (tag === 'meta' && element.hasAttribute('http-equiv')) found.push('<meta http-equiv>');
      for (const attribute of Array.from(element.attributes)) {
        if (attribute.name.startsWith('on')) found.push(`${tag}[${attribute.name}]`);
        if (
          /^\s*(javascript|vbscript|data):/i.test(attribute.value) &&
          ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(attribute.name)
        )
          found.push(`${tag}[${attribute.name}=${attribute.value.slice(0, 30)}]`);
      }
    }
    return found;
  });
}

describe('stored XSS', () => {
  it(`renders ${corpus.length} payloads in every field inert on every page that shows them`, async () => {
    expect(corpus.length).toBeGreaterThanOrEqual(50);
    const problems: string[] = [];
    const contexts = new Map<Persona, Page>();
    let shown = 0;
    for (const [persona, target] of pages) {
      let page = contexts.get(persona);
      if (!page) {
        page = await (await browser.newContext()).newPage();
        const login =
          persona === 'customer'
            ? world.server.login('customer')
            : persona === 'agent'
              ? world.server.login('agent')
              : world.server.login('admin');
        await signInAs(page, world.server.url, login.email, login.password);
        page.on('dialog', (dialog) => {
          problems.push(`dialog "${dialog.message()}" on ${page!.url()}`);
          void dialog.dismiss();
        });
        page.on('pageerror', (error) => problems.push(`page error on ${page!.url()}: ${error.message}`));
        page.on('console', (message) => {
          if (message.type() === 'error')
            problems.push(`console error on ${page!.url()}: ${message.text().slice(0, 160)}`);
        });
        contexts.set(persona, page);
      }
      const response = await page.goto(`${world.server.url}${target}`);
      expect(response?.status(), target).toBeLessThan(400);
      // Details that open and fields that focus would fire their handlers now, if they had any.
      await page.evaluate(() =>
        document.querySelectorAll('details').forEach((element) => element.setAttribute('open', '')),
      );
      await page.waitForTimeout(50);
      for (const found of await injected(page)) problems.push(`${persona} ${target}: ${found}`);
      if (await page.evaluate(() => document.body.innerText.includes('x-xss'))) shown++;
    }
    for (const page of contexts.values()) await page.context().close();
    expect(problems).toEqual([]);
    // The payloads are on the pages, as text.
    expect(shown).toBeGreaterThanOrEqual(pages.length - 3);
  });

  it('sends no payload as live HTML in mail', async () => {
    await eventually(async () => (readOutbox(world.server.dataDir).length > 0 ? true : undefined), 'mail');
    const live: string[] = [];
    const messages = readOutbox(world.server.dataDir);
    for (const raw of messages) {
      const mail = await simpleParser(raw);
      // A header cannot be split by a payload: one Subject, no smuggled Content-Type.
      expect(mail.headerLines.filter((line) => line.key === 'subject').length).toBeLessThanOrEqual(1);
      if (typeof mail.html === 'string' && livePayload.test(mail.html)) live.push(mail.html.slice(0, 300));
      for (const attachment of mail.attachments) {
        if (/html/i.test(attachment.contentType)) live.push(`an HTML attachment in ${mail.subject}`);
      }
    }
    expect(messages.some((message) => message.includes('x-xss'))).toBe(true);
    expect(live).toEqual([]);
  });
});
