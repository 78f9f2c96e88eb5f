/**
 * A text's words and their stems, found once and kept: cutting a snippet then visits only the places
 * where a query's words occur, instead of splitting and stemming a whole article body on every query.
 */

/** What the index counts as a word (FTS5's unicode61 tokenizer: letters, digits and marks). */
const wordPattern = /[\p{L}\p{N}\p{M}]+/gu;

/**
 * The words of a text: where each starts and ends, the id of its stem, and for each stem the
 * positions of the words that have it, in order (all ids' positions in one array, see positionsOf).
 */
export interface TextAnalysis {
  readonly text: string;
  /** Code-unit offset of each word's first character. */
  readonly starts: Uint32Array;
  /** Code-unit offset just past each word. */
  readonly ends: Uint32Array;
  /** Each word's stem, as an id from stemIds. */
  readonly stemOf: Uint32Array;
  /** The id of each stem the text holds. */
  readonly stemIds: ReadonlyMap<string, number>;
  /** Word positions grouped by stem id, ascending within a stem. */
  readonly positions: Uint32Array;
  /** Where each stem id's positions begin in `positions` (the next id's entry is where they end). */
  readonly positionsFrom: Uint32Array;
}

/**
 * Splits a text into words as the index does and stems each with `stem` (which must turn a word as
 * written into the stem the index holds for it).
 * @example
 * const analysis = analyseText('Printers print.', (word) => porterStem(foldText(word)));
 * analysis.starts; // Uint32Array [0, 9]
 * positionsOf(analysis, 'printer'); // Uint32Array [0]
 */
export function analyseText(text: string, stem: (word: string) => string): TextAnalysis {
  const starts: number[] = [];
  const ends: number[] = [];
  const stemOf: number[] = [];
  const stemIds = new Map<string, number>();
  const perStem: number[] = [];
  for (const match of text.matchAll(wordPattern)) {
    const stemmed = stem(match[0]);
    let id = stemIds.get(stemmed);
    if (id === undefined) {
      id = perStem.length;
      stemIds.set(stemmed, id);
      perStem.push(0);
    }
    perStem[id]!++;
    starts.push(match.index);
    ends.push(match.index + match[0].length);
    stemOf.push(id);
  }
  const positionsFrom = new Uint32Array(perStem.length + 1);
  for (let id = 0; id < perStem.length; id++) positionsFrom[id + 1] = positionsFrom[id]! + perStem[id]!;
  const filled = positionsFrom.slice(0, perStem.length);
  const positions = new Uint32Array(stemOf.length);
  stemOf.forEach((id, position) => (positions[filled[id]!++] = position));
  return {
    text,
    starts: Uint32Array.from(starts),
    ends: Uint32Array.from(ends),
    stemOf: Uint32Array.from(stemOf),
    stemIds,
    positions,
    positionsFrom,
  };
}

/**
 * The positions of the words with a given stem, ascending (empty when the text has none).
 * @example
 * positionsOf(analyseText('a b a', (word) => word), 'a'); // Uint32Array [0, 2]
 */
export function positionsOf(analysis: TextAnalysis, stem: string): Uint32Array {
  const id = analysis.stemIds.get(stem);
  if (id === undefined) return new Uint32Array(0);
  return analysis.positions.subarray(analysis.positionsFrom[id], analysis.positionsFrom[id + 1]);
}

/**
 * Analyses of texts by key (a search row's rowid), the least recently used dropped once they hold
 * more than `maxWords` words in all: some 55 bytes a word with the text kept to compare, so the
 * default half million (2,000 articles of 250 words) holds about 27 MB, whatever the size of the index. A
 * kept analysis is used only while the text given with its key is the same, so a re-indexed row is
 * analysed again.
 * @example
 * const analyses = new AnalysisMemory((word) => stems.ofWritten(word));
 * const analysis = analyses.of(row.rowid, row.body);
 */
export class AnalysisMemory {
  #kept = new Map<number, TextAnalysis>();
  #words = 0;
  readonly #stem: (word: string) => string;
  readonly #maxWords: number;

  constructor(stem: (word: string) => string, maxWords = 500_000) {
    this.#stem = stem;
    this.#maxWords = maxWords;
  }

  /** The analysis of `text`, kept under `key`. */
  of(key: number, text: string): TextAnalysis {
    const kept = this.#kept.get(key);
    if (kept !== undefined) {
      this.#forget(key, kept);
      if (kept.text === text) return this.#keep(key, kept);
    }
    return this.#keep(key, analyseText(text, this.#stem));
  }

  /** How many words the kept analyses hold (one more per analysis, see weightOf). */
  get words(): number {
    return this.#words;
  }

  #keep(key: number, analysis: TextAnalysis): TextAnalysis {
    if (weightOf(analysis) > this.#maxWords) return analysis;
    this.#kept.set(key, analysis);
    this.#words += weightOf(analysis);
    for (const [oldest, old] of this.#kept) {
      if (this.#words <= this.#maxWords) break;
      this.#forget(oldest, old);
    }
    return analysis;
  }

  #forget(key: number, analysis: TextAnalysis): void {
    this.#kept.delete(key);
    this.#words -= weightOf(analysis);
  }
}

/** What an analysis counts against the bound: its words, and one more so that empty texts count too. */
function weightOf(analysis: TextAnalysis): number {
  return analysis.stemOf.length + 1;
}
