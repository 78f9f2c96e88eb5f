import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase } from '../../../src/core/db/index.ts';
import { createFts5Engine } from '../../../src/core/search/fts5-engine.ts';
import type { Fts5EngineOptions } from '../../../src/core/search/fts5-engine.ts';
import { indexVersion } from '../../../src/core/search/fts5-schema.ts';
import { article, describeEngineBehaviour } from './engine-suite.ts';

async function openFts5(options: Fts5EngineOptions = {}) {
  const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
  const engine = createFts5Engine(db, options);
  await engine.init();
  return { engine, db, another: () => createFts5Engine(db, options), close: () => db.destroy() };
}

describe('createFts5Engine', () => {
  describeEngineBehaviour(() => openFts5());

  describe('with very common words (no bm25)', () => {
    describeEngineBehaviour(() => openFts5({ bm25Budget: 0 }));
  });

  it('estimates the total past its window and still finds an old title match', async () => {
    const { engine, close } = await openFts5({ scoreWindow: 10, bm25Budget: 0 });
    await engine.upsert([article({ id: 'old', title: 'Toner guide', body: 'Everything about it.' })]);
    await engine.upsert(
      Array.from({ length: 29 }, (_, index) =>
        article({ id: `n${index}`, title: `Note ${index}`, body: 'Toner again.' }),
      ),
    );
    const { hits, total } = await engine.search({ text: 'toner ', audience: 'public', limit: 5, offset: 0 });
    expect(total).toBe(30);
    expect(hits[0]!.id).toBe('old');
    await close();
  });

  it('counts the total past its window exactly when the words are not common', async () => {
    const { engine, close } = await openFts5({ scoreWindow: 10 });
    await engine.upsert(
      Array.from({ length: 25 }, (_, index) => article({ id: `n${index}`, title: `Toner ${index}` })),
    );
    await engine.upsert([article({ id: 'hidden', title: 'Toner', visibility: 'internal' })]);
    const { hits, total } = await engine.search({ text: 'toner ', audience: 'public', limit: 5, offset: 20 });
    expect(total).toBe(25);
    expect(hits).toHaveLength(5);
    await close();
  });

  it('keeps its index in its own search_fts tables', async () => {
    const { db, close } = await openFts5();
    const { rows } = await sql<{ name: string }>`
      select name from sqlite_master where name like 'search_fts%' and type = 'table' order by name`.execute(db);
    expect(rows.map((row) => row.name)).toEqual(
      expect.arrayContaining([
        'search_fts',
        'search_fts_ids',
        'search_fts_meta',
        'search_fts_stems',
        'search_fts_words',
        'search_fts_words_vocab',
      ]),
    );
    await close();
  });

  it('brings an index written before search_fts_stems up to date from its own text', async () => {
    const { engine, db, another, close } = await openFts5();
    await engine.upsert([
      article({ id: 'guide', title: 'Printers guide', tags: ['Toner'], body: 'Paper jams.' }),
      article({ id: 'note', title: 'Note', body: 'The printers need toner.' }),
    ]);
    // What an index of version 1 looked like: no stems, no version.
    await sql`drop table search_fts_stems`.execute(db);
    await sql`delete from search_fts_meta where key = 'version'`.execute(db);

    await another().init();

    const { rows: stems } = await sql<{ title: string; tags: string; summary: string }>`
      select title, tags, summary from search_fts_stems order by rowid`.execute(db);
    expect(stems).toEqual([
      { title: 'printer guid', tags: 'toner', summary: '' },
      { title: 'note', tags: '', summary: '' },
    ]);
    const { rows: version } = await sql<{ value: string }>`
      select value from search_fts_meta where key = 'version'`.execute(db);
    expect(version).toEqual([{ value: String(indexVersion) }]);
    const { hits } = await another().search({ text: 'printers toner', audience: 'public', limit: 5, offset: 0 });
    expect(hits.map((hit) => hit.id)).toEqual(['guide', 'note']);
    await close();
  });

  it('marks a new index with the current version, so that it is never upgraded', async () => {
    const { db, close } = await openFts5();
    const { rows } = await sql<{ value: string }>`
      select value from search_fts_meta where key = 'version'`.execute(db);
    expect(rows).toEqual([{ value: String(indexVersion) }]);
    await close();
  });

  it('replaces only the article upserted, leaving the others in place', async () => {
    const { engine, close } = await openFts5();
    await engine.upsert([article({ id: 'a', title: 'Alpha tunnel' }), article({ id: 'b', title: 'Beta tunnel' })]);
    await engine.upsert([article({ id: 'a', title: 'Alpha bridge' })]);
    const { hits } = await engine.search({ text: 'tunnel', audience: 'public', limit: 10, offset: 0 });
    expect(hits.map((hit) => hit.id)).toEqual(['b']);
    await close();
  });

  it('refuses a PostgreSQL database with a clear message', async () => {
    const db = { getExecutor: () => ({ adapter: { constructor: { name: 'PostgresAdapter' } } }) };
    await expect(createFts5Engine(db as never).init()).rejects.toThrow('needs a SQLite database');
  });
});
