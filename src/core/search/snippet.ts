/**
 * Snippets: engines mark matches with two control characters, which no indexed text contains (see
 * cleanIndexText); markSnippet escapes the rest and turns the marks into <mark> elements.
 */

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
 * A passage of about `size` words around the best cluster of matches, with each matched word between
 * markStart and markEnd (then give it to chooseSnippet or markSnippet), or undefined if nothing
 * matches. `phrases` are the query's alternatives as stems; `stem` must turn a word as written into
 * the stem the index holds for it (fold, then stem), so that what is highlighted is what matched. The
 * passage that holds the most different phrases wins, then the one with the most matches, then the
 * earliest.
 * @example
 * matchPassage('Reset your password here.', [['password']], (word) => porterStem(foldText(word)), 24);
 * // 'Reset your \u0002password\u0003 here.'
 */
export function matchPassage(
  text: string,
  phrases: string[][],
  stem: (word: string) => string,
  size: number,
): string | undefined {
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
  /** For each token, which phrase a match covering it belongs to, or -1. */
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
