import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { connectDatabase, newId } from '../../../src/core/db/index.ts';
import type { SearchEngine } from '../../../src/core/search/engine.ts';
import { createFts5Engine } from '../../../src/core/search/fts5-engine.ts';
import { createMeilisearchEngine } from '../../../src/core/search/meilisearch-engine.ts';
import { createPostgresEngine } from '../../../src/core/search/postgres-engine.ts';
import { shouldSkipMeilisearchTests, startMeilisearch } from '../../helpers/meilisearch.ts';
import { loadDemoDocuments, relevanceQueries } from './queries.ts';

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

/** Runs every query as a customer would (public audience, top 5) and reports recall@5. */
async function measure(engine: SearchEngine) {
  await engine.upsert(loadDemoDocuments());
  const misses: string[] = [];
  const timings: number[] = [];
  for (const { text, expected } of relevanceQueries) {
    const started = performance.now();
    const { hits } = await engine.search({ text, audience: 'public', limit: 5, offset: 0 });
    timings.push(performance.now() - started);
    const slugs = hits.map((hit) => hit.slug);
    if (!slugs.includes(expected)) misses.push(`"${text}" → [${slugs.join(', ')}], expected ${expected}`);
  }
  const recall = 1 - misses.length / relevanceQueries.length;
  timings.sort((a, b) => a - b);
  const percentile = (p: number) => timings[Math.min(timings.length - 1, Math.floor(timings.length * p))]!.toFixed(1);
  console.log(
    `${engine.name}: recall@5 ${(recall * 100).toFixed(1)}% over ${relevanceQueries.length} queries` +
      ` (p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms)` +
      (misses.length ? `\n  misses:\n  ${misses.join('\n  ')}` : ', no misses'),
  );
  return recall;
}

describe('relevance on the demo knowledge base', () => {
  it('has at least 40 customer queries, each answered by a public demo article', () => {
    const public_ = new Set(
      loadDemoDocuments()
        .filter((doc) => doc.visibility === 'public')
        .map((doc) => doc.slug),
    );
    expect(relevanceQueries.length).toBeGreaterThanOrEqual(40);
    for (const { expected } of relevanceQueries) expect(public_, expected).toContain(expected);
  });

  it('finds the right article in the top 5 for at least 90% of queries with FTS5', async () => {
    const db = connectDatabase({ dialect: 'sqlite', file: ':memory:' });
    const engine = createFts5Engine(db);
    await engine.init();
    expect(await measure(engine)).toBeGreaterThanOrEqual(0.9);
    await db.destroy();
  });

  it.skipIf(!url)('finds the right article in the top 5 for at least 90% of queries with PostgreSQL', async () => {
    const schema = `test_relevance_${newId()}`;
    await onServer(`create schema ${schema}`);
    const separator = url!.includes('?') ? '&' : '?';
    const db = connectDatabase({
      dialect: 'postgres',
      url: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
    });
    try {
      const engine = createPostgresEngine(db);
      await engine.init();
      expect(await measure(engine)).toBeGreaterThanOrEqual(0.9);
    } finally {
      await db.destroy();
      await onServer(`drop schema ${schema} cascade`);
    }
  });

  it.skipIf(Boolean(shouldSkipMeilisearchTests()))(
    'finds the right article in the top 5 for at least 93% of queries with Meilisearch',
    async () => {
      const server = await startMeilisearch();
      try {
        const engine = createMeilisearchEngine({ url: server.url, apiKey: server.masterKey, indexUid: 'relevance' });
        await engine.init();
        expect(await measure(engine)).toBeGreaterThanOrEqual(0.93);
      } finally {
        await server.stop();
      }
    },
    120_000,
  );
});
