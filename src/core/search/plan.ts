/**
 * Query planning and ranking shared by the SQL engines: what was typed → groups of alternatives (the
 * term, its synonyms, its spelling corrections or completions), which each engine writes in its own
 * query syntax, and the score that orders the articles found.
 */

import { normaliseQuery } from './query.ts';
import { compileSynonyms, expandTerms, starterSynonyms } from './synonyms.ts';
import type { CompiledSynonyms } from './synonyms.ts';
import { porterStem, Vocabulary } from './words.ts';

/** One way to match a group: the words of a word or phrase, folded, as the engine's stemmer will read them. */
export interface Alternative {
  words: string[];
}

/** One query term and everything that may stand in for it: a document matches the group if it matches any. */
export interface TermGroup {
  term: string;
  alternatives: Alternative[];
}

/**
 * Asks the engine whether any of the alternatives, as its own stemmer reads them, finds a document the
 * person asking may see (so that what others may see never changes what they get).
 */
export type FindsAnything = (alternatives: Alternative[]) => Promise<boolean>;

/**
 * Below this many articles matching every group (a page's worth), articles matching only some of them
 * are ranked in too, after the others unless they match in better fields.
 */
export const fullMatchMinimum = 10;
/** How many spelling candidates one word may bring. */
const maxCandidates = 3;
/** How many completions the word being typed may bring (the most common words starting with it). */
const maxCompletions = 8;

/**
 * What an engine keeps in memory between queries: the synonyms and the vocabulary of its index, and
 * the revision of the index they reflect (a counter the engine bumps in the database on every write,
 * so that writes from another process are noticed).
 * @example
 * const state = new PlannerState();
 * state.vocabulary.add('password', 12);
 * await planQuery('pasword', state, findsAnything);
 */
export class PlannerState {
  synonyms: CompiledSynonyms = compileSynonyms(starterSynonyms);
  vocabulary = new Vocabulary();
  /** How many documents the index holds. */
  documents = 0;
  /** The revision the memory reflects; undefined before the first load. */
  revision: number | undefined;
}

/**
 * Builds the groups for a query:
 * - each term (or multi-word synonym found in the query) with its synonyms;
 * - the word still being typed with its completions: the most common words of the index that start
 *   with it (engines' own prefix queries would stem the prefix first, so `added*` became `ad*`);
 * - a word that finds nothing visible to the person asking (not even through the engine's stemmer,
 *   nor completed), with its spelling candidates (see allowedEdits) and their synonyms.
 * @example
 * const groups = await planQuery('pasword resett', state, findsAnything);
 * // [{ term: 'pasword', alternatives: [{ words: ['pasword'] }, { words: ['password'] }, …] }, …]
 */
export async function planQuery(text: string, state: PlannerState, findsAnything: FindsAnything): Promise<TermGroup[]> {
  const { terms, lastTermIsPrefix } = normaliseQuery(text);
  const groups: TermGroup[] = [];
  let consumed = 0;
  for (const expanded of expandTerms(terms, state.synonyms)) {
    consumed += expanded.span;
    const alternatives = expanded.alternatives.map((phrase) => ({ words: phrase.split(' ') }));
    if (expanded.span === 1) {
      const typing = lastTermIsPrefix && consumed === terms.length;
      const completions = typing ? state.vocabulary.completions(expanded.term, maxCompletions) : [];
      addAlternatives(
        alternatives,
        completions.map((completion) => completion.word),
      );
      const known = (!typing && expanded.alternatives.length > 1) || (await findsAnything(alternatives));
      if (!known) {
        for (const candidate of state.vocabulary.candidates(expanded.term, maxCandidates)) {
          addAlternatives(alternatives, [candidate.word, ...synonymsOf(candidate.word, state.synonyms)]);
        }
      }
    }
    groups.push({ term: expanded.term, alternatives });
  }
  return groups;
}

function synonymsOf(word: string, synonyms: CompiledSynonyms): string[] {
  const members: string[] = [];
  for (const index of synonyms.keys.get(word) ?? []) members.push(...synonyms.groups[index]!);
  return members;
}

function addAlternatives(alternatives: Alternative[], phrases: string[]): void {
  for (const phrase of phrases) {
    if (alternatives.some((known) => known.words.join(' ') === phrase)) continue;
    alternatives.push({ words: phrase.split(' ') });
  }
}

/** Where in an article a group matched, best first. */
export type Field = 'title' | 'tags' | 'summary' | 'body';

/** How much a match counts in each field: a title match is worth three body matches. */
export const fieldWeights: Record<Field, number> = { title: 3, tags: 2, summary: 1.5, body: 1 };

/**
 * How much each group counts: an inverse document frequency estimated from the vocabulary (the most
 * common of its alternatives decides; a phrase is as common as its rarest word), always positive so
 * that common words still count a little.
 * @example
 * groupWeights(groups, state.vocabulary, 1000); // e.g. [0.9, 4.2]
 */
export function groupWeights(groups: TermGroup[], vocabulary: Vocabulary, documentCount: number): number[] {
  const total = Math.max(1, documentCount);
  return groups.map((group) => {
    let frequency = 0;
    for (const alternative of group.alternatives) {
      const rarest = Math.min(...alternative.words.map((word) => vocabulary.documents(word)));
      frequency = Math.max(frequency, rarest);
    }
    frequency = Math.min(total, Math.max(1, frequency));
    return Math.log(1 + (total - frequency + 0.5) / (frequency + 0.5));
  });
}

/**
 * A document's score: for each group it matches, the group's weight times the weight of the best
 * field it matched in. Engines rank by this, then by their own relevance (bm25, ts_rank_cd).
 * @example
 * scoreMatches(['title', undefined], [2, 1]); // 6
 */
export function scoreMatches(matches: (Field | undefined)[], weights: number[]): number {
  let score = 0;
  matches.forEach((field, index) => {
    if (field) score += weights[index]! * fieldWeights[field];
  });
  return score;
}

/**
 * A test of whether a field's words (stemmed with porterStem, in order) contain any alternative of the
 * group, the way FTS5's porter tokenizer would match it. Build once per query.
 * @example
 * const inTitle = groupMatcher(group)(tokensOf('Reset your password').map(porterStem));
 */
export function groupMatcher(group: TermGroup): (stems: string[]) => boolean {
  const phrases = group.alternatives.map((alternative) => alternative.words.map(porterStem));
  return (stems) =>
    phrases.some((wanted) => {
      for (let start = 0; start + wanted.length <= stems.length; start++) {
        if (wanted.every((stem, offset) => stems[start + offset] === stem)) return true;
      }
      return false;
    });
}
