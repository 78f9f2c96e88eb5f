/**
 * Word forms: spelling candidates for a query word, drawn from the words the index holds (typo
 * tolerance), and the Porter stems FTS5's `porter` tokenizer gives words (to tell, without another
 * query, in which field of a candidate article a query term matched).
 */

/**
 * How many edits a word of this length may carry: 1 from 3 to 7 letters, 2 from 8; none for shorter
 * words. (Three-letter words get one edit so that `vpm` still finds VPN; they are only corrected when
 * they find nothing as typed.)
 * @example
 * allowedEdits('drivr'); // 1
 */
export function allowedEdits(word: string): number {
  if (word.length >= 8) return 2;
  if (word.length >= 3) return 1;
  return 0;
}

/**
 * The Damerau–Levenshtein distance (optimal string alignment: insertions, deletions, substitutions and
 * transpositions of neighbours), or `max + 1` as soon as it is certain to exceed `max`.
 * @example
 * editDistance('pasword', 'password', 2); // 1
 * editDistance('resett', 'reset', 2); // 1
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const width = b.length + 1;
  let before = new Array<number>(width);
  let previous = new Array<number>(width);
  let current = new Array<number>(width);
  for (let j = 0; j < width; j++) previous[j] = j;
  for (let i = 1; i <= a.length; i++) {
    current[0] = i;
    let rowMinimum = i;
    for (let j = 1; j < width; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        value = Math.min(value, before[j - 2]! + 1);
      }
      current[j] = value;
      if (value < rowMinimum) rowMinimum = value;
    }
    if (rowMinimum > max) return max + 1;
    [before, previous, current] = [previous, current, before];
  }
  return Math.min(previous[b.length]!, max + 1);
}

/** A spelling candidate or completion: a word of the index. */
export interface Candidate {
  word: string;
  /** Edits from what was typed (0 for a completion). */
  distance: number;
  /** In how many documents the word occurs (approximately). */
  documents: number;
}

/**
 * The words of an index, held in memory: in buckets by first letter and length, so that spelling
 * candidates are found by comparing a word with a few hundred others rather than the whole vocabulary,
 * and sorted (lazily, after additions) for completions. Spelling candidates share the typed word's
 * first letter: first-letter typos are rare, and the rule keeps the lookup cheap at any index size.
 * @example
 * const words = new Vocabulary();
 * words.add('password', 40);
 * words.candidates('pasword', 3); // [{ word: 'password', distance: 1, documents: 40 }]
 * words.completions('pass', 8); // [{ word: 'password', distance: 0, documents: 40 }]
 */
export class Vocabulary {
  #documents = new Map<string, number>();
  #buckets = new Map<string, string[]>();
  #sorted: string[] | undefined;
  #found = new Map<string, Candidate[]>();

  get size(): number {
    return this.#documents.size;
  }

  /** Records that `documents` more documents contain the word. */
  add(word: string, documents = 1): void {
    const known = this.#documents.get(word);
    this.#documents.set(word, (known ?? 0) + documents);
    this.#found.clear();
    if (known !== undefined) return;
    const key = bucketKey(word[0] ?? '', word.length);
    const bucket = this.#buckets.get(key);
    if (bucket) bucket.push(word);
    else this.#buckets.set(key, [word]);
    this.#sorted = undefined;
  }

  has(word: string): boolean {
    return this.#documents.has(word);
  }

  /** In how many documents the word occurs (0 when unknown). */
  documents(word: string): number {
    return this.#documents.get(word) ?? 0;
  }

  clear(): void {
    this.#documents.clear();
    this.#buckets.clear();
    this.#found.clear();
    this.#sorted = undefined;
  }

