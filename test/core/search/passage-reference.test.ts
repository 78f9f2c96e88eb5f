import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../../src/core/kb/front-matter.ts';
import { renderArticle } from '../../../src/core/kb/render.ts';
import { planQuery, PlannerState } from '../../../src/core/search/plan.ts';
import type { Alternative } from '../../../src/core/search/plan.ts';
import { foldText, wordsOf } from '../../../src/core/search/query.ts';
import { cleanIndexText, markEnd, markStart, passageOf } from '../../../src/core/search/snippet.ts';
import { AnalysisMemory, analyseText } from '../../../src/core/search/text-analysis.ts';
import { porterStem } from '../../../src/core/search/words.ts';

const stemmed = new Map<string, string>();
/** porterStem of the folded word, remembered: the comparison below stems the demo texts some 80 times. */
function stem(word: string): string {
  let known = stemmed.get(word);
  if (known === undefined) stemmed.set(word, (known = porterStem(foldText(word))));
  return known;
}

/**
 * matchPassage as it was before texts were analysed once and kept: every token of the text stemmed
 * and every token scanned for the phrases' first words. The snippets must not change.
 */
function referencePassage(text: string, phrases: string[][], size: number): string | undefined {
  const byFirst = new Map<string, number[]>();
  phrases.forEach((phrase, which) => {
    if (phrase.length === 0) return;
    byFirst.set(phrase[0]!, [...(byFirst.get(phrase[0]!) ?? []), which]);
  });
  const tokenStarts: number[] = [];
  const ends: number[] = [];
  const stems: string[] = [];
  for (const match of text.matchAll(/[\p{L}\p{N}\p{M}]+/gu)) {
    tokenStarts.push(match.index);
    ends.push(match.index + match[0].length);
    stems.push(stem(match[0]));
  }
  const matched = new Array<number>(stems.length).fill(-1);
  const starts: number[] = [];
  for (let index = 0; index < stems.length; index++) {
    for (const which of byFirst.get(stems[index]!) ?? []) {
      const phrase = phrases[which]!;
      if (index + phrase.length > stems.length) continue;
      if (!phrase.every((word, offset) => stems[index + offset] === word)) continue;
      for (let offset = 0; offset < phrase.length; offset++) matched[index + offset] = which;
      starts.push(index);
    }
  }
  if (starts.length === 0) return undefined;
  let best = { from: 0, phrases: -1, matches: -1 };
  for (const first of starts) {
    const from = Math.max(0, Math.min(first - 3, stems.length - size));
    const inside = matched.slice(from, from + size).filter((which) => which >= 0);
    const distinct = new Set(inside).size;
    if (distinct > best.phrases || (distinct === best.phrases && inside.length > best.matches)) {
      best = { from, phrases: distinct, matches: inside.length };
    }
  }
  const to = Math.min(stems.length, best.from + size);
  let passage = best.from > 0 ? '…' : '';
  let cursor = tokenStarts[best.from]!;
  for (let index = best.from; index < to; index++) {
    passage += text.slice(cursor, tokenStarts[index]);
    const word = text.slice(tokenStarts[index], ends[index]);
    passage += matched[index]! >= 0 ? `${markStart}${word}${markEnd}` : word;
    cursor = ends[index]!;
  }
  if (to < stems.length) passage += `${text.slice(cursor, tokenStarts[to]).replace(/\s+$/, '')}…`;
  else passage += text.slice(cursor);
  return passage;
}

/** The demo knowledge base's texts as the index holds them (body as plain text, summary), and as written. */
function demoTexts(): string[] {
  const root = fileURLToPath(new URL('../../../content/kb', import.meta.url));
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.md'));
  return files.flatMap((file) => {
    const source = readFileSync(path.join(root, file), 'utf8');
    const parsed = parseArticleFile(source);
    if ('problem' in parsed) throw new Error(`${file}: ${parsed.problem}`);
    return [
      cleanIndexText(renderArticle(parsed.body).plainText),
      cleanIndexText(parsed.frontMatter.summary),
      cleanIndexText(source),
    ];
  });
}

const edgeTexts = [
  'Café au lait: the café on floor 2 serves Cafe crème. Naïve résumé café',
  'printers Printer PRINTING printed printers',
  'Passwords expire; reset passwords, then password again. passwords',
  'VPN',
  '',
  '— !!! —',
  'reset reset reset reset reset reset reset reset reset reset reset reset reset password',
  `${'filler '.repeat(60)}vpn password ${'filler '.repeat(60)}remote access`,
  `Remote access first. ${'filler '.repeat(20)}Remote, remote and remote again.`,
];

/** Phrase lists no query plans as such: overlapping phrases (the later one marks the shared words), empty ones. */
const handWrittenPhrases = [
  [['remot', 'access'], ['remot']],
  [['password'], ['reset', 'password'], ['reset']],
  [['vpn'], []],
  [],
];

const queries = [
  'vpn pass',
  'printer lapt',
  'email invo',
  'wifi refu',
  'printers',
  'passwords',
  'café',
  'cafe creme',
  'reset your password',
  'remote access',
  'two-factor authentication',
  'wi-fi',
  'vpn wont connect',
  'outlook calendar shared mailbox',
  'reset reset password',
  'the',
  'northwind',
  'serves',
  'zzqx nothingmatches',
  'pasword resett',
];

describe('passageOf over kept analyses', () => {
  it('cuts exactly the snippets the former matchPassage cut, for the demo articles and edge cases', async () => {
    const texts = [...demoTexts(), ...edgeTexts];
    const state = new PlannerState();
    for (const text of texts) for (const word of new Set(wordsOf(text))) state.vocabulary.add(word);
    const analysed = texts.map((text) => new Set(wordsOf(text).map(stem)));
    const findsAnything = async (alternatives: Alternative[]) =>
      alternatives.some((alternative) =>
        analysed.some((stems) => alternative.words.every((word) => stems.has(stem(word)))),
      );
    const memory = new AnalysisMemory(stem);
    let compared = 0;
    let found = 0;
    let phrasesFound = 0;
    const phraseLists = [...handWrittenPhrases];
    for (const query of queries) {
      const groups = await planQuery(query, state, findsAnything);
      phraseLists.push(
        groups.flatMap((group) => group.alternatives.map((alternative) => alternative.words.map(porterStem))),
      );
    }
    for (const phrases of phraseLists) {
      for (const size of [24, 8]) {
        texts.forEach((text, rowid) => {
          const expected = referencePassage(text, phrases, size);
          expect(passageOf(memory.of(rowid, text), phrases, size), `${JSON.stringify(phrases)} in text ${rowid}`).toBe(
            expected,
          );
          expect(passageOf(analyseText(text, stem), phrases, size)).toBe(expected);
          compared++;
          if (expected !== undefined) found++;
          const multiWord = phrases.filter((phrase) => phrase.length > 1);
          if (referencePassage(text, multiWord, size) !== undefined) phrasesFound++;
        });
      }
    }
    expect(texts.length).toBeGreaterThan(90);
    expect(found).toBeGreaterThan(1_000);
    expect(compared - found).toBeGreaterThan(1_000);
    expect(phrasesFound).toBeGreaterThan(100);
  });

  it('marks words at the very start and end of a text and diacritics as the index folds them', () => {
    const memory = new AnalysisMemory(stem);
    const passage = passageOf(memory.of(1, 'Café first, then the last café'), [['cafe']], 24);
    expect(passage).toBe(`${markStart}Café${markEnd} first, then the last ${markStart}café${markEnd}`);
    expect(passage).toBe(referencePassage('Café first, then the last café', [['cafe']], 24));
  });
});
