import { describe, expect, it } from 'vitest';
import { cleanSynonyms, compileSynonyms, expandTerms, starterSynonyms } from '../../../src/core/search/synonyms.ts';

describe('starterSynonyms', () => {
  it('ships at least thirty groups for IT and customer service', () => {
    expect(starterSynonyms.length).toBeGreaterThanOrEqual(30);
    const flat = starterSynonyms.flat();
    for (const word of ['vpn', 'remote access', 'laptop', 'notebook', 'mfa', 'refund', 'wi-fi', 'touch id']) {
      expect(flat, word).toContain(word);
    }
  });

  it('survives cleaning without losing a group', () => {
    expect(cleanSynonyms(starterSynonyms)).toHaveLength(starterSynonyms.length);
  });
});

describe('cleanSynonyms', () => {
  it('folds members and drops blanks, repeats and lonely groups', () => {
    expect(cleanSynonyms([['VPN', ' Remote  access', 'vpn', ''], ['lonely'], ['Wi-Fi', 'WLAN']])).toEqual([
      ['vpn', 'remote access'],
      ['wi fi', 'wlan'],
    ]);
  });
});

describe('compileSynonyms', () => {
  it('keys members by their meaningful words', () => {
    const compiled = compileSynonyms([['sign in', 'log in', 'login']]);
    expect([...compiled.keys.keys()].sort()).toEqual(['log', 'login', 'sign']);
  });
});

describe('expandTerms', () => {
  it('gives each term its synonyms, the term itself first', () => {
    expect(expandTerms(['notebook', 'slow'], [['laptop', 'notebook']])).toEqual([
      { term: 'notebook', span: 1, alternatives: ['notebook', 'laptop'] },
      { term: 'slow', span: 1, alternatives: ['slow'] },
    ]);
  });

  it('finds multi-word synonyms in the query, longest first', () => {
    const groups = [
      ['vpn', 'remote access', 'globalprotect'],
      ['access', 'permission'],
    ];
    expect(expandTerms(['remote', 'access', 'home'], groups)).toEqual([
      { term: 'remote access', span: 2, alternatives: ['remote access', 'vpn', 'globalprotect'] },
      { term: 'home', span: 1, alternatives: ['home'] },
    ]);
  });

  it('matches phrases after the same normalisation as queries', () => {
    expect(expandTerms(['wi', 'fi'], starterSynonyms)[0]!.alternatives).toEqual(
      expect.arrayContaining(['wifi', 'wi fi', 'wireless']),
    );
    expect(expandTerms(['touch', 'id'], starterSynonyms)[0]!.alternatives).toContain('fingerprint');
  });

  it('gives a phrase found through its meaningful words as the members are written', () => {
    expect(expandTerms(['set', 'out', 'office'], [['out of office', 'ooo']])).toEqual([
      { term: 'set', span: 1, alternatives: ['set'] },
      { term: 'out office', span: 2, alternatives: ['out of office', 'ooo'] },
    ]);
  });

  it('merges the groups a word belongs to', () => {
    expect(
      expandTerms(
        ['mail'],
        [
          ['mail', 'email'],
          ['mail', 'post'],
        ],
      )[0]!.alternatives,
    ).toEqual(['mail', 'email', 'post']);
  });
});
