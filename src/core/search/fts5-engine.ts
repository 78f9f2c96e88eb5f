/**
 * The default search engine: SQLite FTS5 in the portal's own database, nothing to install. Its tables
 * are described in fts5-schema.ts, its query text is written by fts5-match.ts.
 *
 * Ranking (shared with the PostgreSQL engine, see plan.ts): the query's term groups are combined with
 * AND; when fewer than fullMatchMinimum articles match them all, articles matching any group join in.
 * The best candidates by bm25 (title 10, tags 6, summary 4, body 1) are then ordered by scoreMatches
 * — each group counts its weight (rarity) times that of the best field it matched in — then bm25.
 * At most scoreWindow matches (the newest) are read per query. bm25 weighs a word by reading every
 * article that holds its stem, so for very common stems (see StemCounts) it is skipped: then the
 * newest matches in the title, tags or summary and the newest others are ordered by scoreMatches, then
 * by age, and the total past the window is estimated. So a query stays fast at 100,000 articles.
 */

import { sql } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Db } from '../db/connect.ts';
import type { SearchDocument, SearchEngine, SearchHit, SearchQuery, SearchResult } from './engine.ts';
import { facetTokens, headColumns, matchAll, matchAlternative, matchAny, matchGroup, restrict } from './fts5-match.ts';
import { createTables, indexVersion, storedVersion, upgradeIndex } from './fts5-schema.ts';
import { splitStems, StemCounts, StemMemory } from './fts5-stems.ts';
import { fullMatchMinimum, groupMatcher, groupWeights, PlannerState, planQuery, scoreMatches } from './plan.ts';
import type { Alternative, Field, TermGroup } from './plan.ts';
import { wordsOf } from './query.ts';
import { chooseSnippet, cleanIndexText, passageOf } from './snippet.ts';
import { cleanSynonyms, compileSynonyms, starterSynonyms } from './synonyms.ts';
import { AnalysisMemory } from './text-analysis.ts';
import { Vocabulary } from './words.ts';

/** Tuning for large indexes; the defaults suit any size, tests lower them to reach every path. */
export interface Fts5EngineOptions {
  /**
   * At most this many matches of one query are read and scored (the newest first): beyond it a common
   * word would cost a full scan of its matches on every keystroke, and bm25 costs about a microsecond
   * for each match it scores. Default 500.
   */
  scoreWindow?: number;
  /**
   * Queries whose stems occur in more documents than this (summed, see StemCounts) skip bm25 and
   * estimate totals past the window. Default 10,000.
   */
  bm25Budget?: number;
}
/** How many of the best candidates (at least) are re-ranked by scoreMatches. */
const rerankSize = 100;
/** search_fts columns: id, slug, category, category_name, visibility, status, title, summary, tags, body, filters. */
const bm25Weights = sql.raw('0, 0, 0, 0, 0, 0, 10, 4, 6, 1, 0');
const snippetWords = 24;

interface Candidate {
  rowid: number;
  /** bm25, summed over the group queries that found it (lower is better). */
  score: number;
  /** Indexes of the groups it matched. */
  groups: Set<number>;
  /**
   * Found among the newest matches in the title, tags or summary when bm25 was skipped: re-ranked
   * before the other matches, which are only the newest.
   */
  head: boolean;
}

interface HitRow {
  rowid: number;
  id: string;
  slug: string;
  title: string;
  summary: string;
  category: string;
  category_name: string;
  body: string;
}

/**
 * Creates the FTS5 engine on a SQLite database. Call `init()` once before use (it creates the tables
 * if they are missing; safe to repeat). Synonyms default to starterSynonyms until setSynonyms is called.
 * @example
 * const engine = createFts5Engine(db);
 * await engine.init();
 * await engine.upsert([document]);
 * const { hits } = await engine.search({ text: 'pasword resett', audience: 'public', limit: 10, offset: 0 });
 */
