import { describe, expect, it } from 'vitest';
import { allowedEdits, editDistance, porterStem, Vocabulary } from '../../../src/core/search/words.ts';

describe('allowedEdits', () => {
  it('allows one edit from three letters and two from eight', () => {
    expect([2, 3, 4, 7, 8, 12].map((length) => allowedEdits('x'.repeat(length)))).toEqual([0, 1, 1, 1, 2, 2]);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours', () => {
    expect(editDistance('pasword', 'password', 2)).toBe(1);
    expect(editDistance('resett', 'reset', 2)).toBe(1);
    expect(editDistance('vpm', 'vpn', 1)).toBe(1);
    expect(editDistance('recieve', 'receive', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
  });

  it('stops early once the distance is over the limit', () => {
    expect(editDistance('printer', 'password', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });
});

describe('porterStem', () => {
  it('stems like SQLite FTS5 porter tokenizer', () => {
    const pairs: [string, string][] = [
      ['connecting', 'connect'],
      ['printers', 'printer'],
      ['caresses', 'caress'],
      ['ponies', 'poni'],
      ['added', 'ad'],
      ['hopping', 'hop'],
      ['generalizations', 'gener'],
      ['activate', 'activ'],
      ['id', 'id'],
    ];
    for (const [word, stem] of pairs) expect(porterStem(word), word).toBe(stem);
  });
});

describe('Vocabulary', () => {
  function vocabulary(): Vocabulary {
    const words = new Vocabulary();
    for (const [word, documents] of [
      ['password', 40],
      ['passwords', 5],
      ['passport', 2],
      ['reset', 30],
      ['resets', 1],
      ['vpn', 12],
      ['driver', 7],
      ['drive', 3],
    ] as const) {
      words.add(word, documents);
    }
    return words;
  }

  it('suggests the nearest, most common words within the allowed edits', () => {
    expect(
      vocabulary()
        .candidates('pasword', 3)
        .map((candidate) => candidate.word),
    ).toEqual(['password']);
    expect(
      vocabulary()
        .candidates('resett', 3)
        .map((candidate) => candidate.word),
    ).toEqual(['reset', 'resets']);
    expect(
      vocabulary()
        .candidates('drivr', 3)
        .map((candidate) => candidate.word),
    ).toEqual(['driver', 'drive']);
    expect(
      vocabulary()
        .candidates('vpm', 3)
        .map((candidate) => candidate.word),
    ).toEqual(['vpn']);
  });

  it('never suggests the word itself or a word with another first letter', () => {
    expect(
      vocabulary()
        .candidates('reset', 3)
        .map((candidate) => candidate.word),
    ).toEqual(['resets']);
    expect(vocabulary().candidates('eset', 3)).toEqual([]);
  });

  it('completes a prefix with the most common words first', () => {
    expect(
      vocabulary()
        .completions('pass', 2)
        .map((candidate) => candidate.word),
    ).toEqual(['password', 'passwords']);
    const words = vocabulary();
    words.add('passcode', 100);
    expect(words.completions('pass', 1).map((candidate) => candidate.word)).toEqual(['passcode']);
  });

  it('counts documents and forgets everything on clear', () => {
    const words = vocabulary();
    words.add('vpn');
    expect(words.documents('vpn')).toBe(13);
    words.clear();
    expect(words.size).toBe(0);
    expect(words.candidates('vpm', 3)).toEqual([]);
  });
});
