import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { signInAs } from './helpers/browser.ts';
import { sessionCookie } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();
let agentCookie: string;
let customerCookie: string;

const internalSlugs = [
  'unlock-an-account-in-okta',
  'reissue-an-mfa-factor',
  'escalate-a-billing-dispute',
  'wipe-a-lost-laptop-remotely',
];
const internalArticle = '/kb/account-access/unlock-an-account-in-okta';
const articleWithTables = '/kb/account-access/cant-sign-in';

function signedInCookie(role: 'agent' | 'customer'): Promise<string> {
  return sessionCookie(app.server.url, app.server.login(role));
}

function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${app.server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
}

async function getJson(path: string, cookie?: string): Promise<{ status: number; body: any }> {
  const response = await get(path, cookie);
  return { status: response.status, body: await response.json() };
}

function sendJson(method: string, path: string, cookie: string, body: unknown): Promise<Response> {
  return fetch(`${app.server.url}${path}`, {
    method,
    headers: { Cookie: cookie, 'Content-Type': 'application/json', Origin: app.server.url },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

function looksLikeStackTrace(body: string): boolean {
  return /\n\s+at\s|node_modules|\.ts:\d+|\.mjs:\d+|Error:\s.*\n/.test(body);
}

async function allArticles(cookie?: string): Promise<any[]> {
  const { status, body } = await getJson('/api/v1/articles?limit=200', cookie);
  expect(status).toBe(200);
  expect(body.articles.length).toBe(body.total);
  return body.articles;
}

async function anonymousPage(options: { javaScriptEnabled?: boolean } = {}): Promise<Page> {
  return (await app.browser.newContext(options)).newPage();
}

beforeAll(async () => {
  [agentCookie, customerCookie] = await Promise.all([signedInCookie('agent'), signedInCookie('customer')]);
});

describe('the help centre page', () => {
  it('lists the categories with counts, popular and recent articles, and a search form', async () => {
    const page = await anonymousPage();
    expect((await page.goto(`${app.server.url}/kb`))?.status()).toBe(200);
    expect(await page.locator('h1').allTextContents()).toEqual(['Help centre']);
    const categories = page.locator('.kb-category');
    await expect.poll(() => categories.count()).toBeGreaterThanOrEqual(7);
    const accountAccess = categories.filter({ has: page.getByRole('link', { name: 'Account Access' }) });
    // Five articles in content/kb/account-access, two of them internal.
    expect(await accountAccess.locator('.kb-category__count').textContent()).toBe('3 articles');
    await expect.poll(() => page.getByRole('link', { name: 'Network and VPN' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Popular articles' }).count()).toBe(1);
    expect(await page.getByRole('heading', { name: 'Recently updated' }).count()).toBe(1);
    expect(await page.locator('#kb-popular-heading + ul li').count()).toBe(5);
    const html = await page.content();
    for (const slug of internalSlugs) expect(html).not.toContain(slug);
    await page.getByRole('search', { name: 'Help centre search' }).getByRole('searchbox').fill('vpn');
    await page.getByRole('search', { name: 'Help centre search' }).getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=vpn/);
    expect(await page.locator('.kb-result').count()).toBeGreaterThan(0);
    await page.context().close();
  });

  it('keeps the header search box working', async () => {
    const page = await anonymousPage();
    await page.goto(`${app.server.url}/kb`);
    await page.getByRole('search', { name: 'Site search' }).getByRole('searchbox').fill('printer');
    await page.getByRole('search', { name: 'Site search' }).getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/search\?q=printer/);
    expect(await page.locator('h1').textContent()).toBe('Search results for “printer”');
    expect(await page.locator('.kb-result').count()).toBeGreaterThan(0);
    await page.context().close();
  });
});

describe('a category page', () => {
  it('lists its articles in order with summaries, and 404s for an unknown category', async () => {
    const page = await anonymousPage();
    expect((await page.goto(`${app.server.url}/kb/network-and-vpn`))?.status()).toBe(200);
    expect(await page.locator('h1').textContent()).toBe('Network and VPN');
    const titles = await page.locator('.kb-article-item__title').allTextContents();
    expect(titles.length).toBe(4);
    expect(await page.locator('.kb-article-item__summary').count()).toBe(4);
    const breadcrumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await breadcrumbs.locator('ol > li').allTextContents()).toEqual(['Help centre', 'Network and VPN']);
    const listed = (await allArticles()).filter((article) => article.category.slug === 'network-and-vpn');
    expect(titles).toEqual(listed.map((article) => article.title));
    expect((await get('/kb/no-such-category')).status).toBe(404);
    await page.context().close();
  });
});

describe('an article page', () => {
  it('shows breadcrumbs, the date, a table of contents and rendered callouts and tables', async () => {
    const page = await anonymousPage();
    const response = await page.goto(`${app.server.url}${articleWithTables}`);
    expect(response?.status()).toBe(200);
    expect(await page.locator('h1').count()).toBe(1);
    const breadcrumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    expect(await breadcrumbs.locator('ol > li').count()).toBe(3);
    expect(await breadcrumbs.locator('[aria-current="page"]').getAttribute('href')).toBe(articleWithTables);
    expect(await page.locator('.kb-article__meta time').getAttribute('datetime')).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const toc = page.getByRole('navigation', { name: 'On this page' });
    const tocLinks = toc.getByRole('link');
    expect(await tocLinks.count()).toBeGreaterThanOrEqual(2);
    const firstTarget = (await tocLinks.first().getAttribute('href'))!;
    expect(await page.locator(`.article-body ${firstTarget}`).count()).toBe(1);
    expect(await page.locator('.article-body .callout').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.article-body .table-wrap table').count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator('.kb-tags a').count()).toBeGreaterThan(0);
    expect(await page.getByRole('heading', { name: 'Related articles' }).count()).toBe(1);
    const related = await page
      .locator('.kb-related a')
      .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    expect(related.length).toBeGreaterThan(0);
    for (const slug of internalSlugs) expect(related.join(' ')).not.toContain(slug);
    expect(await page.getByRole('heading', { name: 'Was this helpful?' }).count()).toBe(1);
    expect(await page.locator('.badge--internal').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit this article' }).count()).toBe(0);
    await page.context().close();
  });

  it('redirects a URL with the wrong category to the right one', async () => {
    const response = await get('/kb/billing/reset-your-password?s=abc');
    expect(response.status).toBe(301);
    expect(response.headers.get('location')).toBe('/kb/account-access/reset-your-password?s=abc');
    expect((await get('/kb/billing/no-such-article')).status).toBe(404);
  });

  it('hides internal articles from anonymous readers and customers, and badges them for agents', async () => {
    expect((await get(internalArticle)).status).toBe(404);
    expect((await get(internalArticle, customerCookie)).status).toBe(404);
    // Not even the redirect from a wrong category reveals that it exists.
    expect((await get('/kb/billing/unlock-an-account-in-okta', customerCookie)).status).toBe(404);
    const agentPage = await app.signedIn('agent');
    expect((await agentPage.goto(`${app.server.url}${internalArticle}`))?.status()).toBe(200);
    expect(await agentPage.locator('.badge--internal').first().textContent()).toBe('Internal');
    expect(await agentPage.locator('.badge--internal').first().isVisible()).toBe(true);
    expect(await agentPage.getByRole('link', { name: 'Edit this article' }).getAttribute('href')).toMatch(
      /^\/desk\/kb\/\w+$/,
    );
    await agentPage.context().close();
  });

  it('counts a view for each reading, and the click from a search result', async () => {
    const before = (await getJson('/api/v1/articles/install-zoom', agentCookie)).body.article.viewCount;
    await get('/kb/software/install-zoom');
    await get('/kb/software/install-zoom?s=not-a-real-search');
    // Views are written in batches within a second.
    let after = before;
    for (let attempt = 0; attempt < 30 && after < before + 2; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      after = (await getJson('/api/v1/articles/install-zoom', agentCookie)).body.article.viewCount;
    }
    expect(after).toBe(before + 2);
  });
});

describe('was this helpful?', () => {
  async function counts(slug: string): Promise<[number, number]> {
    const { body } = await getJson(`/api/v1/articles/${slug}`, agentCookie);
    return [body.article.helpfulCount, body.article.notHelpfulCount];
  }

  it('keeps one vote per anonymous reader, without JavaScript, and thanks them', async () => {
    const slug = 'mailbox-full';
    const [helpful, notHelpful] = await counts(slug);
    const page = await anonymousPage({ javaScriptEnabled: false });
    await page.goto(`${app.server.url}/kb/email/${slug}`);
    expect((await page.context().cookies()).map((c) => c.name)).not.toContain('portico_reader');
    await page.getByRole('button', { name: 'Yes' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('.kb-helpful__thanks').textContent()).toContain('Thanks — you said this was helpful');
    const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'portico_reader');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.value).toMatch(/^[a-z2-7]{52}$/);
    expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(360 * 24 * 3600 * 1000);
    expect(await counts(slug)).toEqual([helpful + 1, notHelpful]);

    await page.getByLabel('Tell us more (optional)').fill('The quota table is out of date.');
    await page.getByRole('button', { name: 'No' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.locator('.kb-helpful__thanks').textContent()).toContain('Thanks — you said this was not helpful');
    expect(await counts(slug)).toEqual([helpful, notHelpful + 1]);

    const other = await anonymousPage({ javaScriptEnabled: false });
    await other.goto(`${app.server.url}/kb/email/${slug}`);
    expect(await other.locator('.kb-helpful__thanks').count()).toBe(0);
    await other.getByRole('button', { name: 'Yes' }).click();
    await other.waitForLoadState('domcontentloaded');
    expect(await counts(slug)).toEqual([helpful + 1, notHelpful + 1]);
    await page.context().close();
    await other.context().close();
  });

  it('keeps one vote per signed-in user', async () => {
    const slug = 'install-slack';
    const [helpful, notHelpful] = await counts(slug);
    for (const answer of ['no', 'yes', 'yes']) {
      const response = await fetch(`${app.server.url}/kb/software/${slug}`, {
        method: 'POST',
        headers: { Cookie: customerCookie, Origin: app.server.url },
        body: new URLSearchParams({ helpful: answer, comment: '' }),
        redirect: 'manual',
      });
      expect(response.status).toBe(303);
      expect(response.headers.get('set-cookie') ?? '').not.toContain('portico_reader');
    }
    expect(await counts(slug)).toEqual([helpful + 1, notHelpful]);
    const page = await get(`/kb/software/${slug}`, customerCookie);
    expect(await page.text()).toContain('Thanks — you said this was helpful.');
  });

  it('answers a vote without a choice, or with a too-long comment, with a message', async () => {
    const missing = await fetch(`${app.server.url}/kb/software/install-slack`, {
      method: 'POST',
      headers: { Origin: app.server.url },
      body: new URLSearchParams({ comment: 'hello' }),
    });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain('Choose Yes or No.');
    const long = await fetch(`${app.server.url}/kb/software/install-slack`, {
      method: 'POST',
      headers: { Origin: app.server.url },
      body: new URLSearchParams({ helpful: 'no', comment: 'x'.repeat(1001) }),
    });
    expect(long.status).toBe(422);
    const body = await long.text();
    expect(body).toContain('Use at most 1,000 characters.');
    expect(looksLikeStackTrace(body)).toBe(false);
  });
});

describe('the search page', () => {
  it('finds “Reset your password” first for “pasword resett”, with a highlighted snippet', async () => {
    const page = await anonymousPage();
    expect((await page.goto(`${app.server.url}/search?q=pasword+resett`))?.status()).toBe(200);
    const first = page.locator('.kb-result').first();
    expect(await first.locator('h2 a').textContent()).toBe('Reset your password');
    expect(await first.locator('h2 a').getAttribute('href')).toMatch(
      /^\/kb\/account-access\/reset-your-password\?s=[\w-]+$/,
    );
    expect(await first.locator('.kb-result__category').textContent()).toBe('Category: Account Access');
    expect(await page.locator('.kb-result__snippet mark').count()).toBeGreaterThan(0);
    expect(await page.locator('.kb-results__count').textContent()).toMatch(/^\d+ articles? found$/);
    await first.locator('h2 a').click();
    await page.waitForURL(/reset-your-password/);
    expect(await page.locator('h1').textContent()).toBe('Reset your password');
    await page.context().close();
  });

  it('never shows a customer an internal article', async () => {
    const queries = ['unlock okta account', 'reissue mfa factor', 'billing dispute escalate', 'wipe lost laptop'];
    for (const q of queries) {
      const url = `/search?q=${encodeURIComponent(q)}`;
      const [asCustomer, asAgent] = await Promise.all([
        get(url, customerCookie).then((r) => r.text()),
        get(url, agentCookie).then((r) => r.text()),
      ]);
      for (const slug of internalSlugs) expect(asCustomer, q).not.toContain(`/${slug}`);
      expect(
        internalSlugs.some((slug) => asAgent.includes(`/${slug}?s=`)),
        q,
      ).toBe(true);
    }
  });

  it('narrows results with the labelled category filter', async () => {
    const page = await anonymousPage();
    await page.goto(`${app.server.url}/search?q=password`);
    const all = await page.locator('.kb-result__category').allTextContents();
    expect(new Set(all).size).toBeGreaterThan(1);
    await page.getByLabel('Category').selectOption({ label: 'Email' });
    await page.getByRole('search', { name: 'Knowledge base search' }).getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/category=email/);
    const narrowed = await page.locator('.kb-result__category').allTextContents();
    expect(narrowed.length).toBeGreaterThan(0);
    expect(narrowed.length).toBeLessThan(all.length);
    expect(new Set(narrowed)).toEqual(new Set(['Category: Email']));
    expect(await page.getByLabel('Category').inputValue()).toBe('email');
    await page.context().close();
  });

  it('pages through results ten at a time', async () => {
    const page = await anonymousPage();
    await page.goto(`${app.server.url}/search?q=your`);
    const total = Number((await page.locator('.kb-results__count').textContent())!.split(' ')[0]);
    expect(total).toBeGreaterThan(10);
    const pages = Math.ceil(total / 10);
    const pagination = page.getByRole('navigation', { name: 'Search result pages' });
    expect(await pagination.textContent()).toContain(`Page 1 of ${pages}`);
    const firstPage = await page.locator('.kb-result h2').allTextContents();
    expect(firstPage.length).toBe(10);
    await pagination.getByRole('link', { name: 'Next' }).click();
    await page.waitForURL(/page=2/);
    expect(await pagination.textContent()).toContain(`Page 2 of ${pages}`);
    const secondPage = await page.locator('.kb-result h2').allTextContents();
    expect(secondPage.length).toBe(Math.min(10, total - 10));
    expect(secondPage.filter((title) => firstPage.includes(title))).toEqual([]);
    expect(await page.locator('.kb-results').getAttribute('start')).toBe('11');
    await pagination.getByRole('link', { name: 'Previous' }).click();
    await page.waitForURL((url) => !url.search.includes('page='));
    expect(await page.locator('.kb-result h2').allTextContents()).toEqual(firstPage);
    await page.context().close();
  });

  it('says what to do when nothing matches', async () => {
    const response = await get('/search?q=zzyzx+quokka+flibbertigibbet');
    expect(response.status).toBe(200);
    const body = await response.text();
    expect(body).toContain(
      'No articles match “zzyzx quokka flibbertigibbet”; try fewer words, or contact the service desk.',
    );
    expect(body).toContain('href="/kb"');
  });

  it('answers bad input with a 4xx page and a message, never a 500', async () => {
    const cases: [string, string][] = [
      [`/search?q=${'a'.repeat(201)}`, 'Search with at most 200 characters.'],
      ['/search?q=vpn&page=-1', 'Use a page number from 1 to 100.'],
      ['/search?q=vpn&page=abc', 'Use a page number from 1 to 100.'],
      ['/search?q=vpn&page=0', 'Use a page number from 1 to 100.'],
      ['/search?q=vpn&page=99999', 'Use a page number from 1 to 100.'],
      ['/search?q=vpn&category=nope', 'There is no such category.'],
    ];
    for (const [path, message] of cases) {
      const response = await get(path);
      expect(response.status, path).toBe(400);
      const body = await response.text();
      expect(body, path).toContain(message);
      expect(looksLikeStackTrace(body), path).toBe(false);
    }
    for (const q of ['"', '"vpn', '*', 'vpn*', '(', 'a OR', 'NOT', '-', 'col:umn', "'; drop table", '^', '%', '\\']) {
      const response = await get(`/search?q=${encodeURIComponent(q)}`);
      expect(response.status, q).toBe(200);
      const api = await get(`/api/v1/search?q=${encodeURIComponent(q)}`);
      expect(api.status, q).toBe(200);
    }
    expect((await get('/search?q=vpn&page=50')).status).toBe(200);
  });
});

describe('the sitemap', () => {
  it('lists public articles and categories with absolute URLs, and nothing internal', async () => {
    const response = await get('/sitemap.xml');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('xml');
    const xml = await response.text();
    const urls = [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!);
    const publicArticles = await allArticles();
    expect(urls).toContain(`${app.server.url}/kb`);
    expect(urls).toContain(`${app.server.url}/kb/network-and-vpn`);
    for (const article of publicArticles) expect(urls).toContain(`${app.server.url}${article.url}`);
    expect(urls.length).toBe(1 + 7 + publicArticles.length);
    for (const slug of internalSlugs) expect(xml).not.toContain(slug);
  });
});

describe('the articles API', () => {
  it('never lists internal articles to anonymous callers or customers, but does to agents', async () => {
    for (const cookie of [undefined, customerCookie]) {
      const articles = await allArticles(cookie);
      expect(articles.length).toBeGreaterThan(20);
      expect(articles.every((article) => article.visibility === 'public' && article.status === 'published')).toBe(true);
      expect(articles.some((article) => internalSlugs.includes(article.slug))).toBe(false);
      expect(articles[0]).not.toHaveProperty('helpfulCount');
    }
    const asAgent = await allArticles(agentCookie);
    expect(asAgent.filter((article) => internalSlugs.includes(article.slug)).length).toBe(4);
    expect(asAgent[0]).toHaveProperty('helpfulCount');
    const internal = await getJson('/api/v1/articles?visibility=internal');
    expect(internal.body).toEqual({ articles: [], total: 0 });
  });

  it('filters by category and tag, and pages', async () => {
    const billing = await getJson('/api/v1/articles?category=billing');
    expect(billing.body.articles.length).toBeGreaterThan(0);
    expect(billing.body.articles.every((article: any) => article.category.slug === 'billing')).toBe(true);
    const tagged = await getJson('/api/v1/articles?tag=password');
    expect(tagged.body.articles.map((article: any) => article.slug)).toContain('reset-your-password');
    const paged = await getJson('/api/v1/articles?limit=2&offset=2');
    expect(paged.body.articles.length).toBe(2);
  });

  it('returns one article with its HTML and table of contents, and 404 for what the caller may not read', async () => {
    const { status, body } = await getJson('/api/v1/articles/reset-your-password');
    expect(status).toBe(200);
    expect(body.article.slug).toBe('reset-your-password');
    expect(body.article.url).toBe('/kb/account-access/reset-your-password');
    expect(body.article.html).toContain('<h2 id="before-you-start">');
    expect(body.article.toc[0]).toEqual({ level: 2, id: 'before-you-start', text: 'Before you start' });
    for (const cookie of [undefined, customerCookie]) {
      const hidden = await getJson('/api/v1/articles/unlock-an-account-in-okta', cookie);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toEqual({ error: { code: 'not_found', message: 'No such article.' } });
    }
    expect((await getJson('/api/v1/articles/unlock-an-account-in-okta', agentCookie)).status).toBe(200);
  });

  it('lets agents create and change articles, which become searchable within seconds', async () => {
    const category = (await allArticles()).find((article) => article.category.slug === 'devices')!.category;
    const input = {
      title: 'Recalibrate the holographic badge reader',
      summary: 'What to do when the lobby badge reader flickers.',
      body: '## Recalibrate\n\nHold the quasarflux button for ten seconds.\n\n## Check\n\nBadge in again.',
      categoryId: category.id,
      tags: ['Badge', 'lobby'],
      status: 'published',
    };
    const anonymous = await fetch(`${app.server.url}/api/v1/articles`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    expect(anonymous.status).toBe(401);
    const asCustomer = await sendJson('POST', '/api/v1/articles', customerCookie, input);
    expect(asCustomer.status).toBe(403);
    expect((await asCustomer.json()).error.code).toBe('forbidden');

    const created = await sendJson('POST', '/api/v1/articles', agentCookie, input);
    expect(created.status).toBe(201);
    const { article } = await created.json();
    expect(article).toMatchObject({
      slug: 'recalibrate-the-holographic-badge-reader',
      tags: ['badge', 'lobby'],
      visibility: 'public',
      status: 'published',
      revision: 1,
      url: '/kb/devices/recalibrate-the-holographic-badge-reader',
    });
    expect(article.toc.length).toBe(2);

    await expect
      .poll(async () => (await getJson('/api/v1/search?q=quasarflux')).body.hits.map((hit: any) => hit.slug), {
        timeout: 5000,
        interval: 200,
      })
      .toEqual(['recalibrate-the-holographic-badge-reader']);
    expect((await get(article.url)).status).toBe(200);

    const renamed = await sendJson('PATCH', `/api/v1/articles/${article.slug}`, agentCookie, {
      title: 'Recalibrate the badge reader',
      expectedRevision: 1,
    });
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).article.revision).toBe(2);
    const conflict = await sendJson('PATCH', `/api/v1/articles/${article.slug}`, agentCookie, {
      summary: 'Someone else was faster.',
      expectedRevision: 1,
    });
    expect(conflict.status).toBe(409);
    expect((await conflict.json()).error.code).toBe('conflict');

    const hidden = await sendJson('PATCH', `/api/v1/articles/${article.slug}`, agentCookie, {
      visibility: 'internal',
      categoryId: 'billing',
    });
    expect(hidden.status).toBe(200);
    expect((await hidden.json()).article.category.slug).toBe('billing');
    await expect
      .poll(async () => (await getJson('/api/v1/search?q=quasarflux')).body.hits.length, {
        timeout: 5000,
        interval: 200,
      })
      .toBe(0);
    expect((await get('/kb/billing/recalibrate-the-holographic-badge-reader')).status).toBe(404);
    const customerPatch = await sendJson('PATCH', `/api/v1/articles/${article.slug}`, customerCookie, {
      title: 'Mine now',
    });
    expect(customerPatch.status).toBe(404);
    const customerPublicPatch = await sendJson('PATCH', '/api/v1/articles/reset-your-password', customerCookie, {
      title: 'Mine now',
    });
    expect(customerPublicPatch.status).toBe(403);
  });

  it('answers bad requests with 4xx errors in the API shape, without stack traces', async () => {
    const responses = await Promise.all([
      get('/api/v1/articles?limit=abc'),
      get('/api/v1/articles?limit=0'),
      get(`/api/v1/search?q=${'a'.repeat(201)}`),
      get('/api/v1/search?q=vpn&limit=500'),
      sendJson('POST', '/api/v1/articles', agentCookie, '{not json'),
      sendJson('POST', '/api/v1/articles', agentCookie, { title: 'x' }),
      sendJson('PATCH', '/api/v1/articles/reset-your-password', agentCookie, { colour: 'red' }),
      sendJson('PATCH', '/api/v1/articles/no-such-article', agentCookie, { title: 'Nothing here' }),
      fetch(`${app.server.url}/api/v1/articles/reset-your-password`, {
        method: 'DELETE',
        headers: { Origin: app.server.url },
      }),
    ]);
    const statuses = responses.map((response) => response.status);
    expect(statuses).toEqual([422, 422, 422, 422, 422, 422, 422, 404, 405]);
    for (const response of responses) {
      const body = await response.text();
      expect(looksLikeStackTrace(body)).toBe(false);
      expect(Object.keys(JSON.parse(body))).toEqual(['error']);
    }
  });
});

describe('the search API', () => {
  it('answers with the documented shape', async () => {
    const { status, body } = await getJson('/api/v1/search?q=vpn&limit=3');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['engine', 'hits', 'tookMs', 'total']);
    expect(['fts5', 'meilisearch', 'postgres']).toContain(body.engine);
    expect(typeof body.tookMs).toBe('number');
    expect(body.hits.length).toBe(3);
    for (const hit of body.hits) {
      expect(Object.keys(hit).sort()).toEqual(['category', 'id', 'slug', 'snippet', 'summary', 'title', 'url']);
      expect(hit.url).toBe(`/kb/${hit.category}/${hit.slug}`);
    }
    expect(body.hits[0].category).toBe('network-and-vpn');
    const billing = await getJson('/api/v1/search?q=vpn&category=billing');
    expect(billing.body.hits.every((hit: any) => hit.category === 'billing')).toBe(true);
  });

  it('is described in the OpenAPI document', async () => {
    const { body } = await getJson('/api/v1/openapi.json');
    expect(Object.keys(body.paths['/articles'])).toEqual(['get', 'post']);
    expect(Object.keys(body.paths['/articles/{slug}'])).toEqual(['get', 'patch']);
    expect(body.paths['/search'].get['x-portico-audience']).toBe('public');
    expect(body.paths['/articles'].post.responses).toHaveProperty('201');
    const refs = [...JSON.stringify(body).matchAll(/"\$ref":"([^"]+)"/g)].map((match) => match[1]!);
    expect(refs).toContain('#/components/schemas/SearchHit');
    for (const ref of refs)
      expect(body.components.schemas, ref).toHaveProperty(ref.replace('#/components/schemas/', ''));
  });
});

describe('accessibility of the knowledge base', () => {
  it('finds no axe violations in light and dark', async () => {
    const paths = [
      '/kb',
      '/kb/account-access',
      articleWithTables,
      '/search?q=password',
      '/search?q=your&page=2',
      '/search?q=zzyzx',
      '/search?q=vpn&page=abc',
    ];
    const context = await app.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const path of paths) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(`${app.server.url}${path}`);
        expect(response?.status(), path).toBeLessThan(path.includes('abc') ? 500 : 400);
        expect(await violations(page), `${path} (${scheme})`).toEqual([]);
      }
    }
    await context.close();
  });

  it('finds no axe violations on an internal article as an agent', async () => {
    const context = await app.browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    const agent = app.server.login('agent');
    await signInAs(page, app.server.url, agent.email, agent.password);
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${app.server.url}${internalArticle}`);
      expect(await violations(page), scheme).toEqual([]);
    }
    await context.close();
  });
});
