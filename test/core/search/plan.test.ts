import { describe, expect, it } from 'vitest';
import { groupMatcher, groupWeights, PlannerState, planQuery, scoreMatches } from '../../../src/core/search/plan.ts';
import type { TermGroup } from '../../../src/core/search/plan.ts';
import { tokensOf } from '../../../src/core/search/query.ts';
import { compileSynonyms } from '../../../src/core/search/synonyms.ts';
import { porterStem } from '../../../src/core/search/words.ts';

function state(words: Record<string, number>, synonyms: string[][] = []): PlannerState {
  const planner = new PlannerState();
  planner.synonyms = compileSynonyms(synonyms);
  for (const [word, documents] of Object.entries(words)) planner.vocabulary.add(word, documents);
  planner.documents = 100;
  return planner;
}

function phrases(groups: TermGroup[]): string[][] {
  return groups.map((group) => group.alternatives.map((alternative) => alternative.words.join(' ')));
}

const nothing = async () => false;

/** What an engine would answer: whether any alternative is a word of the index. */
function inIndex(planner: PlannerState) {
  return async (alternatives: { words: string[] }[]) =>
    alternatives.some((alternative) => alternative.words.every((word) => planner.vocabulary.has(word)));
}

describe('planQuery', () => {
  it('gives each term its synonyms', async () => {
    const planner = state({ vpn: 3, home: 9 }, [['vpn', 'remote access']]);
    expect(phrases(await planQuery('remote access from home ', planner, inIndex(planner)))).toEqual([
      ['remote access', 'vpn'],
      ['home'],
    ]);
  });

  it('corrects words that find nothing, with the synonyms of the correction', async () => {
    const planner = state({ password: 9, reset: 4, vpn: 3 }, [['password', 'passcode']]);
    expect(phrases(await planQuery('pasword resett vpm ', planner, inIndex(planner)))).toEqual([
      ['pasword', 'password', 'passcode'],
      ['resett', 'reset'],
      ['vpm', 'vpn'],
    ]);
  });

  it('leaves alone a word the engine finds through its stemmer', async () => {
    const planner = state({ printer: 9, printed: 1 });
    const groups = await planQuery('printers ', planner, async () => true);
    expect(phrases(groups)).toEqual([['printers']]);
  });

  it('completes the word being typed with the most common words that start with it', async () => {
    const planner = state({ password: 9, passport: 1, reset: 4 });
    expect(phrases(await planQuery('reset passw', planner, nothing))).toEqual([['reset'], ['passw', 'password']]);
    expect(phrases(await planQuery('reset pass', planner, nothing))).toEqual([
      ['reset'],
      ['pass', 'password', 'passport'],
    ]);
  });

  it('corrects the word being typed when no word starts with it', async () => {
    const planner = state({ driver: 5, printer: 5 });
    expect(phrases(await planQuery('printer drivr', planner, inIndex(planner)))).toEqual([
      ['printer'],
      ['drivr', 'driver'],
    ]);
  });

  it('corrects a word that exists only where the person asking may not look', async () => {
    const planner = state({ vpn: 5, vpm: 1 });
    expect(phrases(await planQuery('vpm ', planner, nothing))).toEqual([['vpm', 'vpn']]);
    expect(phrases(await planQuery('vpm ', planner, inIndex(planner)))).toEqual([['vpm']]);
  });

  it('plans nothing for a query without words', async () => {
    expect(await planQuery(' "*" ', state({}), nothing)).toEqual([]);
  });
});

describe('groupWeights', () => {
  it('weighs rare words above common ones, and never at zero', () => {
    const planner = state({ the: 100, slack: 2 });
    const [common, rare] = groupWeights(
      [
        { term: 'the', alternatives: [{ words: ['the'] }] },
        { term: 'slack', alternatives: [{ words: ['slack'] }] },
      ],
      planner.vocabulary,
      100,
    );
    expect(rare!).toBeGreaterThan(common!);
    expect(common!).toBeGreaterThan(0);
  });
});

describe('scoreMatches', () => {
  it('counts each matched group once, by the best field it matched in', () => {
    expect(scoreMatches(['title', undefined, 'body'], [2, 5, 1])).toBe(2 * 3 + 1);
    expect(scoreMatches(['summary', 'tags'], [1, 1])).toBe(3.5);
  });
});

describe('groupMatcher', () => {
  it('matches words and phrases the way the porter stemmer reads them', () => {
    const stems = (text: string) => tokensOf(text).map(porterStem);
    const group: TermGroup = {
      term: 'vpn',
      alternatives: [{ words: ['remote', 'access'] }, { words: ['connecting'] }],
    };
    expect(groupMatcher(group)(stems('Connect to the VPN'))).toBe(true);
    expect(groupMatcher(group)(stems('Remote access from home'))).toBe(true);
    expect(groupMatcher(group)(stems('Access remote desktops'))).toBe(false);
  });
});
