import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SearchDocument, SearchEngine, SearchQuery } from '../../../src/core/search/engine.ts';
import {
  createMeilisearchEngine,
  MeilisearchError,
  SearchUnavailableError,
  splitIntoSections,
} from '../../../src/core/search/meilisearch-engine.ts';
import { shouldSkipMeilisearchTests, startMeilisearch } from '../../helpers/meilisearch.ts';
import type { MeilisearchServer } from '../../helpers/meilisearch.ts';

// Locally a missing server binary skips these tests with the reason; in CI (CI=true) they always run,
// and startMeilisearch fails with what to install.
const skipReason = shouldSkipMeilisearchTests();
if (skipReason) console.warn(`Skipping the Meilisearch engine tests: ${skipReason}`);

function article(id: string, fields: Partial<SearchDocument> = {}): SearchDocument {
  return {
    id,
    slug: id,
    categorySlug: 'general',
    categoryName: 'General',
    title: `Article ${id}`,
    summary: '',
    body: '',
    tags: [],
    visibility: 'public',
    status: 'published',
    updatedAt: '2026-11-01T09:00:00.000Z',
    ...fields,
  };
}

function publicQuery(text: string, fields: Partial<SearchQuery> = {}): SearchQuery {
  return { text, audience: 'public', limit: 10, offset: 0, ...fields };
}

/** A filler word per index that matches nothing the tests search for, even with typos or as a prefix. */
const filler = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit', 'sed', 'eiusmod'];

/** A body of `words` filler words in sentences of five and paragraphs of fifty. */
function longBody(words: number, ending: string): string {
  const paragraphs: string[] = [];
  let sentence: string[] = [];
  let paragraph: string[] = [];
  for (let i = 0; i < words; i++) {
    sentence.push(filler[(i * 7) % filler.length]!);
    if (sentence.length === 5) {
      paragraph.push(`${sentence.join(' ')}.`);
      sentence = [];
    }
    if (paragraph.length === 10) {
      paragraphs.push(paragraph.join(' '));
      paragraph = [];
    }
  }
  paragraphs.push([...paragraph, ...sentence, ending].join(' '));
  return paragraphs.join('\n');
}

