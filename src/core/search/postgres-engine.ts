/**
 * Search on PostgreSQL's full-text search, for portals that run on PostgreSQL: nothing to install.
 *
 * Tables (created by init, all named search_pg_*):
 * - `search_pg_documents`: one row per article with a stored, weighted tsvector (`english`; title A,
 *   tags B, summary C, body D, computed from the text with diacritics folded, as queries are) and a
 *   GIN index on it.
 * - `search_pg_words`: the distinct words of the index (unstemmed) and in how many articles each
 *   occurs, kept up to date on every write: the typo candidates.
 * - `search_pg_meta`: the synonym list (JSON) and a revision counter bumped on every write.
 *
 * Queries are planned as for FTS5 (plan.ts): same normalisation, synonyms, typo rule and ranking
 * (scoreMatches, then ts_rank_cd with weights body 0.1, summary 0.4, tags 0.6, title 1), so that
 * results do not depend much on the engine.
 */

import { sql } from 'kysely';
import type { RawBuilder } from 'kysely';
import { dialectOf } from '../db/connect.ts';
import type { Db } from '../db/connect.ts';
import type { SearchDocument, SearchEngine, SearchQuery, SearchResult } from './engine.ts';
import { fieldWeights, fullMatchMinimum, groupWeights, PlannerState, planQuery } from './plan.ts';
import type { Alternative, TermGroup } from './plan.ts';
import { foldText, wordsOf } from './query.ts';
import { chooseSnippet, cleanIndexText } from './snippet.ts';
import { cleanSynonyms, compileSynonyms, starterSynonyms } from './synonyms.ts';
import { Vocabulary } from './words.ts';

const headlineOptions =
  'StartSel=\u0002, StopSel=\u0003, MaxWords=24, MinWords=12, ShortWord=2, MaxFragments=1, FragmentDelimiter=" … "';

/**
 * ts_headline reads `<…>` as markup and drops it; text about `<script>` is text, so angle brackets go
 * in as two control characters the index never holds (cleanIndexText) and come back after.
 */
const angleStandIns = '\u0004\u0005';

function restoreAngles(text: string): string {
  return text.replaceAll('\u0004', '<').replaceAll('\u0005', '>');
}

interface HitRow {
  id: string;
  slug: string;
  title: string;
  summary: string;
  category: string;
  category_name: string;
  body_snippet: string;
  summary_snippet: string;
  total: string | number;
}

/**
 * Creates the PostgreSQL engine. Call `init()` once before use (it creates the tables if they are
 * missing; safe to repeat, also from several processes). Synonyms default to starterSynonyms until
 * setSynonyms is called.
 * @example
 * const engine = createPostgresEngine(db);
 * await engine.init();
 * await engine.upsert([document]);
 * const { hits } = await engine.search({ text: 'vpm', audience: 'public', limit: 10, offset: 0 });
 */