  /**
   * Words within allowedEdits(word) of the word (never the word itself), nearest first, then the most
   * common; at most `limit`.
   */
  candidates(word: string, limit: number): Candidate[] {
    return this.#remember(`~${word} ${limit}`, () => {
      const max = allowedEdits(word);
      const found: Candidate[] = [];
      if (max === 0 || word.length > 24) return found;
      for (let length = word.length - max; length <= word.length + max; length++) {
        for (const other of this.#buckets.get(bucketKey(word[0]!, length)) ?? []) {
          if (other === word) continue;
          const distance = editDistance(word, other, max);
          if (distance <= max) found.push({ word: other, distance, documents: this.#documents.get(other)! });
        }
      }
      return byRelevance(found).slice(0, limit);
    });
  }

  /** The most common words that start with the prefix (the prefix itself included if it is a word); at most `limit`. */
  completions(prefix: string, limit: number): Candidate[] {
    return this.#remember(`*${prefix} ${limit}`, () => {
      const sorted = (this.#sorted ??= [...this.#documents.keys()].sort());
      let low = 0;
      let high = sorted.length;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (sorted[middle]! < prefix) low = middle + 1;
        else high = middle;
      }
      const found: Candidate[] = [];
      for (let index = low; index < sorted.length && sorted[index]!.startsWith(prefix); index++) {
        found.push({ word: sorted[index]!, distance: 0, documents: this.#documents.get(sorted[index]!)! });
      }
      return byRelevance(found).slice(0, limit);
    });
  }

  #remember(key: string, find: () => Candidate[]): Candidate[] {
    const cached = this.#found.get(key);
    if (cached) return cached;
    const found = find();
    if (this.#found.size > 5000) this.#found.clear();
    this.#found.set(key, found);
    return found;
  }
}

function byRelevance(found: Candidate[]): Candidate[] {
  return found.sort((a, b) => a.distance - b.distance || b.documents - a.documents || (a.word < b.word ? -1 : 1));
}

function bucketKey(first: string, length: number): string {
  return `${first}${length}`;
}

const step2: [string, string][] = [
  ['ational', 'ate'],
  ['tional', 'tion'],
  ['enci', 'ence'],
  ['anci', 'ance'],
  ['izer', 'ize'],
  ['logi', 'log'],
  ['bli', 'ble'],
  ['alli', 'al'],
  ['entli', 'ent'],
  ['eli', 'e'],
  ['ousli', 'ous'],
  ['ization', 'ize'],
  ['ation', 'ate'],
  ['ator', 'ate'],
  ['alism', 'al'],
  ['iveness', 'ive'],
  ['fulness', 'ful'],
  ['ousness', 'ous'],
  ['aliti', 'al'],
  ['iviti', 'ive'],
  ['biliti', 'ble'],
];
const step3: [string, string][] = [
  ['ical', 'ic'],
  ['ness', ''],
  ['icate', 'ic'],
  ['iciti', 'ic'],
  ['ful', ''],
  ['ative', ''],
  ['alize', 'al'],
];
const step4 = [
  'al',
  'ance',
  'ence',
  'er',
  'ic',
  'able',
  'ible',
  'ant',
  'ement',
  'ment',
  'ent',
  'ion',
  'ou',
  'ism',
  'ate',
  'iti',
  'ous',
  'ive',
  'ize',
];

function isVowel(character: string | undefined, yIsVowel: boolean): boolean {
  return 'aeiou'.includes(character ?? '_') || (yIsVowel && character === 'y');
}

/** Porter's m: the number of vowel–consonant sequences in the stem. */
function measure(stem: string): number {
  let m = 0;
  let consonant = false;
  let sawVowel = false;
  for (let i = 0; i < stem.length; i++) {
    consonant = !isVowel(stem[i], consonant);
    if (!consonant) sawVowel = true;
    else if (sawVowel) {
      m++;
      sawVowel = false;
    }
  }
  return m;
}

function hasVowel(stem: string): boolean {
  for (let i = 0; i < stem.length; i++) if (isVowel(stem[i], i > 0)) return true;
  return false;
}

