/**
 * Relevance on the demo knowledge base: syncs content/kb into a fresh core, indexes it, and runs every
 * query of test/core/search/queries.ts as an anonymous customer would (public audience) through
 * searchKnowledgeBase, with each engine available: FTS5 always, PostgreSQL when TEST_DATABASE_URL is
 * set, Meilisearch when its binary is installed (see test/helpers/meilisearch.ts).
 *
 * Run: node test/bench/relevance.ts
 * Prints `recall_at_5_<engine>` (the expected article among the first 5 hits) and `mrr_<engine>` (mean
 * reciprocal rank of the expected article within the first 10, 0 when absent) as `name: value unit`
 * lines, then one plain `miss_<engine>: …` line per query whose article was not in the first 5.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import type { Core } from '../../src/core/context.ts';
import { migrateToLatest } from '../../src/core/db/index.ts';
import { applyStoredSynonyms, reindexAll, searchKnowledgeBase, syncKnowledgeBase } from '../../src/core/kb/index.ts';
import type { EngineName } from '../../src/core/search/index.ts';
import { demoKnowledgeBase, relevanceQueries } from '../core/search/queries.ts';
import { createTestCore } from '../helpers/core.ts';
import { meilisearchMissingReason, startMeilisearch } from '../helpers/meilisearch.ts';

const log = pino({ level: 'silent' });

interface Outcome {
  engine: EngineName;
  recall: number;
  mrr: number;
  misses: string[];
}

/** Syncs the demo articles into a migrated core and indexes them with whatever engines it has. */
async function prepare(core: Core): Promise<void> {
  const sync = await syncKnowledgeBase(core, demoKnowledgeBase);
  if (sync.invalid.length > 0 || sync.conflicts.length > 0) {
    throw new Error(`content/kb did not sync cleanly: ${JSON.stringify({ ...sync, created: sync.created.length })}`);
  }
  await applyStoredSynonyms(core);
  await reindexAll(core);
}

async function measure(core: Core, engine: EngineName): Promise<Outcome> {
  let found = 0;
  let reciprocalRanks = 0;
  const misses: string[] = [];
  for (const { text, expected } of relevanceQueries) {
    const result = await searchKnowledgeBase(core, null, { q: text, limit: 10 }, { record: false });
    // The service falls back to the local index when Meilisearch fails: that would measure FTS5.
    if (result.engine !== engine) throw new Error(`"${text}" was answered by ${result.engine}, not ${engine}`);
    const slugs = result.hits.map((hit) => hit.slug);
    const rank = slugs.indexOf(expected);
    if (rank >= 0) reciprocalRanks += 1 / (rank + 1);
    if (rank >= 0 && rank < 5) found++;
    else
      misses.push(
        `miss_${engine}: ${text} -> expected ${expected}, got ${slugs.slice(0, 5).join(', ') || '(nothing)'}`,
      );
  }
  return {
    engine,
    recall: found / relevanceQueries.length,
    mrr: reciprocalRanks / relevanceQueries.length,
    misses,
  };
}

const outcomes: Outcome[] = [];
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-relevance-'));
try {
  const environment = { PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'silent' };
  const core = createCore(loadConfig(environment), { log });
  try {
    await migrateToLatest(core.db);
    await prepare(core);
    outcomes.push(await measure(core, 'fts5'));
  } finally {
    await closeCore(core);
  }

  if (process.env['TEST_DATABASE_URL']) {
    // A schema of its own on that server, dropped again by close().
    const postgres = await createTestCore();
    try {
      await prepare(postgres);
      outcomes.push(await measure(postgres, 'postgres'));
    } finally {
      await postgres.close();
    }
  } else {
    console.error('relevance: PostgreSQL skipped (TEST_DATABASE_URL is not set)');
  }

  const missing = meilisearchMissingReason();
  if (missing) {
    console.error(`relevance: Meilisearch skipped (${missing})`);
  } else {
    const meili = await startMeilisearch();
    try {
      // The same SQLite file, now with Meilisearch configured: reindexAll fills it from the database.
      const withMeili = createCore(
        loadConfig({ ...environment, MEILISEARCH_URL: meili.url, MEILISEARCH_API_KEY: meili.masterKey }),
        { log },
      );
      try {
        await prepare(withMeili);
        outcomes.push(await measure(withMeili, 'meilisearch'));
      } finally {
        await closeCore(withMeili);
      }
    } finally {
      await meili.stop();
    }
  }
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

console.error(`relevance: ${relevanceQueries.length} queries over the demo articles in content/kb`);
for (const outcome of outcomes) {
  console.log(`recall_at_5_${outcome.engine}: ${outcome.recall.toFixed(3)} ratio`);
  console.log(`mrr_${outcome.engine}: ${outcome.mrr.toFixed(3)} ratio`);
}
for (const outcome of outcomes) for (const miss of outcome.misses) console.log(miss);