export function createPostgresEngine(db: Db): SearchEngine {
  const state = new PlannerState();
  let loading: Promise<void> | undefined;

  async function write(work: (trx: Db) => Promise<void>): Promise<void> {
    if (db.isTransaction) return work(db);
    return db.transaction().execute(work);
  }

  async function bumpRevision(trx: Db): Promise<(update: () => void) => void> {
    const { rows } = await sql<{ value: string }>`
      update search_pg_meta set value = (value::bigint + 1)::text where key = 'revision' returning value`.execute(trx);
    const after = Number(rows[0]!.value);
    return (update) => {
      if (state.revision !== after - 1) return;
      update();
      state.revision = after;
    };
  }

  async function load(): Promise<void> {
    const { rows: meta } = await sql<{ key: string; value: string }>`select key, value from search_pg_meta`.execute(db);
    const revision = Number(meta.find((row) => row.key === 'revision')?.value ?? 0);
    if (revision === state.revision) return;
    const stored = meta.find((row) => row.key === 'synonyms');
    const vocabulary = new Vocabulary();
    const { rows: words } = await sql<{ word: string; documents: number }>`
      select word, documents from search_pg_words`.execute(db);
    for (const { word, documents } of words) vocabulary.add(word, Number(documents));
    const { rows: counted } = await sql<{ documents: string }>`
      select count(*) as documents from search_pg_documents`.execute(db);
    state.synonyms = compileSynonyms(stored ? (JSON.parse(stored.value) as string[][]) : starterSynonyms);
    state.vocabulary = vocabulary;
    state.documents = Number(counted[0]?.documents ?? 0);
    state.revision = revision;
  }

  async function refresh(): Promise<void> {
    loading ??= load().finally(() => (loading = undefined));
    await loading;
  }

  async function findsAnything(alternatives: Alternative[], query: SearchQuery): Promise<boolean> {
    const match = alternatives.map((alternative) => tsAlternative(alternative, '')).join(' | ');
    const { rows } = await sql`
      select 1 from search_pg_documents
      where document @@ to_tsquery('english', ${match}) ${filters(query)} limit 1`.execute(db);
    return rows.length > 0;
  }

  /** Adds the words of the new texts and takes away those of the old ones, in one statement. */
  async function countWords(trx: Db, added: string[], removed: string[]): Promise<void> {
    const deltas = new Map<string, number>();
    for (const text of added) for (const word of wordsOf(text)) deltas.set(word, (deltas.get(word) ?? 0) + 1);
    for (const text of removed) for (const word of wordsOf(text)) deltas.set(word, (deltas.get(word) ?? 0) - 1);
    for (const [word, delta] of deltas) if (delta === 0) deltas.delete(word);
    if (deltas.size === 0) return;
    await sql`
      insert into search_pg_words (word, documents)
      select * from unnest(${[...deltas.keys()]}::text[], ${[...deltas.values()]}::integer[])
      on conflict (word) do update set documents = search_pg_words.documents + excluded.documents`.execute(trx);
    await sql`delete from search_pg_words where documents <= 0`.execute(trx);
  }

  async function storedTexts(trx: Db, ids: string[]): Promise<Map<string, string>> {
    const { rows } = await sql<{ id: string; title: string; summary: string; tags: string; body: string }>`
      select id, title, summary, tags, body from search_pg_documents where id = any(${ids}::text[])`.execute(trx);
    return new Map(rows.map((row) => [row.id, [row.title, row.summary, row.tags, row.body].join('\n')]));
  }

  /** One page, ranked as plan.ts describes, with snippets; `all` decides between every group and any. */
  async function page(groups: TermGroup[], query: SearchQuery, all: boolean, limit: number, offset: number) {
    const weights = groupWeights(groups, state.vocabulary, state.documents);
    const match = all ? tsAll(groups) : tsAny(groups);
    const queries = groups.flatMap((group, index) =>
      (['A', 'B', 'C', ''] as const).map(
        (weight) =>
          sql`to_tsquery('english', ${tsGroup(group, weight)}) as ${sql.raw(`g${index}${weight.toLowerCase()}`)}`,
      ),
    );
    const score = sql.join(
      groups.map((_, index) => {
        const column = (weight: string) => sql.raw(`q.g${index}${weight}`);
        return sql`${weights[index]!}::float8 * case
          when document @@ ${column('a')} then ${fieldWeights.title}::float8
          when document @@ ${column('b')} then ${fieldWeights.tags}::float8
          when document @@ ${column('c')} then ${fieldWeights.summary}::float8
          when document @@ ${column('')} then ${fieldWeights.body}::float8
          else 0 end`;
      }),
      sql` + `,
    );
    const { rows } = await sql<HitRow>`
      select id, slug, title, summary, category, category_name, total,
        ts_headline('english', translate(body, '<>', ${angleStandIns}), highlight, ${headlineOptions}) as body_snippet,
        ts_headline('english', translate(summary, '<>', ${angleStandIns}), highlight, ${headlineOptions}) as summary_snippet
      from (
        select d.id, d.slug, d.title, d.summary, d.body, d.category, d.category_name, q.highlight,
          count(*) over () as total,
          ${score} as score,
          ts_rank_cd('{0.1, 0.4, 0.6, 1.0}', document, q.highlight) as rank
        from search_pg_documents d,
          (select to_tsquery('english', ${match}) as matching, to_tsquery('english', ${tsAny(groups)}) as highlight,
            ${sql.join(queries)}) q
        where d.document @@ q.matching ${filters(query)}
        order by score desc, rank desc, id
        limit ${limit} offset ${offset}
      ) ranked
      order by score desc, rank desc, id`.execute(db);
    return rows;
  }

  async function count(match: string, query: SearchQuery): Promise<number> {
    const { rows } = await sql<{ total: string }>`
      select count(*) as total from search_pg_documents
      where document @@ to_tsquery('english', ${match}) ${filters(query)}`.execute(db);
    return Number(rows[0]?.total ?? 0);
  }

  return {
    name: 'postgres',

    async init() {
      if (dialectOf(db) !== 'postgres') throw new Error('The PostgreSQL search engine needs a PostgreSQL database.');
      await db.transaction().execute(async (trx) => {
        // Two processes starting together must not both create the tables.
        await sql`select pg_advisory_xact_lock(hashtext('portico.search_pg.init'))`.execute(trx);
        await sql`
          create table if not exists search_pg_documents (
            id text primary key,
            slug text not null,
            category text not null,
            category_name text not null,
            visibility text not null,
            status text not null,
            title text not null,
            summary text not null,
            tags text not null,
            body text not null,
            document tsvector not null
          )`.execute(trx);
        await sql`
          create index if not exists search_pg_documents_document
          on search_pg_documents using gin (document)`.execute(trx);
        await sql`
          create table if not exists search_pg_words (
            word text collate "C" primary key,
            documents integer not null
          )`.execute(trx);
        await sql`create table if not exists search_pg_meta (key text primary key, value text not null)`.execute(trx);
        await sql`insert into search_pg_meta (key, value) values ('revision', '0') on conflict do nothing`.execute(trx);
      });
    },

    async upsert(documents) {
      if (documents.length === 0) return;
      const latest = new Map(documents.map((document) => [document.id, document]));
      let remember: ((update: () => void) => void) | undefined;
      let added = 0;
      const texts: string[] = [];
      await write(async (trx) => {
        const before = await storedTexts(trx, [...latest.keys()]);
        for (const document of latest.values()) {
          const text = indexText(document);
          texts.push([text.title, text.summary, text.tags, text.body].join('\n'));
          if (!before.has(document.id)) added++;
          await sql`
            insert into search_pg_documents (
              id, slug, category, category_name, visibility, status, title, summary, tags, body, document
            ) values (
              ${document.id}, ${document.slug}, ${document.categorySlug}, ${document.categoryName},
              ${document.visibility}, ${document.status}, ${text.title}, ${text.summary}, ${text.tags}, ${text.body},
              setweight(to_tsvector('english', ${foldText(text.title)}), 'A') ||
              setweight(to_tsvector('english', ${foldText(text.tags)}), 'B') ||
              setweight(to_tsvector('english', ${foldText(text.summary)}), 'C') ||
              setweight(to_tsvector('english', ${foldText(text.body)}), 'D')
            )
            on conflict (id) do update set
              slug = excluded.slug, category = excluded.category, category_name = excluded.category_name,
              visibility = excluded.visibility, status = excluded.status, title = excluded.title,
              summary = excluded.summary, tags = excluded.tags, body = excluded.body, document = excluded.document`.execute(
            trx,
          );
        }
        await countWords(trx, texts, [...before.values()]);
        remember = await bumpRevision(trx);
      });
      remember?.(() => {
        state.documents += added;
        for (const text of texts) for (const word of wordsOf(text)) state.vocabulary.add(word);
      });
    },

    async remove(ids) {
      if (ids.length === 0) return;
      let remember: ((update: () => void) => void) | undefined;
      let removed = 0;
      await write(async (trx) => {
        const before = await storedTexts(trx, ids);
        await sql`delete from search_pg_documents where id = any(${ids}::text[])`.execute(trx);
        await countWords(trx, [], [...before.values()]);
        removed = before.size;
        remember = await bumpRevision(trx);
      });
      remember?.(() => (state.documents -= removed));
    },

    async clear() {
      let remember: ((update: () => void) => void) | undefined;
      await write(async (trx) => {
        await sql`delete from search_pg_documents`.execute(trx);
        await sql`delete from search_pg_words`.execute(trx);
        remember = await bumpRevision(trx);
      });
      remember?.(() => {
        state.vocabulary.clear();
        state.documents = 0;
      });
    },

    async setSynonyms(groups) {
      const cleaned = cleanSynonyms(groups);
      let remember: ((update: () => void) => void) | undefined;
      await write(async (trx) => {
        await sql`
          insert into search_pg_meta (key, value) values ('synonyms', ${JSON.stringify(cleaned)})
          on conflict (key) do update set value = excluded.value`.execute(trx);
        remember = await bumpRevision(trx);
      });
      remember?.(() => (state.synonyms = compileSynonyms(cleaned)));
    },

    async search(query): Promise<SearchResult> {
      await refresh();
      const limit = Math.min(100, Math.max(0, Math.floor(query.limit) || 0));
      const offset = Math.max(0, Math.floor(query.offset) || 0);
      const groups = await planQuery(query.text, state, (alternatives) => findsAnything(alternatives, query));
      if (groups.length === 0) return { hits: [], total: 0, engine: 'postgres' };
      const every = groups.length === 1 || (await count(tsAll(groups), query)) >= fullMatchMinimum;
      const rows = await page(groups, query, every, limit, offset);
      const total =
        rows.length > 0 ? Number(rows[0]!.total) : await count(every ? tsAll(groups) : tsAny(groups), query);
      const hits = rows.map((row) => ({
        id: row.id,
        slug: row.slug,
        title: row.title,
        summary: row.summary,
        snippet: chooseSnippet(restoreAngles(row.body_snippet), restoreAngles(row.summary_snippet), row.summary),
        category: row.category,
        categoryName: row.category_name,
      }));
      return { hits, total, engine: 'postgres' };
    },
  };
}

