import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../../src/core/db/index.ts';
import { knowledgeBaseInsights, voteOnArticle } from '../../../src/core/kb/index.ts';
import type { Article } from '../../../src/core/kb/index.ts';
import { codeOf, createKbWorld, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;
let article: Article;

beforeEach(async () => {
  world = await createKbWorld();
  article = await publish(world, { title: 'Reset your password' });
});

afterEach(async () => {
  await world.core.close();
});

async function search(
  query: string,
  createdAt: string,
  options: { hits?: number; clicked?: boolean; requestFollowed?: boolean } = {},
) {
  await world.core.db
    .insertInto('kb_searches')
    .values({
      id: newId(),
      query,
      hit_count: options.hits ?? 3,
      user_id: null,
      clicked_article_id: options.clicked ? article.id : null,
      request_followed: options.requestFollowed ? 1 : 0,
      created_at: createdAt,
    })
    .execute();
}

const period = { from: new Date('2026-03-01T00:00:00.000Z'), to: new Date('2026-03-31T23:59:59.999Z') };

describe('knowledgeBaseInsights', () => {
  it('aggregates the searches of the period only', async () => {
    await search('password', '2026-03-02T10:00:00.000Z', { hits: 4, clicked: true });
    await search('password', '2026-03-05T10:00:00.000Z', { hits: 2, clicked: true, requestFollowed: true });
    await search('password', '2026-03-31T23:00:00.000Z', { hits: 3 });
    await search('vpn', '2026-03-05T11:00:00.000Z', { hits: 1, clicked: true });
    await search('zzyzx', '2026-03-06T11:00:00.000Z', { hits: 0 });
    await search('zzyzx', '2026-03-07T11:00:00.000Z', { hits: 0 });
    await search('printer drivr', '2026-03-07T12:00:00.000Z', { hits: 0 });
    // Outside the period.
    await search('password', '2026-02-28T23:59:59.999Z', { clicked: true });
    await search('zzyzx', '2026-04-01T00:00:00.000Z', { hits: 0 });

    const insights = await knowledgeBaseInsights(world.core, world.agent, period);
    expect(insights.totals).toEqual({ searches: 7, searchesWithClick: 3, deflectionRate: 2 / 7 });
    expect(insights.topSearches).toEqual([
      { query: 'password', count: 3, averageHits: 3 },
      { query: 'zzyzx', count: 2, averageHits: 0 },
      { query: 'printer drivr', count: 1, averageHits: 0 },
      { query: 'vpn', count: 1, averageHits: 1 },
    ]);
    expect(insights.noResultSearches).toEqual([
      { query: 'zzyzx', count: 2 },
      { query: 'printer drivr', count: 1 },
    ]);
    expect(insights.daily).toHaveLength(31);
    expect(insights.daily[0]).toEqual({ day: '2026-03-01', searches: 0, deflected: 0 });
    expect(insights.daily[4]).toEqual({ day: '2026-03-05', searches: 2, deflected: 1 });
    expect(insights.daily[30]).toEqual({ day: '2026-03-31', searches: 1, deflected: 0 });
  });

  it('has no deflection rate without searches', async () => {
    const insights = await knowledgeBaseInsights(world.core, world.admin, period);
    expect(insights.totals).toEqual({ searches: 0, searchesWithClick: 0, deflectionRate: null });
    expect(insights.topSearches).toEqual([]);
    expect(insights.notHelpfulArticles).toEqual([]);
  });

  it('lists the articles with the most not-helpful votes cast in the period', async () => {
    const vpn = await publish(world, { title: 'Set up the VPN' });
    const now = new Date();
    for (const [index, token] of ['a', 'b', 'c'].entries())
      await voteOnArticle(world.core, null, { readerToken: `reader-${token}-token` }, vpn.slug, {
        helpful: index === 0,
      });
    await voteOnArticle(world.core, null, { readerToken: 'reader-d-token' }, article.slug, { helpful: false });
    await voteOnArticle(world.core, null, { readerToken: 'reader-e-token' }, article.slug, { helpful: true });
    const from = new Date(now.getTime() - 3600_000);
    const to = new Date(now.getTime() + 3600_000);
    const insights = await knowledgeBaseInsights(world.core, world.agent, { from, to });
    expect(insights.notHelpfulArticles).toEqual([
      {
        id: vpn.id,
        title: 'Set up the VPN',
        slug: vpn.slug,
        categorySlug: world.general.slug,
        notHelpful: 2,
        helpful: 1,
      },
      {
        id: article.id,
        title: 'Reset your password',
        slug: article.slug,
        categorySlug: world.general.slug,
        notHelpful: 1,
        helpful: 1,
      },
    ]);
    expect((await knowledgeBaseInsights(world.core, world.agent, period)).notHelpfulArticles).toEqual([]);
  });

  it('refuses a period that ends before it starts or is longer than 366 days', async () => {
    expect(await codeOf(knowledgeBaseInsights(world.core, world.agent, { from: period.to, to: period.from }))).toBe(
      'invalid_input',
    );
    await expect(
      knowledgeBaseInsights(world.core, world.agent, { from: new Date('2024-01-01'), to: new Date('2025-06-01') }),
    ).rejects.toThrow('Choose a period of at most 366 days.');
    await expect(
      knowledgeBaseInsights(world.core, world.agent, { from: new Date('nope'), to: period.to }),
    ).rejects.toThrow('Choose a valid start date.');
  });

  it('refuses customers and visitors', async () => {
    expect(await codeOf(knowledgeBaseInsights(world.core, world.customer, period))).toBe('forbidden');
    expect(await codeOf(knowledgeBaseInsights(world.core, null, period))).toBe('unauthenticated');
  });
});
