import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createCategory,
  drainSearchOutbox,
  knowledgeBaseInsights,
  recordRequestFollowed,
  recordSearchClick,
  recordSuggestionClick,
  searchKnowledgeBase,
} from '../../../src/core/kb/index.ts';
import { systemActor } from '../../../src/core/users/index.ts';
import { codeOf, createKbWorld, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

async function searches() {
  return world.core.db.selectFrom('kb_searches').selectAll().orderBy('created_at').execute();
}

describe('searchKnowledgeBase', () => {
  it('never gives customers or visitors internal articles or drafts, even when they match best; staff get internal ones', async () => {
    const { core, customer, agent, admin } = world;
    const shown = await publish(world, { title: 'Parking rules', body: 'A zeppelin may park on the roof.' });
    const internal = await publish(world, {
      title: 'Zeppelin zeppelin runbook',
      summary: 'Zeppelin maintenance.',
      tags: ['zeppelin'],
      body: 'Zeppelin zeppelin zeppelin.',
      visibility: 'internal',
    });
    await publish(world, {
      title: 'Zeppelin launch (draft)',
      tags: ['zeppelin'],
      body: 'Zeppelin zeppelin.',
      status: 'draft',
    });
    await publish(world, {
      title: 'Zeppelin secrets (internal draft)',
      body: 'Zeppelin.',
      status: 'draft',
      visibility: 'internal',
    });
    await drainSearchOutbox(core);

    for (const actor of [null, customer]) {
      for (const q of ['zeppelin', 'zeppelin runbook', 'zeppelin launch', 'zeppelin secrets', 'zepp', 'zeplin']) {
        const result = await searchKnowledgeBase(core, actor, { q });
        const slugs = result.hits.map((hit) => hit.slug);
        expect(
          slugs.every((slug) => slug === shown.slug),
          `${actor?.role ?? 'anonymous'}, ${q}: ${slugs.join(', ')}`,
        ).toBe(true);
        expect(result.total).toBe(slugs.length);
      }
      expect((await searchKnowledgeBase(core, actor, { q: 'zeppelin' })).hits.map((hit) => hit.slug)).toEqual([
        shown.slug,
      ]);
    }
    for (const actor of [agent, admin, systemActor]) {
      const { hits } = await searchKnowledgeBase(core, actor, { q: 'zeppelin' });
      expect(hits.map((hit) => hit.slug).sort()).toEqual([internal.slug, shown.slug].sort());
      expect(hits[0]!.slug).toBe(internal.slug);
    }
  });

  it('gives each hit its url, category and a snippet with the match marked', async () => {
    const { core, admin } = world;
    const network = await createCategory(core, admin, { name: 'Network and VPN', slug: 'network-and-vpn' });
    const article = await publish(world, {
      title: 'Connect to the VPN',
      summary: 'From home.',
      categoryId: network.id,
      body: 'Open the GlobalProtect app and enter the portal address.',
    });
    await drainSearchOutbox(core);
    const result = await searchKnowledgeBase(core, null, { q: 'globalprotect' });
    expect(result.engine).toBe(core.search.primary.name);
    expect(result.tookMs).toBeGreaterThanOrEqual(0);
    expect(result.hits).toHaveLength(1);
    expect(result.hits[0]).toMatchObject({
      id: article.id,
      slug: 'connect-to-the-vpn',
      title: 'Connect to the VPN',
      summary: 'From home.',
      category: 'network-and-vpn',
      categoryName: 'Network and VPN',
      url: '/kb/network-and-vpn/connect-to-the-vpn',
    });
    expect(result.hits[0]!.snippet).toMatch(/<mark>GlobalProtect<\/mark>/i);
  });

  it('escapes markup from an article body in the snippet: <mark> is the only element', async () => {
    const { core } = world;
    await publish(world, {
      title: 'Script tags',
      body: 'Never paste <script>alert("zeppelin")</script> or <img src=x onerror=alert(1)> into the zeppelin console.',
    });
    await drainSearchOutbox(core);
    const { hits } = await searchKnowledgeBase(core, null, { q: 'zeppelin' });
    expect(hits).toHaveLength(1);
    const { snippet } = hits[0]!;
    expect(snippet).toContain('<mark>');
    expect(snippet).not.toMatch(/<script|<img/i);
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(snippet).toContain('&lt;img src=x onerror=alert(1)&gt;');
    if (core.search.primary.name === 'fts5') expect(snippet).toContain('&lt;script&gt;');
  });

  it('restricts hits to a category', async () => {
    const { core, admin } = world;
    const billing = await createCategory(core, admin, { name: 'Billing' });
    const inBilling = await publish(world, { title: 'Zeppelin invoices', categoryId: billing.id });
    const inGeneral = await publish(world, { title: 'Zeppelin parking' });
    await drainSearchOutbox(core);
    expect(
      (await searchKnowledgeBase(core, null, { q: 'zeppelin', category: 'billing' })).hits.map((hit) => hit.slug),
    ).toEqual([inBilling.slug]);
    expect(
      (await searchKnowledgeBase(core, null, { q: 'zeppelin', category: 'general' })).hits.map((hit) => hit.slug),
    ).toEqual([inGeneral.slug]);
    expect((await searchKnowledgeBase(core, null, { q: 'zeppelin' })).total).toBe(2);
    expect((await searchKnowledgeBase(core, null, { q: 'zeppelin', category: 'nothing' })).hits).toEqual([]);
  });

  it('pages with limit and offset', async () => {
    const { core } = world;
    for (let index = 0; index < 5; index++) await publish(world, { title: `Zeppelin model ${index}` });
    await drainSearchOutbox(core);
    const first = await searchKnowledgeBase(core, null, { q: 'zeppelin', limit: 2 });
    const rest = await searchKnowledgeBase(core, null, { q: 'zeppelin', limit: 10, offset: 2 });
    expect(first.total).toBe(5);
    expect(first.hits).toHaveLength(2);
    expect(rest.hits).toHaveLength(3);
    expect(new Set([...first.hits, ...rest.hits].map((hit) => hit.slug)).size).toBe(5);
  });

  it('gives no hits for an empty query and records nothing', async () => {
    const { core } = world;
    await publish(world, { title: 'Zeppelin parking' });
    await drainSearchOutbox(core);
    for (const q of ['', '   ']) {
      const result = await searchKnowledgeBase(core, world.customer, { q });
      expect(result).toMatchObject({ hits: [], total: 0, searchId: null });
    }
    expect(await searches()).toEqual([]);
  });

  it('records each search with its hit count and the user id, none for visitors', async () => {
    const { core, customer } = world;
    await publish(world, { title: 'Zeppelin parking' });
    await drainSearchOutbox(core);
    const byCustomer = await searchKnowledgeBase(core, customer, { q: '  Zeppelin  ' });
    const byVisitor = await searchKnowledgeBase(core, null, { q: 'quasar' });
    expect(byCustomer.searchId).toEqual(expect.any(String));
    expect(byVisitor.searchId).toEqual(expect.any(String));
    const rows = await searches();
    const pick = ({ query, hit_count, user_id, clicked_article_id, request_followed }: (typeof rows)[number]) => ({
      query,
      hit_count,
      user_id,
      clicked_article_id,
      request_followed,
    });
    expect(rows).toHaveLength(2);
    expect(pick(rows.find((row) => row.id === byCustomer.searchId)!)).toEqual({
      query: 'zeppelin',
      hit_count: 1,
      user_id: customer.id,
      clicked_article_id: null,
      request_followed: 0,
    });
    expect(pick(rows.find((row) => row.id === byVisitor.searchId)!)).toEqual({
      query: 'quasar',
      hit_count: 0,
      user_id: null,
      clicked_article_id: null,
      request_followed: 0,
    });
  });

  it('does not record further pages of a search, nor a search asked not to be recorded', async () => {
    const { core } = world;
    const page = await searchKnowledgeBase(core, null, { q: 'zeppelin', offset: 10 });
    const quiet = await searchKnowledgeBase(core, null, { q: 'zeppelin' }, { record: false });
    expect(page.searchId).toBeNull();
    expect(quiet.searchId).toBeNull();
    expect(await searches()).toEqual([]);
  });

  it('refuses a query over 200 characters', async () => {
    const { core } = world;
    await expect(searchKnowledgeBase(core, null, { q: 'a'.repeat(201) })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Search with at most 200 characters.',
    });
    expect(await codeOf(searchKnowledgeBase(core, null, { q: 'zeppelin', limit: 51 }))).toBe('invalid_input');
    expect(await searches()).toEqual([]);
  });

  it('reads operators and quotes as plain words', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Zeppelin parking' });
    await drainSearchOutbox(core);
    for (const q of [
      '"zeppelin',
      'zeppelin OR',
      'title:zeppelin',
      'zeppelin*',
      'NEAR(zeppelin)',
      "zeppelin'; drop table x; --",
    ]) {
      const { hits } = await searchKnowledgeBase(core, null, { q });
      expect(
        hits.map((hit) => hit.slug),
        q,
      ).toContain(article.slug);
    }
  });
});

