import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
let agentToken: string;
let article: { slug: string; category: string; path: string };

async function get(path: string, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, { headers, redirect: 'manual' });
}

async function viewCount(slug: string): Promise<number> {
  const response = await fetch(`${server.url}/api/v1/articles/${slug}`, {
    headers: { authorization: `Bearer ${agentToken}` },
  });
  return ((await response.json()) as { article: { viewCount: number } }).article.viewCount;
}

async function patchArticle(slug: string, patch: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${server.url}/api/v1/articles/${slug}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify(patch),
  });
  expect(response.status).toBe(200);
}

beforeAll(async () => {
  // Two workers: a change made through one must reach the page kept by the other.
  server = await startServer({ environment: { PORTICO_WORKERS: '2' } });
  const created = await runCli(['token', 'create', '--email', server.login('agent').email], {
    PORTICO_DATA_DIR: server.dataDir,
  });
  agentToken = created.stdout.trim().split('\n').at(-1)!;
  const listed = (await (await get('/api/v1/articles?limit=5')).json()) as {
    articles: { slug: string; category: { slug: string } }[];
  };
  const first = listed.articles[0]!;
  article = { slug: first.slug, category: first.category.slug, path: `/kb/${first.category.slug}/${first.slug}` };
}, 180_000);

afterAll(async () => {
  await server?.stop();
});

describe('pages shared by anonymous readers', () => {
  it('renders an article once and then serves it from memory, counting every view', async () => {
    const before = await viewCount(article.slug);
    const answers = [];
    for (let index = 0; index < 12; index++) answers.push(await get(article.path));
    // Each worker renders a route twice: once to learn it may be shared, once to keep it.
    const kinds = answers.map((answer) => answer.headers.get('x-portico-cache'));
    expect(kinds.slice(-4)).toEqual(['hit', 'hit', 'hit', 'hit']);
    const bodies = await Promise.all(answers.map((answer) => answer.text()));
    expect(new Set(bodies).size).toBe(1);
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(answer.headers.get('x-request-id')).toMatch(/\S{8,}/);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
    // Views are written within a second of being counted, by whichever worker counted them.
    await expect.poll(() => viewCount(article.slug), { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 12);
  });

  it('answers from memory with the headers a rendered page has, and the request id a proxy offered', async () => {
    await patchArticle(article.slug, { summary: 'Kept with its headers' });
    const rendered = await get(article.path);
    expect(rendered.headers.get('x-portico-cache')).not.toBe('hit');
    const body = await rendered.text();
    await expect.poll(async () => (await get(article.path)).headers.get('x-portico-cache')).toBe('hit');
    const kept = await get(article.path, { 'x-request-id': 'proxy-request-0001' });
    expect(kept.headers.get('x-portico-cache')).toBe('hit');
    expect(kept.headers.get('x-request-id')).toBe('proxy-request-0001');
    const keptBody = await kept.text();
    expect(keptBody).toBe(body);
    expect(Number(kept.headers.get('content-length'))).toBe(Buffer.byteLength(keptBody));
    const varying = new Set(['date', 'x-request-id', 'x-portico-cache', 'content-length', 'transfer-encoding']);
    const headersOf = (answer: Response) =>
      Object.fromEntries([...answer.headers].filter(([name]) => !varying.has(name)));
    expect(headersOf(kept)).toEqual(headersOf(rendered));
    const head = await fetch(`${server.url}${article.path}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('x-portico-cache')).toBeNull();
  });

  it('shows a change at once, from every worker, and never a page an article no longer allows', async () => {
    for (let index = 0; index < 4; index++) await get(article.path);
    await patchArticle(article.slug, { title: 'A title changed under the cache' });
    for (let index = 0; index < 4; index++) {
      expect(await (await get(article.path)).text()).toContain('A title changed under the cache');
    }
    await patchArticle(article.slug, { visibility: 'internal' });
    for (let index = 0; index < 4; index++) expect((await get(article.path)).status).toBe(404);
    await patchArticle(article.slug, { visibility: 'public' });
    expect((await get(article.path)).status).toBe(200);
  });

  it('shows a change written by another process straight into the database', async () => {
    await expect.poll(async () => (await get('/kb')).headers.get('x-portico-cache')).toBe('hit');
    const outside = new BetterSqlite3(path.join(server.dataDir, 'portico.db'), { timeout: 5_000 });
    try {
      outside.prepare('update kb_categories set name = ? where slug = ?').run('Renamed Outside', article.category);
    } finally {
      outside.close();
    }
    const home = await get('/kb');
    expect(home.headers.get('x-portico-cache')).not.toBe('hit');
    expect(await home.text()).toContain('Renamed Outside');
    expect(await (await get(article.path)).text()).toContain('Renamed Outside');
  });

  it('never keeps or serves a page for a signed-in reader, a query, or a reader with a vote cookie', async () => {
    await expect.poll(async () => (await get(article.path)).headers.get('x-portico-cache')).toBe('hit');
    const cookie = await sessionCookie(server.url, server.login('agent'));
    const signedIn = await get(article.path, { cookie });
    expect(signedIn.headers.get('x-portico-cache')).toBeNull();
    expect(signedIn.headers.get('cache-control')).toContain('no-store');
    expect(await signedIn.text()).toContain('/desk/kb/');
    expect((await get(`${article.path}?voted=1`)).headers.get('x-portico-cache')).toBeNull();
    const reader = `portico_reader=${'a'.repeat(52)}`;
    expect((await get(article.path, { cookie: reader })).headers.get('x-portico-cache')).toBeNull();
    await expect.poll(async () => (await get(article.path)).headers.get('x-portico-cache')).toBe('hit');
  });
});
