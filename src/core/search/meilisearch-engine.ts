/**
 * The Meilisearch engine (used when MEILISEARCH_URL is set). Articles are stored as section documents
 * (`<articleId>-<n>`), each with the article's title, tags and summary and a slice of its body, because
 * Meilisearch silently ignores words past 65,535 positions per attribute; `distinctAttribute: articleId`
 * collapses the sections back to one hit per article. Every query carries the visibility filter.
 */
import { createHash } from 'node:crypto';
import type { SearchDocument, SearchEngine, SearchHit, SearchQuery, SearchResult } from './engine.ts';
import { createMeilisearchClient, MeilisearchError, SearchUnavailableError } from './meilisearch-client.ts';
import { normaliseQuery, tokensOf } from './query.ts';
import { cleanIndexText, markEnd, markSnippet, markStart } from './snippet.ts';
import { cleanSynonyms, starterSynonyms } from './synonyms.ts';
import { porterStem } from './words.ts';

export { MeilisearchError, SearchUnavailableError };

export interface MeilisearchEngineOptions {
  /** `MEILISEARCH_URL`, e.g. `http://127.0.0.1:7700`. */
  url: string;
  /** `MEILISEARCH_API_KEY`: a key that may manage the index (master or admin key); used only here. */
  apiKey?: string | undefined;
  indexUid?: string | undefined;
  fetch?: typeof fetch | undefined;
  /** Per HTTP request; a slower answer is a SearchUnavailableError. Default 3,000 ms. */
  timeoutMs?: number | undefined;
  /** How long a write waits for Meilisearch to apply it. Default 120,000 ms. */
  taskTimeoutMs?: number | undefined;
  /**
   * Which query words may be left out when not all match (Meilisearch's `matchingStrategy`): `frequency`
   * (the default here) drops the most common words first, which suits queries typed as sentences.
   */
  matchingStrategy?: 'last' | 'all' | 'frequency' | undefined;
  /** The synonym groups init() applies until setSynonyms() replaces them. Default: the starter list. */
  synonyms?: string[][] | undefined;
}

/** Section size: far below the 65,535-position limit even when every word ends a sentence (8 positions). */
const SECTION_WORDS = 600;
const SECTION_CHARS = 6_000;
/** Sections per add-documents request, and article ids per delete filter. */
const BATCH_DOCUMENTS = 1_000;
const BATCH_IDS = 500;
const MAX_LIMIT = 100;
const MAX_OFFSET = 1_000;

interface SectionDocument {
  docId: string;
  articleId: string;
  section: number;
  slug: string;
  title: string;
  summary: string;
  tags: string[];
  body: string;
  /** The Porter stems of the section's words (and of its article's title, summary and tags), which
   * queries are matched against too: Meilisearch does not stem, so "disconnecting" would miss "disconnects". */
  stems: string;
  category: string;
  categoryName: string;
  visibility: string;
  status: string;
  updatedAt: string;
}

type RetrievedHit = Pick<SectionDocument, 'articleId' | 'slug' | 'title' | 'summary' | 'category' | 'categoryName'> & {
  _formatted?: { body?: string };
};

interface MeiliSearchResponse {
  hits: RetrievedHit[];
  estimatedTotalHits?: number;
}

interface EnqueuedTask {
  taskUid: number;
}

/** Splits a text longer than the limits at word boundaries (and overlong words at the character limit). */
function splitLongBlock(block: string, maxWords: number, maxChars: number): string[] {
  const pieces: string[] = [];
  let current: string[] = [];
  let chars = 0;
  for (const raw of block.split(/\s+/)) {
    if (raw === '') continue;
    const words: string[] = [];
    for (let i = 0; i < raw.length; i += maxChars) words.push(raw.slice(i, i + maxChars));
    for (const word of words) {
      if (current.length > 0 && (current.length + 1 > maxWords || chars + 1 + word.length > maxChars)) {
        pieces.push(current.join(' '));
        current = [];
        chars = 0;
      }
      chars += (current.length > 0 ? 1 : 0) + word.length;
      current.push(word);
    }
  }
  if (current.length > 0) pieces.push(current.join(' '));
  return pieces;
}

/**
 * Splits an article body (one block per line) into sections of whole paragraphs, each at most
 * `maxWords` words and `maxChars` characters; a paragraph above either limit is cut between words.
 * Always returns at least one section (an empty body gives `['']`).
 *
 * @example
 * splitIntoSections('First paragraph.\nSecond paragraph.', 600) // → ['First paragraph.\nSecond paragraph.']
 */
