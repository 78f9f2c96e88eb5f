import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connectDatabase, newId } from '../../../src/core/db/index.ts';
import { createPostgresEngine } from '../../../src/core/search/postgres-engine.ts';
import { article, describeEngineBehaviour } from './engine-suite.ts';

const url = process.env['TEST_DATABASE_URL'];

async function onServer(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A fresh engine in a schema of its own, dropped again by close(). */
async function openPostgres() {
  const schema = `test_search_${newId()}`;
  await onServer(`create schema ${schema}`);
  const separator = url!.includes('?') ? '&' : '?';
  const db = connectDatabase({
    dialect: 'postgres',
    url: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
  });
  const engine = createPostgresEngine(db);
  await engine.init();
  return {
    engine,
    db,
    another: () => createPostgresEngine(db),
    async close() {
      await db.destroy();
      await onServer(`drop schema ${schema} cascade`);
    },
  };
}

describe.skipIf(!url)('createPostgresEngine', () => {
  describeEngineBehaviour(openPostgres);

  it('keeps the word counts right through replacements and removals', async () => {
    const { engine, db, close } = await openPostgres();
    await engine.upsert([article({ id: 'a', title: 'Quokka care' }), article({ id: 'b', title: 'Quokka food' })]);
    await engine.upsert([article({ id: 'a', title: 'Wombat care' })]);
    await engine.remove(['b']);
    const { rows } = await sql<{ word: string; documents: number }>`
      select word, documents from search_pg_words`.execute(db);
    const counts = Object.fromEntries(rows.map((row) => [row.word, row.documents]));
    expect(counts).toEqual({ wombat: 1, care: 1 });
    await close();
  });

  it('highlights with ts_headline but escapes everything else it returns', async () => {
    const { engine, close } = await openPostgres();
    await engine.upsert([
      article({ id: 'x', title: 'Markup', body: 'A <b onmouseover="alert(1)">bold</b> &amp; risky sandbox.' }),
    ]);
    const { hits } = await engine.search({ text: 'sandbox', audience: 'public', limit: 10, offset: 0 });
    expect(hits[0]!.snippet).toContain('<mark>sandbox</mark>');
    expect(hits[0]!.snippet).toContain('onmouseover=&quot;alert(1)&quot;&gt;bold&lt;/b&gt;');
    expect(hits[0]!.snippet).toContain('&amp;amp;');
    expect(hits[0]!.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    await close();
  });

  it('can be initialised by two engines at once', async () => {
    const { db, close } = await openPostgres();
    await Promise.all([createPostgresEngine(db).init(), createPostgresEngine(db).init()]);
    await close();
  });
});
