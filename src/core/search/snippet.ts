/**
 * Snippets: engines mark matches with two control characters, which no indexed text contains (see
 * cleanIndexText); markSnippet escapes the rest and turns the marks into <mark> elements.
 */

import { positionsOf } from './text-analysis.ts';
import type { TextAnalysis } from './text-analysis.ts';

/** Put before a match by the engines' snippet functions. */
export const markStart = '\u0002';
/** Put after a match. */
export const markEnd = '\u0003';

const htmlEscapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/**
 * Escapes text for HTML element content and attribute values.
 * @example
 * escapeHtml('<a href="x">'); // '&lt;a href=&quot;x&quot;&gt;'
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => htmlEscapes[character]!);
}

/**
 * Escapes a passage and wraps the parts between markStart and markEnd in <mark>…</mark>. The result
 * is balanced (a stray end mark is dropped, an open mark is closed) and white space is collapsed, so
 * <mark> is the only markup it can contain.
 * @example
 * markSnippet('Reset your \u0002password\u0003 <now>'); // 'Reset your <mark>password</mark> &lt;now&gt;'
 */
export function markSnippet(textWithSentinels: string): string {
  let html = '';
  let open = false;
  for (const part of textWithSentinels.split(/([\u0002\u0003])/)) {
    if (part === markStart) {
      if (!open) html += '<mark>';
      open = true;
    } else if (part === markEnd) {
      if (open) html += '</mark>';
      open = false;
    } else {
      html += escapeHtml(part.replace(/\s+/g, ' '));
    }
  }
  if (open) html += '</mark>';
  return html.replace(/<mark><\/mark>/g, '').trim();
}

/**
 * Text as it may be stored in an index: without control characters (and so without the snippet
 * marks), keeping tabs and line breaks.
 * @example
 * cleanIndexText('a\u0002b'); // 'ab'
 */
export function cleanIndexText(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '');
}

/**
 * Picks what a hit shows: the body's passage if the body matched, else the summary's, else the whole
 * summary (a title-only match), always through markSnippet.
 * @example
 * chooseSnippet('Open \u0002VPN\u0003 settings', 'Use the VPN', 'Use the VPN'); // 'Open <mark>VPN</mark> settings'
 */
export function chooseSnippet(bodySnippet: string, summarySnippet: string, summary: string): string {
  if (bodySnippet.includes(markStart)) return markSnippet(bodySnippet);
  if (summarySnippet.includes(markStart)) return markSnippet(summarySnippet);
  return markSnippet(cleanIndexText(summary));
}

/**
 * A passage of about `size` words around the best cluster of matches in an analysed text (see
 * analyseText; AnalysisMemory keeps analyses), with each matched word between markStart and markEnd
 * (then give it to chooseSnippet or markSnippet), or undefined if nothing matches. `phrases` are the
 * query's alternatives as stems; the analysis must have stemmed the text as the index does (fold, then
 * stem), so that what is highlighted is what matched. The passage that holds the most different phrases
 * wins, then the one with the most matched words, then the earliest; it starts three words before a match.
 * @example
 * passageOf(analyseText('Reset your password here.', (word) => porterStem(foldText(word))), [['password']], 24);
 * // 'Reset your \u0002password\u0003 here.'
 */
export function passageOf(analysis: TextAnalysis, phrases: string[][], size: number): string | undefined {
  const { starts, phraseAt } = findPhrases(analysis, phrases);
  if (starts.length === 0) return undefined;
  const from = bestWindow(starts, phraseAt, analysis.stemOf.length, size, phrases.length);
  return cutPassage(analysis, phraseAt, from, size);
}

/**
 * Where the phrases occur: the first word of each occurrence, in text order (once per phrase found
 * there), and for each matched word, which phrase covers it; where occurrences overlap, the later
 * one (and at one place, the later phrase) wins.
 */
function findPhrases(analysis: TextAnalysis, phrases: string[][]): { starts: number[]; phraseAt: Map<number, number> } {
  const words = analysis.stemOf;
  const found: { start: number; which: number }[] = [];
  phrases.forEach((phrase, which) => {
    const ids = phrase.map((stem) => analysis.stemIds.get(stem));
    if (phrase.length === 0 || ids.includes(undefined)) return;
    for (const start of positionsOf(analysis, phrase[0]!)) {
      if (start + phrase.length > words.length) break;
      if (ids.every((id, offset) => words[start + offset] === id)) found.push({ start, which });
    }
  });
  found.sort((a, b) => a.start - b.start || a.which - b.which);
  const phraseAt = new Map<number, number>();
  for (const { start, which } of found) {
    for (let offset = 0; offset < phrases[which]!.length; offset++) phraseAt.set(start + offset, which);
  }
  return { starts: found.map((occurrence) => occurrence.start), phraseAt };
}

/**
 * The first word of the best passage of `size` words starting three words before a match. The
 * windows only move forward, so the matched words in them are counted as they enter and leave.
 */
function bestWindow(
  starts: number[],
  phraseAt: Map<number, number>,
  wordCount: number,
  size: number,
  phraseCount: number,
): number {
  const matched = [...phraseAt.keys()].sort((a, b) => a - b);
  const perPhrase = new Uint32Array(phraseCount);
  let distinct = 0;
  let entered = 0;
  let left = 0;
  let best = { from: 0, phrases: -1, matches: -1 };
  for (const first of starts) {
    const from = Math.max(0, Math.min(first - 3, wordCount - size));
    for (; entered < matched.length && matched[entered]! < from + size; entered++) {
      if (perPhrase[phraseAt.get(matched[entered]!)!]!++ === 0) distinct++;
    }
    for (; left < entered && matched[left]! < from; left++) {
      if (--perPhrase[phraseAt.get(matched[left]!)!]! === 0) distinct--;
    }
    const matches = entered - left;
    if (distinct > best.phrases || (distinct === best.phrases && matches > best.matches)) {
      best = { from, phrases: distinct, matches };
    }
  }
  return best.from;
}

/** The text of `size` words from `from`, matched words marked, with `…` where the text goes on. */
function cutPassage(analysis: TextAnalysis, phraseAt: Map<number, number>, from: number, size: number): string {
  const { text, starts, ends } = analysis;
  const wordCount = starts.length;
  const to = Math.min(wordCount, from + size);
  let passage = from > 0 ? '…' : '';
  let cursor = starts[from]!;
  for (let index = from; index < to; index++) {
    passage += text.slice(cursor, starts[index]);
    const word = text.slice(starts[index], ends[index]);
    passage += phraseAt.has(index) ? `${markStart}${word}${markEnd}` : word;
    cursor = ends[index]!;
  }
  if (to < wordCount) passage += `${text.slice(cursor, starts[to]).replace(/\s+$/, '')}…`;
  else passage += text.slice(cursor);
  return passage;
}
