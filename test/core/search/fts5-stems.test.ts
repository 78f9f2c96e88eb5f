import { describe, expect, it } from 'vitest';
import { splitStems, StemCounts, StemMemory } from '../../../src/core/search/fts5-stems.ts';

describe('StemMemory', () => {
  it('stems words as written the way FTS5 indexes them', () => {
    const stems = new StemMemory();
    expect(stems.ofWritten('Printers')).toBe('printer');
    expect(stems.ofWritten('Café')).toBe('cafe');
    expect(stems.of('connecting')).toBe('connect');
  });

  it('writes a field as its stems in order, space-separated', () => {
    expect(new StemMemory().ofField("Won't reset the Printers!")).toBe('won t reset the printer');
  });
});

describe('splitStems', () => {
  it('reads back what ofField wrote, an empty field as no stems', () => {
    expect(splitStems(new StemMemory().ofField('Reset passwords'))).toEqual(['reset', 'password']);
    expect(splitStems('')).toEqual([]);
  });
});

describe('StemCounts', () => {
  it('counts a word by its stem, so that a rare form of a common word is known to be common', () => {
    const counts = new StemCounts(new StemMemory());
    counts.add('validates', 3);
    counts.add('valid', 40);
    counts.add('printer');
    expect(counts.documents('validating')).toBe(43);
    expect(counts.documents('printers')).toBe(1);
    expect(counts.documents('toner')).toBe(0);
  });
});