/** Porter's *o: the stem ends consonant–vowel–consonant, the last not w, x or y. */
function endsCvc(stem: string): boolean {
  const last = stem[stem.length - 1];
  if (stem.length < 3 || last === 'w' || last === 'x' || last === 'y') return false;
  let mask = 0;
  let consonant = false;
  for (let i = 0; i < stem.length; i++) {
    consonant = !isVowel(stem[i], consonant);
    mask = ((mask << 1) + (consonant ? 1 : 0)) & 7;
  }
  return mask === 5;
}

/** Replaces the first listed suffix the word ends with (longer than the suffix), if the stem's m passes. */
function replaceSuffix(word: string, rules: [string, string][], minimum: number): string {
  const rule = rules.find(([suffix]) => word.length > suffix.length && word.endsWith(suffix));
  if (!rule) return word;
  const stem = word.slice(0, word.length - rule[0].length);
  return measure(stem) > minimum - 1 ? stem + rule[1] : word;
}

/**
 * The stem SQLite FTS5's `porter` tokenizer gives a folded word (the original Porter algorithm, with
 * SQLite's choice of rules; words shorter than 3 or longer than 64 bytes pass through unchanged).
 * @example
 * porterStem('connecting'); // 'connect'
 * porterStem('printers'); // 'printer'
 */
export function porterStem(word: string): string {
  const bytes = Buffer.byteLength(word);
  if (bytes < 3 || bytes > 64) return word;
  let w = word;
  // Step 1a.
  if (w.endsWith('s')) {
    if ((w.length > 4 && w.endsWith('sses')) || (w.length > 3 && w.endsWith('ies'))) w = w.slice(0, -2);
    else if (!w.endsWith('ss')) w = w.slice(0, -1);
  }
  // Step 1b.
  let extra = false;
  if (w.length > 3 && w.endsWith('eed')) {
    if (measure(w.slice(0, -3)) > 0) w = w.slice(0, -1);
  } else if (w.length > 2 && w.endsWith('ed') && hasVowel(w.slice(0, -2))) {
    w = w.slice(0, -2);
    extra = true;
  } else if (w.length > 3 && w.endsWith('ing') && hasVowel(w.slice(0, -3))) {
    w = w.slice(0, -3);
    extra = true;
  }
  if (extra) {
    if (w.length > 2 && (w.endsWith('at') || w.endsWith('bl') || w.endsWith('iz'))) {
      w += 'e';
    } else {
      const last = w[w.length - 1];
      if (!isVowel(last, false) && last !== 'l' && last !== 's' && last !== 'z' && last === w[w.length - 2]) {
        w = w.slice(0, -1);
      } else if (measure(w) === 1 && endsCvc(w)) {
        w += 'e';
      }
    }
  }
  // Step 1c.
  if (w.endsWith('y') && hasVowel(w.slice(0, -1))) w = `${w.slice(0, -1)}i`;
  // Steps 2 to 4: SQLite picks the rule by the second-last letter, then the first suffix that fits.
  w = replaceSuffix(
    w,
    step2.filter(([suffix]) => suffix.at(-2) === w.at(-2)),
    1,
  );
  w = replaceSuffix(
    w,
    step3.filter(([suffix]) => suffix.at(-2) === w.at(-2)),
    1,
  );
  const rule4 = step4.find((suffix) => suffix.at(-2) === w.at(-2) && w.length > suffix.length && w.endsWith(suffix));
  if (rule4) {
    const stem = w.slice(0, w.length - rule4.length);
    const fits = rule4 === 'ion' ? /[st]$/.test(stem) && measure(stem) > 1 : measure(stem) > 1;
    if (fits) w = stem;
  }
  // Step 5a.
  if (w.endsWith('e')) {
    const stem = w.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem))) w = stem;
  }
  // Step 5b.
  if (w.length > 1 && w.endsWith('ll') && measure(w.slice(0, -1)) > 1) w = w.slice(0, -1);
  return w;
}
