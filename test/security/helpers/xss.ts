import type { Browser, Page } from 'playwright-core';
import { simpleParser } from 'mailparser';
import { expect } from 'vitest';
import { signInAs } from '../../e2e/helpers/browser.ts';
import { readOutbox } from '../../e2e/helpers/server.ts';
import type { Persona, World } from './world.ts';

/**
 * Payloads that try to create elements or attributes. Every element a payload would create carries the
 * attribute `x-xss` (or an `on…` handler, or a javascript:/data: URL), so finding one in the DOM means
 * the payload became markup.
 */
export const corpus: string[] = [
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

/** The whole corpus as one text, for fields that take long text. */
export const allPayloads = corpus.join('\n\n');

/** Markup a payload would have created, as it would appear in an HTML mail body. */
const livePayload = /<[a-z-]+[^>]*\sx-xss|<script|<[a-z]+[^>]*\son[a-z]+\s*=|href\s*=\s*["']?\s*javascript:/i;

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

export interface Visit {
  /** Dialogs, page errors, console errors and injected markup, each with its persona and page. */
  problems: string[];
  /** The pages whose visible text does not hold a payload (`x-xss`) at all. */
  withoutPayload: string[];
}

/**
 * Opens every page in Chromium, signed in through the form as the persona, and reports what a payload
 * would have done there. A failed sign-in shows up as pages without payloads.
 */
export async function visitPages(browser: Browser, world: World, pages: [Persona, string][]): Promise<Visit> {
  const problems: string[] = [];
  const withoutPayload: string[] = [];
  const contexts = new Map<Persona, Page>();
  for (const [persona, target] of pages) {
    let page = contexts.get(persona);
    if (!page) {
      page = await (await browser.newContext()).newPage();
      const role = persona === 'admin' ? 'admin' : persona === 'agent' ? 'agent' : 'customer';
      const login = world.server.login(role);
      await signInAs(page, world.server.url, login.email, login.password);
      const opened = page;
      opened.on('dialog', (dialog) => {
        problems.push(`dialog "${dialog.message()}" on ${opened.url()}`);
        void dialog.dismiss();
      });
      opened.on('pageerror', (error) => problems.push(`page error on ${opened.url()}: ${error.message}`));
      opened.on('console', (message) => {
        if (message.type() === 'error')
          problems.push(`console error on ${opened.url()}: ${message.text().slice(0, 160)}`);
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
    if (!(await page.evaluate(() => document.body.innerText.includes('x-xss'))))
      withoutPayload.push(`${persona} ${target}`);
  }
  for (const page of contexts.values()) await page.context().close();
  return { problems, withoutPayload };
}

/** The outbox's mails that carry live markup, a second Subject or an HTML attachment; and how many mention a payload. */
export async function mailProblems(dataDir: string): Promise<{ live: string[]; withPayload: string[] }> {
  const live: string[] = [];
  const withPayload: string[] = [];
  for (const raw of readOutbox(dataDir)) {
    const mail = await simpleParser(raw);
    // A header cannot be split by a payload: one Subject, no smuggled Content-Type.
    if (mail.headerLines.filter((line) => line.key === 'subject').length > 1)
      live.push(`two subjects: ${mail.subject}`);
    if (typeof mail.html === 'string' && livePayload.test(mail.html)) live.push(mail.html.slice(0, 300));
    for (const attachment of mail.attachments) {
      if (/html/i.test(attachment.contentType)) live.push(`an HTML attachment in ${mail.subject}`);
    }
    if (`${mail.subject}\n${mail.text}`.includes('x-xss')) withPayload.push(mail.subject ?? '');
  }
  return { live, withPayload };
}