describe('createMeilisearchEngine', () => {
  let server: MeilisearchServer | undefined;
  let engine: SearchEngine;
  let indexUid = '';
  let indexes = 0;

  const raw = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${server!.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${server!.masterKey}`, 'Content-Type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return response.json();
  };
  const waitForTask = async (taskUid: number): Promise<any> => {
    for (;;) {
      const task = await raw('GET', `/tasks/${taskUid}`);
      if (task.status !== 'enqueued' && task.status !== 'processing') return task;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  const documentCount = async () => (await raw('GET', `/indexes/${indexUid}/stats`)).numberOfDocuments as number;
  const ids = async (query: SearchQuery) => (await engine.search(query)).hits.map((hit) => hit.id);

  beforeAll(async () => {
    if (!skipReason) server = await startMeilisearch();
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
  });

  beforeEach(async (context) => {
    if (skipReason) context.skip(skipReason);
    // A fresh index per test, so tests cannot see each other's articles.
    indexUid = `test_${++indexes}`;
    engine = createMeilisearchEngine({ url: server!.url, apiKey: server!.masterKey, indexUid });
    await engine.init();
  });

  it('indexes articles and finds them by their title, tags, summary and body', async () => {
    await engine.upsert([
      article('title', { title: 'Configure the espresso machine' }),
      article('tags', { tags: ['kombucha'] }),
      article('summary', { summary: 'All about the sourdough starter.' }),
      article('body', { body: 'First line.\nThe croissant is made from laminated dough.' }),
    ]);

    expect(await ids(publicQuery('espresso'))).toEqual(['title']);
    expect(await ids(publicQuery('kombucha'))).toEqual(['tags']);
    expect(await ids(publicQuery('sourdough'))).toEqual(['summary']);
    const { hits, total, engine: name } = await engine.search(publicQuery('croissant'));
    expect(name).toBe('meilisearch');
    expect(total).toBe(1);
    expect(hits).toEqual([
      {
        id: 'body',
        slug: 'body',
        title: 'Article body',
        summary: '',
        snippet: 'First line. The <mark>croissant</mark> is made from laminated dough.',
        category: 'general',
        categoryName: 'General',
      },
    ]);
  });

  it('replaces an article on upsert, dropping the sections it no longer has', async () => {
    await engine.upsert([article('a', { body: longBody(3_000, 'the old marmalade recipe') })]);
    expect(await documentCount()).toBeGreaterThan(4);
    expect(await ids(publicQuery('marmalade'))).toEqual(['a']);

    await engine.upsert([article('a', { title: 'Short now', body: 'Only a gooseberry remains.' })]);

    expect(await documentCount()).toBe(1);
    expect(await ids(publicQuery('marmalade'))).toEqual([]);
    expect((await engine.search(publicQuery('gooseberry'))).hits.map((hit) => hit.title)).toEqual(['Short now']);
  });

  it('takes the last version when one upsert holds an article twice', async () => {
    await engine.upsert([article('a', { title: 'Old pineapple' }), article('a', { title: 'New pineapple' })]);
    expect((await engine.search(publicQuery('pineapple'))).hits.map((hit) => hit.title)).toEqual(['New pineapple']);
  });

  it('removes articles with all their sections', async () => {
    await engine.upsert([
      article('long', { body: longBody(2_000, 'apricot') }),
      article('short', { body: 'apricot jam' }),
      article('kept', { body: 'apricot tart' }),
    ]);

    await engine.remove(['long', 'short', 'never-indexed']);

    expect(await ids(publicQuery('apricot'))).toEqual(['kept']);
    expect(await documentCount()).toBe(1);
  });

  it('empties the index on clear', async () => {
    await engine.upsert([article('a', { body: 'blueberry' }), article('b', { body: 'blueberry muffin' })]);
    await engine.clear();
    expect(await ids(publicQuery('blueberry'))).toEqual([]);
    expect(await documentCount()).toBe(0);
  });

  it('keeps its documents when init runs again', async () => {
    await engine.upsert([article('a', { body: 'cranberry' })]);
    await engine.init();
    expect(await ids(publicQuery('cranberry'))).toEqual(['a']);
  });

  it('never shows a public audience an internal or draft article', async () => {
    const text = 'Quarterly firewall audit';
    await engine.upsert([
      article('public', { title: text, body: text }),
      article('internal', { title: text, body: `${text} ${text}`, visibility: 'internal' }),
      article('draft', { title: text, body: `${text} ${text}`, status: 'draft' }),
      article('internal-draft', { title: text, body: text, visibility: 'internal', status: 'draft' }),
    ]);

    const everyPublicQuery = [
      publicQuery(text),
      publicQuery(text, { includeDrafts: true }),
      publicQuery('firewall', { limit: 100 }),
      publicQuery('firewal audi'),
      { text, audience: 'customer', limit: 10, offset: 0 } as unknown as SearchQuery,
    ];
    for (const query of everyPublicQuery) {
      const result = await engine.search(query);
      expect(result.hits.map((hit) => hit.id)).toEqual(['public']);
      expect(result.total).toBe(1);
    }
    expect((await ids({ text, audience: 'staff', limit: 10, offset: 0 })).sort()).toEqual(['internal', 'public']);
    expect((await ids({ text, audience: 'staff', includeDrafts: true, limit: 10, offset: 0 })).sort()).toEqual([
      'draft',
      'internal',
      'internal-draft',
      'public',
    ]);
  });

  it('sends the visibility filter with every search', async () => {
    const filters: unknown[] = [];
    const recording: typeof fetch = async (input, init) => {
      if (String(input).endsWith('/search')) filters.push(JSON.parse(String(init?.body)).filter);
      return fetch(input, init);
    };
    const recorded = createMeilisearchEngine({
      url: server!.url,
      apiKey: server!.masterKey,
      indexUid,
      fetch: recording,
    });
    await recorded.search(publicQuery('printer'));
    await recorded.search({ text: 'printer', audience: 'staff', limit: 5, offset: 0 });
    await recorded.search({ text: 'printer', audience: 'staff', includeDrafts: true, limit: 5, offset: 0 });
    expect(filters).toEqual([
      ['visibility = "public"', 'status = "published"'],
      ['visibility IN ["public", "internal"]', 'status = "published"'],
      ['visibility IN ["public", "internal"]', 'status IN ["published", "draft"]'],
    ]);
  });

  it('restricts results to a category, and a hostile category matches nothing', async () => {
    await engine.upsert([
      article('billing', { title: 'Download an invoice', categorySlug: 'billing', categoryName: 'Billing' }),
      article('devices', { title: 'Invoice printer setup', categorySlug: 'devices', categoryName: 'Devices' }),
      article('secret', { title: 'Invoice fraud playbook', categorySlug: 'billing', visibility: 'internal' }),
    ]);

    const billing = await engine.search(publicQuery('invoice', { category: 'billing' }));
    expect(billing.hits.map((hit) => [hit.id, hit.category, hit.categoryName])).toEqual([
      ['billing', 'billing', 'Billing'],
    ]);
    for (const category of ['billing" OR visibility = "internal', 'billing\\" OR visibility = "internal', '"', '\\']) {
      expect(await ids(publicQuery('invoice', { category }))).toEqual([]);
    }
  });

  it('ranks a title match above a body match', async () => {
    await engine.upsert([
      article('body', {
        title: 'Account settings overview',
        body: 'You can change your password on the account page.',
      }),
      article('title', { title: 'Reset your password', body: 'Open the account page and follow the steps.' }),
    ]);
    expect(await ids(publicQuery('password'))).toEqual(['title', 'body']);
  });

  it('matches the last word as a prefix while it is being typed', async () => {
    await engine.upsert([
      article('password', { title: 'Reset your password' }),
      article('printer', { title: 'Install a printer' }),
    ]);
    const { hits } = await engine.search(publicQuery('passw'));
    expect(hits.map((hit) => hit.title)).toEqual(['Reset your password']);
    // A finished word (the query ends in a space) is not a prefix.
    expect(await ids(publicQuery('passw '))).toEqual([]);
  });

  it('finds words despite typos', async () => {
    await engine.upsert([
      article('password', { title: 'Reset your password', body: 'Forgot it? Reset it from the sign-in page.' }),
      article('printer', { title: 'Install a printer driver', body: 'Open Company Portal.' }),
    ]);
    expect((await engine.search(publicQuery('pasword resett'))).hits[0]?.title).toBe('Reset your password');
    expect((await engine.search(publicQuery('instal printer drivr'))).hits[0]?.title).toBe('Install a printer driver');
  });

  it('applies the shared synonyms in both directions, and replaces them on setSynonyms', async () => {
    await engine.upsert([
      article('vpn', { title: 'Connect to the VPN', body: 'Open GlobalProtect and choose the nearest gateway.' }),
      article('ooo', { title: 'Set an out of office message', body: 'Outlook sends it while you are away.' }),
      article('zoom', { title: 'Install Zoom', body: 'Meetings with customers.' }),
    ]);
    expect(await ids(publicQuery('remote access'))).toEqual(['vpn']);
    expect(await ids(publicQuery('automatic reply'))).toEqual(['ooo']);
    expect(await ids(publicQuery('conference'))).toEqual([]);

    await engine.setSynonyms([['conference', 'zoom']]);

    expect(await ids(publicQuery('conference'))).toEqual(['zoom']);
    expect(await ids(publicQuery('remote access'))).toEqual([]);
    // init() keeps what setSynonyms set.
    await engine.init();
    expect(await ids(publicQuery('conference'))).toEqual(['zoom']);
  });

  it('finds a word at the very end of a 30,000-word article and returns the article once', async () => {
    const body = longBody(30_000, 'Finally recalibrate the flux capacitor.');
    await engine.upsert([
      article('long', { title: 'A very long manual', body }),
      article('other', { body: 'A flux capacitor' }),
    ]);
    expect(await documentCount()).toBeGreaterThan(40);

    const result = await engine.search(publicQuery('flux capacitor'));

    expect(result.hits.map((hit) => hit.id).sort()).toEqual(['long', 'other']);
    expect(result.total).toBe(2);
    expect(result.hits.find((hit) => hit.id === 'long')!.snippet).toContain(
      'recalibrate the <mark>flux</mark> <mark>capacitor</mark>',
    );
    // Every section carries the title: a title match still yields the article once.
    const byTitle = await engine.search(publicQuery('manual'));
    expect(byTitle.hits.map((hit) => hit.id)).toEqual(['long']);
    expect(byTitle.total).toBe(1);
  });

  it('needs sections because Meilisearch drops words past its position limit in one document', async () => {
    // The control for the test above: the same body as a single document loses its last words.
    const body = longBody(30_000, 'Finally recalibrate the flux capacitor.');
    const uid = `${indexUid}_whole`;
    await waitForTask((await raw('POST', `/indexes/${uid}/documents?primaryKey=id`, [{ id: 'long', body }])).taskUid);
    const search = await raw('POST', `/indexes/${uid}/search`, { q: 'capacitor' });
    expect(search.hits).toEqual([]);
    expect((await raw('POST', `/indexes/${uid}/search`, { q: 'lorem' })).hits).toHaveLength(1);
  });

  it('returns snippets with the text escaped and the matches marked', async () => {
    await engine.upsert([
      article('xss', {
        title: 'Scripts <b>in</b> titles stay text',
        body: 'Never paste <script>alert("x")</script> & friends \u0002fake\u0003 into the browser console.',
      }),
    ]);
    const [hit] = (await engine.search(publicQuery('paste console'))).hits;
    expect(hit!.snippet).toBe(
      'Never <mark>paste</mark> &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; friends fake into the browser <mark>console</mark>.',
    );
    expect(hit!.title).toBe('Scripts <b>in</b> titles stay text');
    // A match in the title only: the snippet is the start of the body.
    expect((await engine.search(publicQuery('titles'))).hits[0]!.snippet).toMatch(/^Never paste &lt;script&gt;/);
  });

  it('pages through results with limit and offset', async () => {
    await engine.upsert(
      Array.from({ length: 5 }, (_, i) => article(`p${i}`, { title: `Guava ${i}`, body: longBody(700, '') })),
    );
    const first = await engine.search(publicQuery('guava', { limit: 2, offset: 0 }));
    const second = await engine.search(publicQuery('guava', { limit: 2, offset: 2 }));
    const third = await engine.search(publicQuery('guava', { limit: 2, offset: 4 }));
    expect(first.total).toBe(5);
    const all = [...first.hits, ...second.hits, ...third.hits].map((hit) => hit.id);
    expect(all.sort()).toEqual(['p0', 'p1', 'p2', 'p3', 'p4']);
  });

  it('never throws on hostile or odd queries', async () => {
    await engine.upsert([
      article('public', { title: 'Quarterly firewall audit' }),
      article('internal', { title: 'Quarterly firewall audit', visibility: 'internal' }),
    ]);
    const texts = [
      '',
      '   ',
      '"',
      '"firewall',
      'firewall" OR visibility = "internal',
      'visibility = internal',
      'NEAR(firewall audit)',
      'firewall*',
      'title:firewall',
      '-firewall',
      '\u0000\u0002\u0003firewall',
      '🔥🧱 firewall',
      'جدار الحماية',
      'ﬁrewall',
      'a'.repeat(10_000),
      'firewall '.repeat(500),
      '%00 %27 %22 ${x} {{x}} <script>',
    ];
    for (const text of texts) {
      const result = await engine.search(publicQuery(text));
      expect(result.hits.every((hit) => hit.id === 'public')).toBe(true);
    }
    const odd = [
      { limit: -1, offset: -5 },
      { limit: Number.NaN, offset: Number.POSITIVE_INFINITY },
      { limit: 1e9, offset: 1e9 },
      { limit: 2.7, offset: 0.5 },
    ];
    for (const paging of odd) {
      await expect(engine.search(publicQuery('firewall', paging))).resolves.toMatchObject({ engine: 'meilisearch' });
    }
    await expect(engine.search(publicQuery(undefined as unknown as string))).resolves.toMatchObject({ hits: [] });
  });

  it('indexes articles whose id Meilisearch would not accept as a document id', async () => {
    await engine.upsert([
      article('kb/ünïcode id.1', { title: 'Papaya' }),
      article('kb_unicode', { title: 'Papaya too' }),
    ]);
    expect((await ids(publicQuery('papaya'))).sort()).toEqual(['kb/ünïcode id.1', 'kb_unicode']);
    await engine.remove(['kb/ünïcode id.1']);
    expect(await ids(publicQuery('papaya'))).toEqual(['kb_unicode']);
  });

  it("rejects with Meilisearch's message when a task fails", async () => {
    const uid = `${indexUid}_foreign`;
    await waitForTask((await raw('POST', '/indexes', { uid, primaryKey: 'id' })).taskUid);
    const foreign = createMeilisearchEngine({ url: server!.url, apiKey: server!.masterKey, indexUid: uid });

    const upsert = foreign.upsert([article('a')]);
    await expect(upsert).rejects.toThrow(MeilisearchError);
    await expect(upsert).rejects.toThrow(
      /^Meilisearch task \d+ \(documentAdditionOrUpdate\) failed: Index already has a primary key: `id`\.$/,
    );
    await expect(foreign.init()).rejects.toThrow(
      `The Meilisearch index "${uid}" has the primary key "id", not "docId": it was made by something else. Delete it or choose another index.`,
    );
  });

  it('rejects with SearchUnavailableError when the API key is refused', async () => {
    const wrongKey = createMeilisearchEngine({ url: server!.url, apiKey: 'not-the-key', indexUid });
    await expect(wrongKey.search(publicQuery('printer'))).rejects.toThrow(SearchUnavailableError);
    await expect(wrongKey.upsert([article('a')])).rejects.toThrow(/refused the API key.*MEILISEARCH_API_KEY/);
  });

  it('rejects a search with SearchUnavailableError while the index does not exist', async () => {
    const missing = createMeilisearchEngine({
      url: server!.url,
      apiKey: server!.masterKey,
      indexUid: `${indexUid}_none`,
    });
    await expect(missing.search(publicQuery('printer'))).rejects.toThrow(SearchUnavailableError);
    await expect(missing.remove(['a'])).resolves.toBeUndefined();
    await expect(missing.clear()).resolves.toBeUndefined();
  });
});

describe('createMeilisearchEngine without a server', () => {
  it('rejects quickly with SearchUnavailableError when Meilisearch is unreachable', async () => {
    const engine = createMeilisearchEngine({ url: 'http://127.0.0.1:1', apiKey: 'key' });
    const started = performance.now();
    await expect(engine.search(publicQuery('printer'))).rejects.toThrow(SearchUnavailableError);
    await expect(engine.upsert([article('a')])).rejects.toThrow(SearchUnavailableError);
    await expect(engine.init()).rejects.toThrow(/Meilisearch at http:\/\/127\.0\.0\.1:1 is unreachable/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('rejects with SearchUnavailableError when Meilisearch does not answer in time', async () => {
    // Accepts connections and never answers.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as net.AddressInfo;
    try {
      const engine = createMeilisearchEngine({ url: `http://127.0.0.1:${port}`, timeoutMs: 200 });
      const started = performance.now();
      await expect(engine.search(publicQuery('printer'))).rejects.toThrow(/no answer within 200 ms/);
      await expect(engine.remove(['a'])).rejects.toThrow(SearchUnavailableError);
      expect(performance.now() - started).toBeLessThan(2_000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

describe('splitIntoSections', () => {
  it('keeps paragraphs whole and each section within the word limit', () => {
    const paragraph = (n: number) => Array.from({ length: 40 }, () => `w${n}`).join(' ');
    const body = Array.from({ length: 10 }, (_, n) => paragraph(n)).join('\n');
    const sections = splitIntoSections(body, 100);
    expect(sections).toHaveLength(5);
    for (const section of sections) {
      expect(section.split(/\s+/).length).toBeLessThanOrEqual(100);
      for (const line of section.split('\n')) expect(new Set(line.split(' ')).size).toBe(1);
    }
    expect(sections.join('\n')).toBe(body);
  });

  it('cuts a paragraph longer than the limit between words, losing none', () => {
    const words = Array.from({ length: 1_450 }, (_, i) => `word${i}`);
    const sections = splitIntoSections(`Intro.\n${words.join(' ')}\nOutro.`, 600);
    expect(sections.map((section) => section.split(/\s+/).length)).toEqual([1, 600, 600, 250, 1]);
    expect(sections.join(' ').split(/\s+/)).toEqual(['Intro.', ...words, 'Outro.']);
  });

  it('cuts at the character limit too, so text without spaces cannot exceed it', () => {
    const sections = splitIntoSections('x'.repeat(15_000), 600, 6_000);
    expect(sections.map((section) => section.length)).toEqual([6_000, 6_000, 3_000]);
  });

  it('drops blank lines and returns one empty section for an empty body', () => {
    expect(splitIntoSections('\n  \nOne.\r\n\r\nTwo.\n')).toEqual(['One.\nTwo.']);
    expect(splitIntoSections('')).toEqual(['']);
  });
});
