import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCore } from '../../../src/core/context.ts';
import { drainSearchOutbox, reindexAll, searchKnowledgeBase, updateArticle } from '../../../src/core/kb/index.ts';
import type { SearchService } from '../../../src/core/search/index.ts';
import type { Actor } from '../../../src/core/users/index.ts';
import { createKbWorld, outboxSize, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

/** The slugs a search finds, without recording it. */
async function found(actor: Actor | null, q: string): Promise<string[]> {
  const { hits } = await searchKnowledgeBase(world.core, actor, { q }, { record: false });
  return hits.map((hit) => hit.slug);
}

describe('drainSearchOutbox', () => {
  it('makes a created article findable, and empties the outbox', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Connect to the VPN', body: 'Open GlobalProtect and sign in.' });
    expect(await found(null, 'globalprotect')).toEqual([]);
    expect(await drainSearchOutbox(core)).toBe(1);
    expect(await outboxSize(core)).toBe(0);
    expect(await found(null, 'globalprotect')).toEqual([article.slug]);
    expect(await found(null, 'connect vpn')).toEqual([article.slug]);
    expect(await drainSearchOutbox(core)).toBe(0);
  });

  it('finds an article changed while the indexer was stopped by its new words only after the next drain', async () => {
    const { core, agent } = world;
    const article = await publish(world, {
      title: 'Install a printer',
      body: 'Use the Kyocera driver from the portal.',
    });
    await drainSearchOutbox(core);
    await updateArticle(core, agent, article.id, { body: 'Use the Brother driver from the portal.' });
    await updateArticle(core, agent, article.id, { title: 'Install an office printer' });
    // The indexer is "stopped": nothing drains, the index still has the old text.
    expect(await outboxSize(core)).toBe(2);
    expect(await found(null, 'brother')).toEqual([]);
    expect(await found(null, 'kyocera')).toEqual([article.slug]);

    expect(await drainSearchOutbox(core)).toBe(1);
    expect(await outboxSize(core)).toBe(0);
    expect(await found(null, 'brother')).toEqual([article.slug]);
    expect(await found(null, 'kyocera')).toEqual([]);
    const { hits } = await searchKnowledgeBase(core, null, { q: 'brother' }, { record: false });
    expect(hits[0]).toMatchObject({ title: 'Install an office printer', url: `/kb/general/${article.slug}` });
  });

  it('takes an unpublished article out of public results, while the index keeps it for staff', async () => {
    const { core, agent, customer } = world;
    const article = await publish(world, { title: 'Zeppelin parking', body: 'Where the zeppelin goes.' });
    await drainSearchOutbox(core);
    expect(await found(customer, 'zeppelin')).toEqual([article.slug]);
    await updateArticle(core, agent, article.id, { status: 'draft' });
    await drainSearchOutbox(core);
    expect(await found(null, 'zeppelin')).toEqual([]);
    expect(await found(customer, 'zeppelin')).toEqual([]);
    // Staff still find the draft where drafts are asked for (the editor), straight from the same index.
    const forStaff = await core.search.search({
      text: 'zeppelin',
      audience: 'staff',
      includeDrafts: true,
      limit: 10,
      offset: 0,
    });
    expect(forStaff.hits.map((hit) => hit.slug)).toEqual([article.slug]);
    const forPublic = await core.search.search({
      text: 'zeppelin',
      audience: 'public',
      includeDrafts: true,
      limit: 10,
      offset: 0,
    });
    expect(forPublic.hits).toEqual([]);
  });

  it('keeps an article that became internal for staff and takes it away from everyone else', async () => {
    const { core, agent, customer } = world;
    const article = await publish(world, { title: 'Zeppelin parking', body: 'Where the zeppelin goes.' });
    await drainSearchOutbox(core);
    await updateArticle(core, agent, article.id, { visibility: 'internal' });
    await drainSearchOutbox(core);
    expect(await found(null, 'zeppelin')).toEqual([]);
    expect(await found(customer, 'zeppelin')).toEqual([]);
    expect(await found(agent, 'zeppelin')).toEqual([article.slug]);
  });

  it('removes an article that no longer exists from the index', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Zeppelin parking', body: 'Where the zeppelin goes.' });
    await drainSearchOutbox(core);
    await core.db.deleteFrom('kb_articles').where('id', '=', article.id).execute();
    await core.db
      .insertInto('search_outbox')
      .values({ id: 'gone-1', article_id: article.id, created_at: new Date().toISOString() })
      .execute();
    expect(await drainSearchOutbox(core)).toBe(1);
    expect(await found(world.agent, 'zeppelin')).toEqual([]);
    expect(await outboxSize(core)).toBe(0);
  });

  it('works through the outbox in batches', async () => {
    const { core } = world;
    for (let index = 0; index < 5; index++) await publish(world, { title: `Zeppelin model ${index}` });
    expect(await drainSearchOutbox(core, 2)).toBe(5);
    expect(await outboxSize(core)).toBe(0);
    expect(await found(null, 'zeppelin')).toHaveLength(5);
  });

  it('leaves the outbox in place when the engine fails, so the next drain retries', async () => {
    const { core } = world;
    const article = await publish(world, { title: 'Zeppelin parking', body: 'Where the zeppelin goes.' });
    const failing: SearchService = {
      ...core.search,
      upsert: async () => {
        throw new Error('engine unreachable');
      },
    };
    const broken = createCore(core.config, { db: core.db, search: failing, log: pino({ level: 'silent' }) });
    await expect(drainSearchOutbox(broken)).rejects.toThrow('engine unreachable');
    expect(await outboxSize(core)).toBe(1);
    expect(await found(null, 'zeppelin')).toEqual([]);

    expect(await drainSearchOutbox(core)).toBe(1);
    expect(await outboxSize(core)).toBe(0);
    expect(await found(null, 'zeppelin')).toEqual([article.slug]);
  });
});

describe('reindexAll', () => {
  it('rebuilds an emptied index from the database and clears the outbox', async () => {
    const { core } = world;
    const first = await publish(world, { title: 'Zeppelin parking', body: 'Where the zeppelin goes.' });
    const second = await publish(world, { title: 'Zeppelin hangar', body: 'Keep the zeppelin dry.' });
    await publish(world, { title: 'Something else', body: 'Nothing to see.' });
    await drainSearchOutbox(core);
    await core.search.clear();
    expect(await found(null, 'zeppelin')).toEqual([]);

    await publish(world, { title: 'Zeppelin museum', status: 'draft' });
    expect(await outboxSize(core)).toBe(1);
    // reindexAll drops outbox rows older than its start, to the millisecond: let one pass.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const progress: [number, number][] = [];
    const result = await reindexAll(core, (done, total) => progress.push([done, total]));
    expect(result.articles).toBe(4);
    expect(result.ms).toBeGreaterThanOrEqual(0);
    expect(progress).toEqual([[4, 4]]);
    expect((await found(null, 'zeppelin')).sort()).toEqual([first.slug, second.slug].sort());
    expect(await outboxSize(core)).toBe(0);
  });

  it('rebuilds from nothing when the database has no articles', async () => {
    expect(await reindexAll(world.core)).toMatchObject({ articles: 0 });
    expect(await found(null, 'anything')).toEqual([]);
  });
});
