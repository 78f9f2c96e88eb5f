import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyStoredSynonyms,
  drainSearchOutbox,
  listSynonymGroups,
  replaceSynonymGroups,
  searchKnowledgeBase,
} from '../../../src/core/kb/index.ts';
import { starterSynonyms } from '../../../src/core/search/index.ts';
import { codeOf, createKbWorld, publish } from './fixtures.ts';
import type { KbWorld } from './fixtures.ts';

let world: KbWorld;

beforeEach(async () => {
  world = await createKbWorld();
});

afterEach(async () => {
  await world.core.close();
});

async function found(q: string): Promise<string[]> {
  const { hits } = await searchKnowledgeBase(world.core, null, { q }, { record: false });
  return hits.map((hit) => hit.slug);
}

/** A laptop article that never says "notebook", indexed. */
async function laptopArticle() {
  const article = await publish(world, {
    title: "Laptop won't turn on",
    summary: 'When the screen stays dark.',
    body: 'Hold the power button for ten seconds, then plug in the charger.',
  });
  await drainSearchOutbox(world.core);
  return article;
}

describe('applyStoredSynonyms', () => {
  it('seeds the starter list into an empty portal once', async () => {
    const { core } = world;
    expect(await listSynonymGroups(core)).toEqual([]);
    await applyStoredSynonyms(core);
    const seeded = await listSynonymGroups(core);
    expect(seeded).toHaveLength(starterSynonyms.length);
    expect(new Set(seeded.map((group) => JSON.stringify(group)))).toEqual(
      new Set(starterSynonyms.map((group) => JSON.stringify(group))),
    );
    await applyStoredSynonyms(core);
    expect(await listSynonymGroups(core)).toHaveLength(starterSynonyms.length);
  });

  it('leaves a list an agent emptied on purpose empty', async () => {
    const { core, agent } = world;
    await applyStoredSynonyms(core);
    await replaceSynonymGroups(core, agent, []);
    await applyStoredSynonyms(core);
    expect(await listSynonymGroups(core)).toEqual([]);
  });

  it('keeps the groups an agent saved before the first seeding', async () => {
    const { core, agent } = world;
    await replaceSynonymGroups(core, agent, [['zeppelin', 'airship']]);
    await applyStoredSynonyms(core);
    expect(await listSynonymGroups(core)).toEqual(expect.arrayContaining([['zeppelin', 'airship']]));
  });

  it('hands the stored groups to the engine', async () => {
    const { core, agent } = world;
    const article = await laptopArticle();
    expect(starterSynonyms.some((group) => group.includes('laptop') && group.includes('notebook'))).toBe(true);
    await replaceSynonymGroups(core, agent, []);
    expect(await found('notebook')).toEqual([]);
    await core.db
      .insertInto('kb_synonyms')
      .values({ id: 's1', terms: '["notebook","laptop"]', created_at: new Date().toISOString() })
      .execute();
    await applyStoredSynonyms(core);
    expect(await found('notebook')).toEqual([article.slug]);
  });
});

describe('listSynonymGroups', () => {
  it('lists every saved group', async () => {
    const { core, agent } = world;
    const groups = [
      ['zeppelin', 'airship'],
      ['vpn', 'remote access'],
      ['bike', 'bicycle'],
    ];
    await replaceSynonymGroups(core, agent, groups);
    expect(await listSynonymGroups(core)).toHaveLength(3);
    expect(await listSynonymGroups(core)).toEqual(expect.arrayContaining(groups));
  });

  it('lists the groups in the order they were saved', async () => {
    const groups = Array.from({ length: 12 }, (_, index) => [`word${index}`, `other${index}`]);
    await replaceSynonymGroups(world.core, world.agent, groups);
    expect(await listSynonymGroups(world.core)).toEqual(groups);
  });
});

describe('replaceSynonymGroups', () => {
  it('replaces every group, trimmed, lower-cased and without repeated words', async () => {
    const { core, agent } = world;
    await replaceSynonymGroups(core, agent, [['a1', 'b1']]);
    const saved = await replaceSynonymGroups(core, agent, [[' Laptop ', 'NOTEBOOK', 'laptop']]);
    expect(saved).toEqual([['laptop', 'notebook']]);
    expect(await listSynonymGroups(core)).toEqual([['laptop', 'notebook']]);
  });

  it('refuses a group of one word, and keeps the list as it was', async () => {
    const { core, agent } = world;
    await replaceSynonymGroups(core, agent, [['vpn', 'remote access']]);
    await expect(replaceSynonymGroups(core, agent, [['laptop', 'notebook'], ['vpn']])).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'A group needs at least two different words.',
    });
    expect(await codeOf(replaceSynonymGroups(core, agent, [['vpn', 'VPN ']]))).toBe('invalid_input');
    expect(await codeOf(replaceSynonymGroups(core, agent, [['vpn', '   ']]))).toBe('invalid_input');
    expect(await codeOf(replaceSynonymGroups(core, agent, [['vpn', 'x'.repeat(61)]]))).toBe('invalid_input');
    expect(await listSynonymGroups(core)).toEqual([['vpn', 'remote access']]);
  });

  it('changes what a search finds', async () => {
    const { core, agent } = world;
    const article = await laptopArticle();
    await replaceSynonymGroups(core, agent, [['vpn', 'remote access']]);
    expect(await found('notebook')).toEqual([]);
    await replaceSynonymGroups(core, agent, [
      ['vpn', 'remote access'],
      ['laptop', 'notebook'],
    ]);
    expect(await found('notebook')).toEqual([article.slug]);
    expect(await found('notebook wont turn on')).toEqual([article.slug]);
    await replaceSynonymGroups(core, agent, [['vpn', 'remote access']]);
    expect(await found('notebook')).toEqual([]);
  });

  it('is for agents and admins only', async () => {
    const { core, customer } = world;
    expect(await codeOf(replaceSynonymGroups(core, customer, [['a', 'b']]))).toBe('forbidden');
    expect(await codeOf(replaceSynonymGroups(core, null, [['a', 'b']]))).toBe('unauthenticated');
    expect(await listSynonymGroups(core)).toEqual([]);
  });
});