export function splitIntoSections(body: string, maxWords = SECTION_WORDS, maxChars = SECTION_CHARS): string[] {
  const sections: string[] = [];
  let current: string[] = [];
  let words = 0;
  let chars = 0;
  const flush = () => {
    if (current.length > 0) sections.push(current.join('\n'));
    current = [];
    words = 0;
    chars = 0;
  };
  for (const line of body.split(/\r?\n/)) {
    const block = line.trim();
    if (block === '') continue;
    const blockWords = block.split(/\s+/).length;
    if (blockWords > maxWords || block.length > maxChars) {
      flush();
      for (const piece of splitLongBlock(block, maxWords, maxChars)) sections.push(piece);
      continue;
    }
    if (current.length > 0 && (words + blockWords > maxWords || chars + 1 + block.length > maxChars)) flush();
    words += blockWords;
    chars += (current.length > 0 ? 1 : 0) + block.length;
    current.push(block);
  }
  flush();
  return sections.length > 0 ? sections : [''];
}

/**
 * Meilisearch document ids allow `[A-Za-z0-9_-]` (≤ 511 bytes). Other article ids become `_<sha256>`,
 * which cannot clash with a kept id (those have no `_`); the article id itself is in `articleId`.
 */
function docIdBase(articleId: string): string {
  if (/^[A-Za-z0-9-]{1,400}$/.test(articleId)) return articleId;
  return `_${createHash('sha256').update(articleId).digest('hex')}`;
}

function stemsOf(...texts: string[]): string {
  return [...new Set(texts.flatMap((text) => tokensOf(text)).map(porterStem))].join(' ');
}

function toSections(document: SearchDocument): SectionDocument[] {
  const base = docIdBase(document.id);
  const heading = [document.title, document.summary, ...document.tags];
  return splitIntoSections(cleanIndexText(document.body)).map((body, section) => ({
    docId: `${base}-${section}`,
    articleId: document.id,
    section,
    slug: document.slug,
    title: cleanIndexText(document.title),
    summary: cleanIndexText(document.summary),
    tags: document.tags.map(cleanIndexText),
    body,
    stems: stemsOf(...heading, body),
    category: document.categorySlug,
    categoryName: document.categoryName,
    visibility: document.visibility,
    status: document.status,
    updatedAt: document.updatedAt,
  }));
}

/**
 * The words sent to Meilisearch: each whole word as its stem, so it also finds the other forms through
 * `stems`; a word still being typed stays as typed, and Meilisearch matches it as a prefix.
 */
function queryText(terms: string[], lastTermIsPrefix: boolean): string {
  const words = terms.map((term, index) => (lastTermIsPrefix && index === terms.length - 1 ? term : porterStem(term)));
  // Meilisearch treats the last word as a prefix unless the query ends with a space.
  return words.join(' ') + (lastTermIsPrefix ? '' : ' ');
}

/** A filter string literal; the filter parser takes backslash escapes inside double quotes. */
function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function articleFilter(ids: string[]): string {
  return `articleId IN [${ids.map(quote).join(', ')}]`;
}

/**
 * Who sees what, as filter clauses that Meilisearch ANDs together. Anything but an explicit `staff`
 * audience is public, so a malformed query fails closed.
 */
function visibilityFilter(query: SearchQuery): string[] {
  const staff = query.audience === 'staff';
  const filter = staff
    ? [
        'visibility IN ["public", "internal"]',
        query.includeDrafts === true ? 'status IN ["published", "draft"]' : 'status = "published"',
      ]
    : ['visibility = "public"', 'status = "published"'];
  if (typeof query.category === 'string' && query.category !== '') filter.push(`category = ${quote(query.category)}`);
  return filter;
}

/**
 * Meilisearch synonyms are one-directional: each member of a group maps to all the others. The keys
 * are what the query will hold (members as normaliseQuery leaves them: `sign in` → `sign`, and their
 * stems, since queries are sent stemmed); the values are the members as written (folded), matched as
 * phrases in the documents (`out of office`).
 */