describe('recordSearchClick', () => {
  it('notes which article a recorded search led to', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Zeppelin parking' });
    await drainSearchOutbox(core);
    const { searchId, hits } = await searchKnowledgeBase(core, null, { q: 'zeppelin' });
    await recordSearchClick(core, searchId!, hits[0]!.id);
    const [row] = await searches();
    expect(row).toMatchObject({ id: searchId, clicked_article_id: article.id });
  });

  it('ignores an unknown search id', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Zeppelin parking' });
    await recordSearchClick(core, 'no-such-search', article.id);
    expect(await searches()).toEqual([]);
  });
});

describe('recordSuggestionClick', () => {
  it('records an opened suggestion as a deflected request until a request follows', async () => {
    const { core, customer, agent } = world;
    const article = await publish(world, { title: 'Zeppelin parking' });
    await drainSearchOutbox(core);
    await recordSuggestionClick(core, customer, '  Zeppelin Parking ', article.id);
    const [row] = await searches();
    expect(row).toMatchObject({
      query: 'zeppelin parking',
      hit_count: 1,
      clicked_article_id: article.id,
      request_followed: 0,
    });
    const period = { from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) };
    expect((await knowledgeBaseInsights(core, agent, period)).totals.deflectionRate).toBe(1);
    await recordRequestFollowed(core, customer, { query: 'zeppelin parking' });
    expect((await searches())[0]).toMatchObject({ request_followed: 1 });
    expect((await knowledgeBaseInsights(core, agent, period)).totals.deflectionRate).toBe(0);
  });
});

describe('recordRequestFollowed', () => {
  it("marks the caller's own recorded search, and never someone else's", async () => {
    const { core, customer, agent } = world;
    const { searchId } = await searchKnowledgeBase(core, agent, { q: 'printer' });
    await recordRequestFollowed(core, customer, { searchId });
    const rows = await searches();
    expect(rows.find((row) => row.id === searchId)).toMatchObject({ request_followed: 0 });
    expect(rows.filter((row) => row.user_id === customer.id)).toEqual([]);
    const own = await searchKnowledgeBase(core, customer, { q: 'printer' });
    await recordRequestFollowed(core, customer, { searchId: own.searchId });
    expect((await searches()).find((row) => row.id === own.searchId)).toMatchObject({ request_followed: 1 });
  });

  it('records a followed request for suggestions that were shown but never recorded', async () => {
    const { core, customer } = world;
    await recordRequestFollowed(core, customer, { query: 'Broken monitor' });
    expect(await searches()).toMatchObject([{ query: 'broken monitor', request_followed: 1, user_id: customer.id }]);
    await recordRequestFollowed(core, null, { query: 'anonymous' });
    expect(await searches()).toHaveLength(1);
  });
});
