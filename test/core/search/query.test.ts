import { describe, expect, it } from 'vitest';
import { foldText, normaliseQuery, queryWords, stopWords, tokensOf, wordsOf } from '../../../src/core/search/query.ts';

describe('normaliseQuery', () => {
  it('lower-cases, removes diacritics and turns punctuation into spaces', () => {
    expect(normaliseQuery('Réinitialiser: MOT-de-passe! ').terms).toEqual(['reinitialiser', 'mot', 'de', 'passe']);
  });

  it('joins apostrophes so that contractions stay one word', () => {
    expect(normaliseQuery("Outlook won't sync ").terms).toEqual(['outlook', 'sync']);
    expect(normaliseQuery('company’s vpn ').terms).toEqual(['companys', 'vpn']);
  });

  it('drops words that carry no meaning in a help-centre question', () => {
    expect(normaliseQuery('i cant get into my email on my new phone').terms).toEqual(['email', 'phone']);
    expect(normaliseQuery('How do I reset my password?').terms).toEqual(['reset', 'password']);
  });

  it('keeps the stop words when nothing else is left', () => {
    expect(normaliseQuery('how do i').terms).toEqual(['how', 'do', 'i']);
  });

  it('removes repeated words and keeps at most twelve', () => {
    expect(normaliseQuery('vpn vpn VPN').terms).toEqual(['vpn']);
    const many = Array.from({ length: 30 }, (_, index) => `word${index}`).join(' ');
    expect(normaliseQuery(many).terms).toHaveLength(12);
  });

  it('treats the last word as a prefix while it is being typed', () => {
    expect(normaliseQuery('reset passw')).toEqual({ terms: ['reset', 'passw'], lastTermIsPrefix: true });
    expect(normaliseQuery('reset passw ')).toEqual({ terms: ['reset', 'passw'], lastTermIsPrefix: false });
    expect(normaliseQuery('reset password?').lastTermIsPrefix).toBe(false);
    expect(normaliseQuery('reset my').lastTermIsPrefix).toBe(false);
    expect(normaliseQuery('vpn x').lastTermIsPrefix).toBe(false);
  });

  it('returns no terms for text without letters or digits', () => {
    expect(normaliseQuery('  "*: ^ 😀 ')).toEqual({ terms: [], lastTermIsPrefix: false });
    expect(normaliseQuery('')).toEqual({ terms: [], lastTermIsPrefix: false });
  });

  it('cuts absurdly long words', () => {
    expect(normaliseQuery('a'.repeat(1000)).terms[0]).toHaveLength(40);
  });
});

describe('stopWords', () => {
  it('does not hold words that name a problem or a product', () => {
    for (const word of ['password', 'vpn', 'reset', 'email', 'printer', 'slow', 'refund', 'id', 'out', 'office']) {
      expect(stopWords.has(word), word).toBe(false);
    }
  });
});

describe('foldText', () => {
  it('folds case, compatibility forms and diacritics', () => {
    expect(foldText('Café ﬁle Ñandú')).toBe('cafe file nandu');
  });
});

describe('queryWords', () => {
  it('splits a query into folded words, stop words included', () => {
    expect(queryWords("I can't sign-in!")).toEqual(['i', 'cant', 'sign', 'in']);
  });
});

describe('tokensOf', () => {
  it('splits text as the index tokenisers do, at apostrophes too', () => {
    expect(tokensOf("Won't reset the Café")).toEqual(['won', 't', 'reset', 'the', 'cafe']);
  });
});

describe('wordsOf', () => {
  it('lists each word once', () => {
    expect(wordsOf('reset the reset')).toEqual(['reset', 'the']);
  });
});