function synonymMap(groups: string[][]): Record<string, string[]> {
  const map = new Map<string, Set<string>>();
  for (const members of cleanSynonyms(groups)) {
    for (const member of members) {
      const others = members.filter((other) => other !== member);
      const terms = normaliseQuery(member).terms;
      // As queryText sends them: every word stemmed, or all but a last word still being typed.
      const stemmed = terms.map(porterStem);
      const typing = [...stemmed.slice(0, -1), ...terms.slice(-1)];
      for (const key of new Set([terms.join(' '), stemmed.join(' '), typing.join(' '), member])) {
        const values = map.get(key) ?? new Set<string>();
        for (const other of others) if (other !== key) values.add(other);
        map.set(key, values);
      }
    }
  }
  return Object.fromEntries(
    [...map].filter(([, values]) => values.size > 0).map(([key, values]) => [key, [...values]]),
  );
}

function clampInteger(value: unknown, min: number, max: number, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

function chunk<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/**
 * Creates the Meilisearch engine. Call `init()` once at start-up (it creates the index and applies the
 * settings, and is safe to repeat); writes resolve only when Meilisearch has applied them. Network
 * failures, timeouts and refused keys throw SearchUnavailableError, so the caller can fall back to FTS5.
 *
 * @example
 * const engine = createMeilisearchEngine({ url: 'http://127.0.0.1:7700', apiKey: process.env.MEILISEARCH_API_KEY });
 * await engine.init();
 * await engine.upsert([document]);
 * const { hits } = await engine.search({ text: 'reset password', audience: 'public', limit: 10, offset: 0 });
 */
export function createMeilisearchEngine(options: MeilisearchEngineOptions): SearchEngine {
  const indexUid = options.indexUid ?? 'articles';
  const index = `/indexes/${encodeURIComponent(indexUid)}`;
  const client = createMeilisearchClient({
    url: options.url,
    apiKey: options.apiKey,
    fetch: options.fetch,
    timeoutMs: options.timeoutMs ?? 3_000,
    taskTimeoutMs: options.taskTimeoutMs ?? 120_000,
  });
  let synonymGroups = options.synonyms ?? starterSynonyms;
  const matchingStrategy = options.matchingStrategy ?? 'frequency';

  const enqueue = async (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', path: string, body?: unknown) =>
    (await client.request<EnqueuedTask>(method, path, body)).taskUid;

  /** Waits for the tasks in order (Meilisearch runs an index's tasks in order, often in one batch). */
  const waitAll = async (taskUids: number[], ignoreMissingIndex = false) => {
    for (const taskUid of taskUids) {
      try {
        await client.waitForTask(taskUid);
      } catch (error) {
        if (!(ignoreMissingIndex && error instanceof MeilisearchError && error.code === 'index_not_found')) throw error;
      }
    }
  };

  // Meilisearch's defaults except where measured on the demo articles with conversational queries:
  // one typo from 4 letters (not 5: `zoon`, `slak`) and two from 8 (not 9), as the shared typo rule
  // allows. No stop words here: normaliseQuery already drops them from every query, and Meilisearch's
  // stop words break multi-word synonyms that contain one (`automatic reply` → `out of office` found
  // nothing with them set). `section` is filterable so upsert can delete the sections past the new end.
  const settings = () => ({
    searchableAttributes: ['title', 'tags', 'summary', 'body', 'stems'],
    filterableAttributes: ['visibility', 'status', 'category', 'articleId', 'section'],
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
    distinctAttribute: 'articleId',
    typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 4, twoTypos: 8 } },
    stopWords: [],
    synonyms: synonymMap(synonymGroups),
    pagination: { maxTotalHits: MAX_OFFSET + MAX_LIMIT },
  });

  async function ensureIndex(): Promise<void> {
    let primaryKey: string | null | undefined;
    try {
      primaryKey = (await client.request<{ primaryKey: string | null }>('GET', index)).primaryKey;
    } catch (error) {
      if (!(error instanceof MeilisearchError && error.code === 'index_not_found')) throw error;
      try {
        await client.waitForTask(await enqueue('POST', '/indexes', { uid: indexUid, primaryKey: 'docId' }));
      } catch (creationError) {
        if (!(creationError instanceof MeilisearchError && creationError.code === 'index_already_exists')) {
          throw creationError;
        }
      }
      return;
    }
    if (primaryKey === null) {
      await client.waitForTask(await enqueue('PATCH', index, { primaryKey: 'docId' }));
    } else if (primaryKey !== 'docId') {
      throw new MeilisearchError(
        `The Meilisearch index "${indexUid}" has the primary key "${primaryKey}", not "docId": it was made by something else. Delete it or choose another index.`,
        'portico_index_primary_key',
      );
    }
  }

  return {
    name: 'meilisearch',

    async init() {
      await ensureIndex();
      await client.waitForTask(await enqueue('PATCH', `${index}/settings`, settings()));
    },

    async upsert(documents) {
      const latest = new Map<string, SearchDocument>();
      for (const document of documents) latest.set(document.id, document);
      if (latest.size === 0) return;
      // New sections replace the old ones of the same number in place, then the sections past the new
      // end are deleted: the article never drops out of the results in between, as it would if the
      // deletion came first (Meilisearch runs the two as separate batches). Everything is enqueued
      // before waiting, so Meilisearch can batch the additions.
      const taskUids: number[] = [];
      let sections: SectionDocument[] = [];
      let bySectionCount = new Map<number, string[]>();
      let articles = 0;
      const send = async () => {
        if (articles === 0) return;
        const stale = [...bySectionCount].map(([count, ids]) => `(${articleFilter(ids)} AND section >= ${count})`);
        taskUids.push(await enqueue('POST', `${index}/documents?primaryKey=docId`, sections));
        taskUids.push(await enqueue('POST', `${index}/documents/delete`, { filter: stale.join(' OR ') }));
        sections = [];
        bySectionCount = new Map();
        articles = 0;
      };
      for (const document of latest.values()) {
        const documentSections = toSections(document);
        if (sections.length + documentSections.length > BATCH_DOCUMENTS || articles >= BATCH_IDS) await send();
        const ids = bySectionCount.get(documentSections.length) ?? [];
        ids.push(document.id);
        bySectionCount.set(documentSections.length, ids);
        sections.push(...documentSections);
        articles++;
      }
      await send();
      await waitAll(taskUids);
    },

    async remove(ids) {
      const unique = [...new Set(ids)];
      const taskUids: number[] = [];
      for (const batch of chunk(unique, BATCH_IDS)) {
        taskUids.push(await enqueue('POST', `${index}/documents/delete`, { filter: articleFilter(batch) }));
      }
      await waitAll(taskUids, true);
    },

    async clear() {
      await waitAll([await enqueue('DELETE', `${index}/documents`)], true);
    },

    async setSynonyms(groups) {
      synonymGroups = groups;
      await client.waitForTask(await enqueue('PUT', `${index}/settings/synonyms`, synonymMap(groups)));
    },

    async search(query): Promise<SearchResult> {
      const { terms, lastTermIsPrefix } = normaliseQuery(typeof query.text === 'string' ? query.text : '');
      if (terms.length === 0) return { hits: [], total: 0, engine: 'meilisearch' };
      const limit = clampInteger(query.limit, 0, MAX_LIMIT, 10);
      const offset = clampInteger(query.offset, 0, MAX_OFFSET, 0);
      let response: MeiliSearchResponse;
      try {
        response = await client.request<MeiliSearchResponse>('POST', `${index}/search`, {
          q: queryText(terms, lastTermIsPrefix),
          filter: visibilityFilter(query),
          matchingStrategy,
          limit,
          offset,
          attributesToRetrieve: ['articleId', 'slug', 'title', 'summary', 'category', 'categoryName'],
          attributesToCrop: ['body'],
          cropLength: 24,
          attributesToHighlight: ['body'],
          highlightPreTag: markStart,
          highlightPostTag: markEnd,
        });
      } catch (error) {
        if (error instanceof MeilisearchError && error.code === 'index_not_found') {
          throw new SearchUnavailableError(
            `The Meilisearch index "${indexUid}" does not exist yet: start Portico (it runs init) and run \`portico search reindex\`.`,
            { cause: error },
          );
        }
        throw error;
      }
      const seen = new Set<string>();
      const hits: SearchHit[] = [];
      for (const hit of response.hits) {
        if (seen.has(hit.articleId)) continue;
        seen.add(hit.articleId);
        const passage = hit._formatted?.body?.trim() ? hit._formatted.body : hit.summary;
        hits.push({
          id: hit.articleId,
          slug: hit.slug,
          title: hit.title,
          summary: hit.summary,
          snippet: markSnippet(passage),
          category: hit.category,
          categoryName: hit.categoryName,
        });
      }
      return { hits, total: response.estimatedTotalHits ?? hits.length, engine: 'meilisearch' };
    },
  };
}