/** The filters every query carries: anyone but staff sees published public articles only. */
function filters(query: SearchQuery): RawBuilder<unknown> {
  const parts: RawBuilder<unknown>[] = [];
  if (query.audience !== 'staff') parts.push(sql`visibility = 'public' and status = 'published'`);
  else if (query.includeDrafts !== true) parts.push(sql`status = 'published'`);
  if (query.category) parts.push(sql`category = ${query.category}`);
  return parts.length === 0 ? sql`` : sql`and ${sql.join(parts, sql` and `)}`;
}

/**
 * One alternative in tsquery syntax: each word quoted (words hold only letters and digits, and quotes
 * and backslashes are dropped besides), joined by `<->` for a phrase, with a weight label (A–D) to
 * match in one field only.
 */
function tsAlternative(alternative: Alternative, weight: string): string {
  return alternative.words
    .map((word) => {
      const quoted = `'${word.replace(/['\\]/g, '')}'`;
      return weight ? `${quoted}:${weight}` : quoted;
    })
    .join(' <-> ');
}

function tsGroup(group: TermGroup, weight: string): string {
  return `(${group.alternatives.map((alternative) => tsAlternative(alternative, weight)).join(' | ')})`;
}

function tsAll(groups: TermGroup[]): string {
  return groups.map((group) => tsGroup(group, '')).join(' & ');
}

function tsAny(groups: TermGroup[]): string {
  return groups.map((group) => tsGroup(group, '')).join(' | ');
}

function indexText(document: SearchDocument) {
  return {
    title: cleanIndexText(document.title),
    summary: cleanIndexText(document.summary),
    tags: cleanIndexText(document.tags.join(', ')),
    body: cleanIndexText(document.body),
  };
}
