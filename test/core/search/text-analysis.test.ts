import { describe, expect, it } from 'vitest';
import { foldText } from '../../../src/core/search/query.ts';
import { passageOf } from '../../../src/core/search/snippet.ts';
import { AnalysisMemory, analyseText, positionsOf } from '../../../src/core/search/text-analysis.ts';
import { porterStem } from '../../../src/core/search/words.ts';

const stem = (word: string) => porterStem(foldText(word));

/** A text of `words` words. */
function longText(words: number, word = 'printer'): string {
  return Array.from({ length: words }, (_, index) => `${word}${index % 7}`).join(' ');
}

describe('analyseText', () => {
  it('finds each word, its offsets and stem, and the positions of each stem', () => {
    const analysis = analyseText('Printers print; the printer café.', stem);
    expect([...analysis.starts]).toEqual([0, 9, 16, 20, 28]);
    expect([...analysis.ends]).toEqual([8, 14, 19, 27, 32]);
    expect([...positionsOf(analysis, 'printer')]).toEqual([0, 3]);
    expect([...positionsOf(analysis, 'cafe')]).toEqual([4]);
    expect([...positionsOf(analysis, 'scanner')]).toEqual([]);
    expect(analysis.stemOf[0]).toBe(analysis.stemOf[3]);
    expect(analysis.stemOf[0]).not.toBe(analysis.stemOf[1]);
  });
});

describe('AnalysisMemory', () => {
  it('gives back the kept analysis while the text is the same', () => {
    const memory = new AnalysisMemory(stem);
    const first = memory.of(7, 'Reset your password');
    expect(memory.of(7, ['Reset', 'your', 'password'].join(' '))).toBe(first);
  });

  it('analyses a changed text for the same key again instead of serving the old one', () => {
    const memory = new AnalysisMemory(stem);
    expect(passageOf(memory.of(7, 'Connect to the VPN first'), [['vpn']], 24)).toBe(
      'Connect to the \u0002VPN\u0003 first',
    );
    const changed = memory.of(7, 'Printers only, nothing about networks');
    expect(changed.text).toBe('Printers only, nothing about networks');
    expect(passageOf(changed, [['vpn']], 24)).toBeUndefined();
    expect(passageOf(changed, [['printer']], 24)).toBe('\u0002Printers\u0003 only, nothing about networks');
    expect(memory.words).toBe(changed.stemOf.length + 1);
  });

  it('keeps at most its bound of words, dropping the least recently used', () => {
    const memory = new AnalysisMemory(stem, 10_000);
    const often = memory.of(0, longText(3_000, 'often'));
    const analyses = [often];
    for (let key = 1; key <= 40; key++) {
      analyses[key] = memory.of(key, longText(3_000));
      expect(memory.of(0, often.text)).toBe(often);
      expect(memory.words).toBeLessThanOrEqual(10_000);
    }
    expect(memory.words).toBe(3 * 3_001);
    expect(memory.of(40, longText(3_000))).toBe(analyses[40]);
    expect(memory.of(39, longText(3_000))).toBe(analyses[39]);
    expect(memory.of(1, longText(3_000))).not.toBe(analyses[1]);
  });

  it('does not keep a text larger than its bound, and still analyses it', () => {
    const memory = new AnalysisMemory(stem, 100);
    const analysis = memory.of(1, longText(500));
    expect(analysis.stemOf.length).toBe(500);
    expect(memory.words).toBe(0);
    expect(memory.of(1, longText(500))).not.toBe(analysis);
  });
});
