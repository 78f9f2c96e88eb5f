/**
 * The FTS5 engine's tables (all named search_fts*, created by the engine rather than by migrations, so
 * that PostgreSQL and Meilisearch portals never carry them) and the upgrade of an index written by an
 * older Portico.
 *
 * - `search_fts`: the FTS5 index (`porter unicode61 remove_diacritics 2`). The filter columns come
 *   first and are UNINDEXED; the last column, `filters`, holds tokens for the few articles a query
 *   must leave out (hidden from customers, drafts) and for the category, so that filters apply inside
 *   MATCH, on the index, rather than by reading every matching row (see fts5-match.ts). Hits are
 *   checked again with SQL conditions on the UNINDEXED columns before they are returned.
 * - `search_fts_ids`: article id → FTS5 rowid, so an upsert replaces without scanning.
 * - `search_fts_stems`: by rowid, the Porter stems of the title, tags and summary (see StemMemory.ofField),
 *   written with the article, so that ranking reads in which field a query matched without stemming
 *   article text on every query.
 * - `search_fts_words` + `search_fts_words_vocab`: a contentless, positionless FTS5 index of the same
 *   text without stemming, and its fts5vocab view: the words people may have meant (typo candidates
 *   and completions), loaded into memory once and kept up to date by the engine's own writes.
 * - `search_fts_meta`: the synonym list (JSON), a revision counter bumped on every write (so that an
 *   engine in another process notices and reloads), and the version of these tables' shape.
 */

import { sql } from 'kysely';
import type { Db } from '../db/connect.ts';
import type { StemMemory } from './fts5-stems.ts';

/**
 * The shape of the tables above. Bump it when they change, and teach upgradeIndex to bring an index of
 * the previous shape up to date; an index without a version is version 1 (before search_fts_stems).
 */
export const indexVersion = 2;
/** Articles stemmed per statement while search_fts_stems is filled from an existing index. */
const upgradeBatch = 1000;

/** Creates whichever of the tables is missing. */
export async function createTables(db: Db): Promise<void> {
  await sql`
    create virtual table if not exists search_fts using fts5(
      id unindexed, slug unindexed, category unindexed, category_name unindexed,
      visibility unindexed, status unindexed, title, summary, tags, body, filters,
      tokenize = 'porter unicode61 remove_diacritics 2'
    )`.execute(db);
  await sql`
    create table if not exists search_fts_ids (rowid integer primary key, id text not null unique)`.execute(db);
  await sql`
    create table if not exists search_fts_stems (
      rowid integer primary key, title text not null, tags text not null, summary text not null
    )`.execute(db);
  await sql`
    create virtual table if not exists search_fts_words using fts5(
      words, content = '', contentless_delete = 1, detail = none,
      tokenize = 'unicode61 remove_diacritics 2'
    )`.execute(db);
  await sql`
    create virtual table if not exists search_fts_words_vocab using fts5vocab(search_fts_words, 'row')`.execute(db);
  await sql`
    create table if not exists search_fts_meta (key text primary key, value text not null)`.execute(db);
  await sql`insert or ignore into search_fts_meta (key, value) values ('revision', '0')`.execute(db);
}

/** The version of the index's shape (1 when none is recorded: that index, if any, predates versions). */
export async function storedVersion(db: Db): Promise<number> {
  const { rows } = await sql<{ value: string }>`
    select value from search_fts_meta where key = 'version'`.execute(db);
  return rows[0] ? Number(rows[0].value) : 1;
}

/**
 * Brings an index of an older shape up to indexVersion from what it already holds (the articles' text
 * is in search_fts), inside the caller's write transaction: version 1 lacked search_fts_stems.
 */
export async function upgradeIndex(trx: Db, stems: StemMemory): Promise<void> {
  const version = await storedVersion(trx);
  if (version >= indexVersion) return;
  if (version < 2) {
    await sql`delete from search_fts_stems`.execute(trx);
    for (let after = 0; ;) {
      const { rows } = await sql<{ rowid: number; title: string; tags: string; summary: string }>`
        select rowid, title, tags, summary from search_fts
        where rowid > cast(${after} as integer) order by rowid limit ${upgradeBatch}`.execute(trx);
      if (rows.length === 0) break;
      const stemmed = rows.map((row) => [
        row.rowid,
        stems.ofField(row.title),
        stems.ofField(row.tags),
        stems.ofField(row.summary),
      ]);
      await sql`
        insert into search_fts_stems (rowid, title, tags, summary)
        select value ->> 0, value ->> 1, value ->> 2, value ->> 3 from json_each(${JSON.stringify(stemmed)})`.execute(
        trx,
      );
      after = rows[rows.length - 1]!.rowid;
    }
  }
  await sql`
    insert into search_fts_meta (key, value) values ('version', ${String(indexVersion)})
    on conflict (key) do update set value = excluded.value`.execute(trx);
}
