/**
 * Porter stems for the FTS5 engine, which reads its index through the stems FTS5's `porter` tokenizer
 * wrote: to tell in which field an article matched, to mark matches in snippets, and to guess what a
 * query costs.
 */

import { foldText, tokensOf } from './query.ts';
import { porterStem } from './words.ts';

/** Each memory holds at most this many words before it starts again: enough for any vocabulary we index. */
const rememberedWords = 50_000;

/**
 * porterStem, remembered: the same few thousand words come back in every query and every snippet.
 * @example
 * const stems = new StemMemory();
 * stems.ofWritten('Printers'); // 'printer'
 * stems.ofField('Reset your passwords'); // 'reset your password'
 */
export class StemMemory {
  #folded = new Map<string, string>();
  #written = new Map<string, string>();

  /** The stem of a folded word. */
  of(word: string): string {
    return remember(this.#folded, word, porterStem);
  }

  /** The stem of a word as written in an article (folded first). */
  ofWritten(word: string): string {
    return remember(this.#written, word, (written) => porterStem(foldText(written)));
  }

  /**
   * A field's stems, space-separated, as search_fts_stems keeps them: stemmed when an article is
   * indexed, so that a query only splits them (see splitStems).
   */
  ofField(text: string): string {
    return tokensOf(text)
      .map((word) => this.of(word))
      .join(' ');
  }
}

/** The stems of a field as ofField wrote them. */
export function splitStems(field: string): string[] {
  return field === '' ? [] : field.split(' ');
}

function remember(memory: Map<string, string>, word: string, stem: (word: string) => string): string {
  let known = memory.get(word);
  if (known === undefined) {
    if (memory.size > rememberedWords) memory.clear();
    known = stem(word);
    memory.set(word, known);
  }
  return known;
}

/**
 * In how many documents each stem occurs, summed over the words that share it (so a little more than
 * FTS5 counts when an article holds several forms): FTS5 matches stems, so `validates` costs what
 * `valid` costs, however rare the word as typed.
 * @example
 * const counts = new StemCounts(new StemMemory());
 * counts.add('validates', 3);
 * counts.add('valid', 40);
 * counts.documents('validating'); // 43
 */
export class StemCounts {
  #documents = new Map<string, number>();
  #stems: StemMemory;

  constructor(stems: StemMemory) {
    this.#stems = stems;
  }

  /** Records that `documents` more documents hold the folded word. */
  add(word: string, documents = 1): void {
    const stem = this.#stems.of(word);
    this.#documents.set(stem, (this.#documents.get(stem) ?? 0) + documents);
  }

  /** In how many documents words with the folded word's stem occur (0 when none does). */
  documents(word: string): number {
    return this.#documents.get(this.#stems.of(word)) ?? 0;
  }
}
