/**
 * Query normalisation shared by every engine, so that what a person types means the same thing to
 * FTS5, PostgreSQL and Meilisearch.
 */

export interface NormalisedQuery {
  /** The meaningful words, lower-case and without diacritics, in the order typed, without repeats. */
  terms: string[];
  /** True when the last term is still being typed (search-as-you-type): match it as a prefix. */
  lastTermIsPrefix: boolean;
}

/**
 * Words that carry no meaning in help-centre queries ("how do i …", "my …", "… not working on my new
 * phone"). Negations go too: a person who writes "outlook not syncing" wants the article about Outlook
 * syncing, and articles rarely repeat the customer's "not".
 */
export const stopWords: ReadonlySet<string> = new Set([
  'i',
  'my',
  'me',
  'we',
  'us',
  'the',
  'a',
  'an',
  'to',
  'on',
  'in',
  'of',
  'for',
  'and',
  'or',
  'is',
  'it',
  'its',
  'how',
  'do',
  'does',
  'did',
  'can',
  'cant',
  'cannot',
  'could',
  'couldnt',
  'what',
  'why',
  'when',
  'where',
  'which',
  'with',
  'get',
  'got',
  'getting',
  'new',
  'not',
  'no',
  'dont',
  'doesnt',
  'didnt',
  'isnt',
  'wont',
  'wasnt',
  'arent',
  'havent',
  'hasnt',
  'im',
  'ive',
  'please',
  'help',
  'into',
  'from',
  'at',
  'this',
  'that',
  'be',
  'are',
  'was',
  'there',
  'our',
  'your',
  'you',
  'some',
  'any',
  'should',
  'would',
  'will',
  'am',
  'has',
  'have',
  'had',
  'if',
  'so',
  'just',
  'all',
  'anymore',
  'still',
  'by',
]);

/** At most this many terms are searched: a pasted paragraph must not become a 200-term query. */
const maxTerms = 12;
/** Longer "words" are cut: nothing in a help centre is a 64-letter word. */
const maxTermLength = 40;

const apostrophes = /['’‘`´ʼ]/g;
const marks = /\p{M}+/gu;
const separators = /[^\p{L}\p{N}]+/gu;

/**
 * Lower-cases, decomposes (NFKD) and drops diacritics: the folding both the query and the index use.
 * @example
 * foldText('Café Œuvre'); // 'cafe œuvre'
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(marks, '').toLowerCase();
}

/**
 * The words of a text as the engines' tokenisers see them, in order: folded, split at anything but a
 * letter or digit (apostrophes too, as in FTS5's unicode61 and PostgreSQL's parser).
 * @example
 * tokensOf("Won't reset the Café"); // ['won', 't', 'reset', 'the', 'cafe']
 */
export function tokensOf(text: string): string[] {
  return foldText(text)
    .split(separators)
    .filter((word) => word.length > 0 && word.length <= maxTermLength);
}

/**
 * The distinct words of a document (see tokensOf), for the typo-correction vocabulary.
 * @example
 * wordsOf('reset the reset'); // ['reset', 'the']
 */
export function wordsOf(text: string): string[] {
  return [...new Set(tokensOf(text))];
}

/**
 * Splits text into folded words the way a query is read: apostrophes are joined (`can't` → `cant`),
 * punctuation becomes a space. Stop words are kept.
 * @example
 * queryWords("I can't sign-in!"); // ['i', 'cant', 'sign', 'in']
 */
export function queryWords(text: string): string[] {
  return foldText(text.replace(apostrophes, ''))
    .split(separators)
    .filter((word) => word.length > 0)
    .map((word) => word.slice(0, maxTermLength));
}

/**
 * Turns what a person typed into search terms: folded, stop words dropped (unless nothing else is
 * left), repeats removed, at most 12 terms. The last term is a prefix while it is still being typed:
 * when the text ends in a letter or digit and that word was kept.
 * @example
 * normaliseQuery("How do I reset my passw");
 * // { terms: ['reset', 'passw'], lastTermIsPrefix: true }
 * normaliseQuery("I can't get into my email ");
 * // { terms: ['email'], lastTermIsPrefix: false }
 */
export function normaliseQuery(text: string): NormalisedQuery {
  const words = queryWords(text);
  if (words.length === 0) return { terms: [], lastTermIsPrefix: false };
  const meaningful = words.filter((word) => !stopWords.has(word));
  const kept = meaningful.length > 0 ? meaningful : words;
  const terms = [...new Set(kept)].slice(0, maxTerms);
  const last = words[words.length - 1]!;
  const stillTyping = /[\p{L}\p{N}]$/u.test(text);
  const lastTermIsPrefix =
    stillTyping && last.length >= 2 && kept[kept.length - 1] === last && terms[terms.length - 1] === last;
  return { terms, lastTermIsPrefix };
}