export function createFts5Engine(db: Db, options: Fts5EngineOptions = {}): SearchEngine {
  const scoreWindow = options.scoreWindow ?? 500;
  const bm25Budget = options.bm25Budget ?? 10_000;
  const state = new PlannerState();
  const stems = new StemMemory();
  const stemWritten = (word: string) => stems.ofWritten(word);
  /** Articles split and stemmed for snippets, by rowid: most queries show the same popular articles. */
  const bodies = new AnalysisMemory(stemWritten);
  /** Summaries are at most 300 characters: 100,000 words keep those of some 2,000 articles. */
  const summaries = new AnalysisMemory(stemWritten, 100_000);
  let stemCounts = new StemCounts(stems);
  let loading: Promise<void> | undefined;

  async function write(work: (trx: Db) => Promise<void>): Promise<void> {
    if (db.isTransaction) return work(db);
    return db.transaction().execute(work);
  }

  /** Bumps the revision inside a write; after commit, the returned function updates memory if no one else wrote. */
  async function bumpRevision(trx: Db): Promise<(update: () => void) => void> {
    const { rows } = await sql<{ value: number }>`
      update search_fts_meta set value = cast(value as integer) + 1 where key = 'revision'
      returning cast(value as integer) as value`.execute(trx);
    const after = Number(rows[0]!.value);
    return (update) => {
      if (state.revision !== after - 1) return;
      update();
      state.revision = after;
    };
  }

  async function load(): Promise<void> {
    const { rows: meta } = await sql<{ key: string; value: string }>`
      select key, value from search_fts_meta`.execute(db);
    const revision = Number(meta.find((row) => row.key === 'revision')?.value ?? 0);
    if (revision === state.revision) return;
    const stored = meta.find((row) => row.key === 'synonyms');
    const vocabulary = new Vocabulary();
    const { rows: words } = await sql<{ term: string; doc: number }>`
      select term, doc from search_fts_words_vocab`.execute(db);
    const counts = new StemCounts(stems);
    for (const { term, doc } of words) {
      vocabulary.add(term, doc);
      counts.add(term, doc);
    }
    const { rows: counted } = await sql<{ documents: number }>`
      select count(*) as documents from search_fts_ids`.execute(db);
    state.synonyms = compileSynonyms(stored ? (JSON.parse(stored.value) as string[][]) : starterSynonyms);
    state.vocabulary = vocabulary;
    stemCounts = counts;
    state.documents = Number(counted[0]?.documents ?? 0);
    state.revision = revision;
  }

  /** Brings memory up to date with the index (another process may have written to it). */
  async function refresh(): Promise<void> {
    loading ??= load().finally(() => (loading = undefined));
    await loading;
  }

  async function findsAnything(alternatives: Alternative[], query: SearchQuery): Promise<boolean> {
    const { rows } = await sql`
      select rowid from search_fts
      where search_fts match ${restrict(alternatives.map(matchAlternative).join(' OR '), query)} limit 1`.execute(db);
    return rows.length > 0;
  }

  /**
   * The newest scoreWindow matches and how many match in all. For a query of very common words
   * (`cheap`), bm25 is left out — it reads the whole match list of every word to weigh it — and a
   * total beyond the window is extrapolated from how far back in time the window reached, as
   * Meilisearch estimates its totals; otherwise the total is counted.
   */
  async function window(match: string, cheap: boolean, reach: number) {
    const size = Math.max(scoreWindow, reach);
    const score = cheap ? sql`0` : sql`bm25(search_fts, ${bm25Weights})`;
    const { rows } = await sql<{ rowid: number; score: number }>`
      select rowid, ${score} as score from search_fts
      where search_fts match ${match} order by rowid desc limit ${size}`.execute(db);
    if (rows.length < size) return { rows, total: rows.length, exact: true };
    if (!cheap) return { rows, total: await count(match), exact: true };
    const newest = await newestRowid();
    const oldest = rows[rows.length - 1]!.rowid;
    return { rows, total: Math.round((rows.length * newest) / Math.max(1, newest - oldest + 1)), exact: false };
  }

  async function estimateAny(groups: TermGroup[], query: SearchQuery): Promise<number> {
    return (await window(restrict(matchAny(groups), query), true, 0)).total;
  }

  async function newestRowid(): Promise<number> {
    const { rows } = await sql<{ rowid: number | null }>`select max(rowid) as rowid from search_fts_ids`.execute(db);
    return Number(rows[0]?.rowid ?? 0);
  }

  async function count(match: string): Promise<number> {
    const { rows } = await sql<{ total: number }>`
      select count(*) as total from search_fts where search_fts match ${match}`.execute(db);
    return Number(rows[0]?.total ?? 0);
  }

  /** The newest matches with a group in the title, tags or summary: without bm25, these must not be missed. */
  async function headMatches(match: string, reach: number): Promise<number[]> {
    const { rows } = await sql<{ rowid: number }>`
      select rowid from search_fts where search_fts match ${match}
      order by rowid desc limit ${Math.max(rerankSize, reach)}`.execute(db);
    return rows.map((row) => row.rowid);
  }

  /**
   * The articles worth ranking: those matching every group; when fewer than fullMatchMinimum do,
   * those matching any group, each knowing which groups it matched.
   */
  async function candidates(groups: TermGroup[], query: SearchQuery, reach: number) {
    const cheap = estimatedMatches(groups, stemCounts) > bm25Budget;
    const all = await window(restrict(matchAll(groups), query), cheap, reach);
    const byRowid = new Map<number, Candidate>();
    const everyGroup = new Set(groups.keys());
    let total: number;
    if (groups.length === 1 || all.total >= fullMatchMinimum) {
      for (const row of all.rows) {
        byRowid.set(row.rowid, { rowid: row.rowid, score: row.score, groups: everyGroup, head: false });
      }
      total = all.total;
      // Unless the re-ranked candidates hold every match, the newest head matches must join them.
      if (cheap && all.total > Math.min(all.rows.length, rerankSize)) {
        const head = `(${matchAll(groups)}) AND ${headColumns}: (${matchAny(groups)})`;
        for (const rowid of await headMatches(restrict(head, query), reach)) {
          byRowid.set(rowid, { rowid, score: 0, groups: everyGroup, head: true });
        }
      }
    } else {
      let complete = true;
      for (const [index, group] of groups.entries()) {
        const some = await window(restrict(matchGroup(group), query), cheap, reach);
        complete &&= some.exact && some.rows.length === some.total;
        for (const row of some.rows) {
          const known = byRowid.get(row.rowid) ?? {
            rowid: row.rowid,
            score: 0,
            groups: new Set<number>(),
            head: false,
          };
          known.score += row.score;
          known.groups.add(index);
          byRowid.set(row.rowid, known);
        }
      }
      total = complete
        ? byRowid.size
        : cheap
          ? await estimateAny(groups, query)
          : await count(restrict(matchAny(groups), query));
      if (cheap && (!complete || byRowid.size > rerankSize)) {
        const head = `${headColumns}: (${matchAny(groups)})`;
        for (const rowid of await headMatches(restrict(head, query), reach)) {
          const known = byRowid.get(rowid);
          if (known) known.head = true;
          else byRowid.set(rowid, { rowid, score: 0, groups: new Set<number>(), head: true });
        }
      }
    }
    return { found: [...byRowid.values()], total };
  }

  /**
   * Orders the first `size` candidates (by groups matched, then head matches first, then bm25, then age)
   * by scoreMatches, keeping that order among equals; the rest follow in that order.
   */
  async function rerank(groups: TermGroup[], found: Candidate[], size: number): Promise<number[]> {
    const ordered = found.sort(
      (a, b) =>
        b.groups.size - a.groups.size || Number(b.head) - Number(a.head) || a.score - b.score || b.rowid - a.rowid,
    );
    const head = ordered.slice(0, size);
    const { rows } = await sql<{ rowid: number; title: string; tags: string; summary: string }>`
      select rowid, title, tags, summary from search_fts_stems
      where rowid in (select cast(value as integer) from json_each(${JSON.stringify(head.map((row) => row.rowid))}))`.execute(
      db,
    );
    const fields = new Map(rows.map((row) => [row.rowid, row]));
    const weights = groupWeights(groups, state.vocabulary, state.documents);
    const matchers = groups.map(groupMatcher);
    const scores = new Map<number, number>();
    for (const candidate of head) {
      const row = fields.get(candidate.rowid);
      const title = splitStems(row?.title ?? '');
      const tags = splitStems(row?.tags ?? '');
      const summary = splitStems(row?.summary ?? '');
      const matched = matchers.map((matches, index): Field | undefined => {
        if (matches(title)) return 'title';
        if (matches(tags)) return 'tags';
        if (matches(summary)) return 'summary';
        return candidate.groups.has(index) ? 'body' : undefined;
      });
      scores.set(candidate.rowid, scoreMatches(matched, weights));
    }
    const reranked = head
      .map((candidate, order) => ({ rowid: candidate.rowid, order, score: scores.get(candidate.rowid)! }))
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .map((candidate) => candidate.rowid);
    return [...reranked, ...ordered.slice(size).map((candidate) => candidate.rowid)];
  }

  /**
   * The page's hits, the filters checked again on the rows themselves. Snippets are cut here rather
   * than by FTS5's snippet(): that re-reads the match list of every alternative for every row (5–20 ms
   * a page at 100,000 articles), while porterStem marks exactly what FTS5 matched.
   */
  async function hitsFor(rowids: number[], groups: TermGroup[], query: SearchQuery): Promise<SearchHit[]> {
    if (rowids.length === 0) return [];
    const visible =
      query.audience !== 'staff'
        ? sql`and visibility = 'public' and status = 'published'`
        : query.includeDrafts === true
          ? sql``
          : sql`and status = 'published'`;
    const inCategory = query.category ? sql`and category = ${query.category}` : sql``;
    const { rows } = await sql<HitRow>`
      select rowid, id, slug, title, summary, category, category_name, body from search_fts
      where rowid in (select cast(value as integer) from json_each(${JSON.stringify(rowids)}))
        ${visible} ${inCategory}`.execute(db);
    const byRowid = new Map(rows.map((row) => [row.rowid, row]));
    const phrases = groups.flatMap((group) =>
      group.alternatives.map((alternative) => alternative.words.map((word) => stems.of(word))),
    );
    return rowids.flatMap((rowid) => {
      const row = byRowid.get(rowid);
      if (!row) return [];
      const body = passageOf(bodies.of(row.rowid, row.body), phrases, snippetWords) ?? '';
      const summary = passageOf(summaries.of(row.rowid, row.summary), phrases, snippetWords) ?? '';
      return [
        {
          id: row.id,
          slug: row.slug,
          title: row.title,
          summary: row.summary,
          snippet: chooseSnippet(body, summary, row.summary),
          category: row.category,
          categoryName: row.category_name,
        },
      ];
    });
  }

  return {
    name: 'fts5',

    async init() {
      if (dialectOf(db) !== 'sqlite') throw new Error('The FTS5 search engine needs a SQLite database.');
      await createTables(db);
      if ((await storedVersion(db)) < indexVersion) await write((trx) => upgradeIndex(trx, stems));
    },

    async upsert(documents) {
      if (documents.length === 0) return;
      let remember: ((update: () => void) => void) | undefined;
      let added = 0;
      await write(async (trx) => {
        for (const document of documents) {
          const { rows } = await sql<{ rowid: number }>`
            select rowid from search_fts_ids where id = ${document.id}`.execute(trx);
          let rowid = rows[0]?.rowid;
          if (rowid === undefined) {
            const inserted = await sql<{ rowid: number }>`
              insert into search_fts_ids (id) values (${document.id}) returning rowid`.execute(trx);
            rowid = inserted.rows[0]!.rowid;
            added++;
          } else {
            await sql`delete from search_fts where rowid = cast(${rowid} as integer)`.execute(trx);
            await sql`delete from search_fts_words where rowid = cast(${rowid} as integer)`.execute(trx);
          }
          const text = indexText(document);
          await sql`
            insert or replace into search_fts_stems (rowid, title, tags, summary) values (
              cast(${rowid} as integer), ${stems.ofField(text.title)}, ${stems.ofField(text.tags)},
              ${stems.ofField(text.summary)}
            )`.execute(trx);
          await sql`
            insert into search_fts (
              rowid, id, slug, category, category_name, visibility, status, title, summary, tags, body, filters
            ) values (
              cast(${rowid} as integer), ${document.id}, ${document.slug}, ${document.categorySlug},
              ${document.categoryName}, ${document.visibility}, ${document.status},
              ${text.title}, ${text.summary}, ${text.tags}, ${text.body}, ${facetTokens(document)}
            )`.execute(trx);
          await sql`
            insert into search_fts_words (rowid, words)
            values (cast(${rowid} as integer), ${[text.title, text.summary, text.tags, text.body].join('\n')})`.execute(
            trx,
          );
        }
        remember = await bumpRevision(trx);
      });
      remember?.(() => {
        state.documents += added;
        for (const document of documents) {
          const text = indexText(document);
          for (const word of wordsOf([text.title, text.summary, text.tags, text.body].join('\n'))) {
            state.vocabulary.add(word);
            stemCounts.add(word);
          }
        }
      });
    },

    async remove(ids) {
      if (ids.length === 0) return;
      let remember: ((update: () => void) => void) | undefined;
      let removed = 0;
      await write(async (trx) => {
        for (const id of ids) {
          const { rows } = await sql<{ rowid: number }>`select rowid from search_fts_ids where id = ${id}`.execute(trx);
          const rowid = rows[0]?.rowid;
          if (rowid === undefined) continue;
          await sql`delete from search_fts where rowid = cast(${rowid} as integer)`.execute(trx);
          await sql`delete from search_fts_words where rowid = cast(${rowid} as integer)`.execute(trx);
          await sql`delete from search_fts_stems where rowid = cast(${rowid} as integer)`.execute(trx);
          await sql`delete from search_fts_ids where rowid = cast(${rowid} as integer)`.execute(trx);
          removed++;
        }
        remember = await bumpRevision(trx);
      });
      // Words of removed articles stay in memory until the next full load: a stale candidate finds nothing.
      remember?.(() => (state.documents -= removed));
    },

    async clear() {
      let remember: ((update: () => void) => void) | undefined;
      await write(async (trx) => {
        await sql`delete from search_fts`.execute(trx);
        await sql`insert into search_fts_words (search_fts_words) values ('delete-all')`.execute(trx);
        await sql`delete from search_fts_stems`.execute(trx);
        await sql`delete from search_fts_ids`.execute(trx);
        remember = await bumpRevision(trx);
      });
      remember?.(() => {
        state.vocabulary.clear();
        stemCounts = new StemCounts(stems);
        state.documents = 0;
      });
    },

    async setSynonyms(groups) {
      const cleaned = cleanSynonyms(groups);
      let remember: ((update: () => void) => void) | undefined;
      await write(async (trx) => {
        await sql`
          insert into search_fts_meta (key, value) values ('synonyms', ${JSON.stringify(cleaned)})
          on conflict (key) do update set value = excluded.value`.execute(trx);
        remember = await bumpRevision(trx);
      });
      remember?.(() => (state.synonyms = compileSynonyms(cleaned)));
    },

    async search(query): Promise<SearchResult> {
      await refresh();
      const limit = clampLimit(query.limit);
      const offset = Math.max(0, Math.floor(query.offset) || 0);
      const groups = await planQuery(query.text, state, (alternatives) => findsAnything(alternatives, query));
      if (groups.length === 0) return { hits: [], total: 0, engine: 'fts5' };
      const { found, total } = await candidates(groups, query, offset + limit);
      const ranked = await rerank(groups, found, Math.max(rerankSize, offset + limit));
      const hits = await hitsFor(ranked.slice(offset, offset + limit), groups, query);
      return { hits, total, engine: 'fts5' };
    },
  };
}

/** How many documents the query's stems occur in, summed: a guess at what bm25 would have to read. */
function estimatedMatches(groups: TermGroup[], counts: StemCounts): number {
  let total = 0;
  for (const group of groups) {
    for (const alternative of group.alternatives) {
      total += Math.min(...alternative.words.map((word) => counts.documents(word)));
    }
  }
  return total;
}

function clampLimit(limit: number): number {
  return Math.min(100, Math.max(0, Math.floor(limit) || 0));
}

function indexText(document: SearchDocument) {
  return {
    title: cleanIndexText(document.title),
    summary: cleanIndexText(document.summary),
    tags: cleanIndexText(document.tags.join(', ')),
    body: cleanIndexText(document.body),
  };
}
