/**
 * Search at scale: generates 10,000 and 100,000 articles (test/bench/corpus.ts, fixed seed), indexes
 * them with each engine through reindexAll, then measures 500 mixed queries over HTTP against a real
 * `portico start` (`GET /api/v1/search`) and the same queries straight against the engine object, so
 * that the ratio shows Portico's own overhead.
 *
 * Run: node test/bench/search.ts [--sizes 10000,100000] [--engines fts5,meilisearch] [--queries 500]
 *        [--timeout-minutes 60] [--keep]
 * Prints one `name: value unit` line per figure on stdout; progress and the slowest queries go to stderr.
 * Meilisearch runs when its binary is installed (see test/helpers/meilisearch.ts); everything listens
 * on loopback, and every server and temporary directory is removed at the end.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import pino from 'pino';
import { createProgress } from '../../src/cli/progress.ts';
import { loadConfig } from '../../src/core/config.ts';
import { closeCore, createCore } from '../../src/core/context.ts';
import { connectDatabase, migrateToLatest } from '../../src/core/db/index.ts';
import { applyStoredSynonyms, reindexAll, renderArticle } from '../../src/core/kb/index.ts';
import { createFts5Engine, createMeilisearchEngine, createSearchService } from '../../src/core/search/index.ts';
import type { EngineName, SearchEngine } from '../../src/core/search/index.ts';
import { meilisearchMissingReason, startMeilisearch } from '../helpers/meilisearch.ts';
import type { MeilisearchServer } from '../helpers/meilisearch.ts';
import { benchCategories, createCorpus } from './corpus.ts';
import { ensureBuild, note, percentile, report, startPortico, tempDirs } from './harness.ts';
import type { Server } from './harness.ts';

const { values: options } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000,100000' },
    engines: { type: 'string' },
    queries: { type: 'string', default: '500' },
    'warm-up': { type: 'string', default: '50' },
    'timeout-minutes': { type: 'string', default: '60' },
    /** Keeps the last size's data directory (SQLite with the FTS5 index) for profiling; prints its path. */
    keep: { type: 'boolean', default: false },
  },
  strict: true,
});

const sizes = options.sizes.split(',').map((size) => Number(size.trim()));
const meiliMissing = meilisearchMissingReason();
const engines = (options.engines ?? (meiliMissing ? 'fts5' : 'fts5,meilisearch'))
  .split(',')
  .map((name) => name.trim()) as Exclude<EngineName, 'postgres'>[];
const queryCount = Number(options.queries);
const warmUpCount = Number(options['warm-up']);
const meiliServers = new Set<MeilisearchServer>();
if (sizes.some((size) => !Number.isInteger(size) || size < 1)) throw new Error('--sizes: whole numbers, e.g. 10000');
for (const engine of engines) {
  if (engine !== 'fts5' && engine !== 'meilisearch') throw new Error(`--engines: fts5 or meilisearch, not ${engine}`);
  if (engine === 'meilisearch' && meiliMissing) throw new Error(meiliMissing);
}

setTimeout(
  () => {
    console.error(`search bench: gave up after ${options['timeout-minutes']} minutes`);
    process.exit(1);
  },
  Number(options['timeout-minutes']) * 60_000,
).unref();

/** The articles, straight into the tables (as the store would write them, without the outbox). */
function loadArticles(file: string, count: number): { renderMs: number } {
  const corpus = createCorpus();
  const database = new BetterSqlite3(file);
  database.pragma('synchronous = OFF');
  const now = new Date().toISOString();
  const categoryIds = new Map<string, string>();
  const insertCategory = database.prepare(
    `insert into kb_categories (id, slug, name, description, parent_id, position, created_at, updated_at)
     values (?, ?, ?, '', null, ?, ?, ?)`,
  );
  for (const [position, [slug, name]] of benchCategories.entries()) {
    const id = `benchcat${position}`;
    categoryIds.set(slug, id);
    insertCategory.run(id, slug, name, position, now, now);
  }
  const insertArticle = database.prepare(
    `insert into kb_articles (id, slug, category_id, title, summary, body, visibility, status, author_id, owner_id,
       position, revision, source, source_path, source_hash, edited_after_sync, view_count, helpful_count,
       not_helpful_count, reviewed_at, created_at, updated_at, published_at)
     values (?, ?, ?, ?, ?, ?, ?, ?, null, null, 0, 1, 'editor', null, null, 0, ?, 0, 0, ?, ?, ?, ?)`,
  );
  const insertTag = database.prepare('insert into kb_article_tags (article_id, tag) values (?, ?)');
  const insertRevision = database.prepare(
    `insert into kb_revisions (id, article_id, number, title, summary, body, tags, category_id, visibility, status,
       author_id, source, html, toc, plain_text, created_at)
     values (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, null, 'editor', ?, ?, ?, ?)`,
  );
  const progress = createProgress(`load ${count}`);
  let renderMs = 0;
  const batch = database.transaction((size: number) => {
    for (let i = 0; i < size; i++) {
      const article = corpus.nextArticle();
      const categoryId = categoryIds.get(article.categorySlug)!;
      const started = performance.now();
      const rendered = renderArticle(article.body);
      renderMs += performance.now() - started;
      insertArticle.run(
        article.id,
        article.slug,
        categoryId,
        article.title,
        article.summary,
        article.body,
        article.visibility,
        article.status,
        article.viewCount,
        article.updatedAt,
        article.updatedAt,
        article.updatedAt,
        article.status === 'published' ? article.updatedAt : null,
      );
      for (const tag of article.tags) insertTag.run(article.id, tag);
      insertRevision.run(
        `${article.id}r1`,
        article.id,
        article.title,
        article.summary,
        article.body,
        JSON.stringify(article.tags),
        categoryId,
        article.visibility,
        article.status,
        rendered.html,
        JSON.stringify(rendered.toc),
        rendered.plainText,
        article.updatedAt,
      );
    }
  });
  for (let done = 0; done < count;) {
    const size = Math.min(5_000, count - done);
    batch(size);
    done += size;
    progress(done, count);
  }
  database.close();
  return { renderMs };
}

/** An engine whose writes are timed, to tell apart what reindexAll spends in each engine. */
function timed(engine: SearchEngine, spent: { ms: number }): SearchEngine {
  const time =
    <A extends unknown[]>(work: (...args: A) => Promise<void>) =>
    async (...args: A) => {
      const started = performance.now();
      try {
        await work(...args);
      } finally {
        spent.ms += performance.now() - started;
      }
    };
  return {
    name: engine.name,
    init: time(() => engine.init()),
    upsert: time((documents) => engine.upsert(documents)),
    remove: time((ids) => engine.remove(ids)),
    clear: time(() => engine.clear()),
    setSynonyms: time((groups) => engine.setSynonyms(groups)),
    search: (query) => engine.search(query),
  };
}

interface Timing {
  query: string;
  ms: number;
}

async function overHttp(server: Server, engine: EngineName, queries: string[]) {
  const timings: Timing[] = [];
  const tookMs: number[] = [];
  let hits = 0;
  for (const query of queries) {
    const started = performance.now();
    const response = await fetch(`${server.url}/api/v1/search?q=${encodeURIComponent(query)}&limit=10`, {
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { hits: unknown[]; engine: string; tookMs: number };
    const ms = performance.now() - started;
    if (!response.ok) throw new Error(`/api/v1/search?q=${query} answered ${response.status}: ${JSON.stringify(body)}`);
    // A fallback to FTS5 would measure the wrong engine: stop rather than report it.
    if (body.engine !== engine) throw new Error(`/api/v1/search answered from ${body.engine}, not ${engine}`);
    timings.push({ query, ms });
    tookMs.push(body.tookMs);
    hits += body.hits.length;
  }
  return { timings, tookMs, hits };
}

/** The median of 200 /healthz round trips: what any request costs before search does anything. */
async function healthz(server: Server): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const started = performance.now();
    await (await fetch(`${server.url}/healthz`)).arrayBuffer();
    times.push(performance.now() - started);
  }
  return percentile(
    times.sort((a, b) => a - b),
    0.5,
  ).toFixed(1);
}

/**
 * Waits until Meilisearch has no task queued or running: a server start re-applies the settings and
 * synonyms, and measuring while it re-indexes would measure that instead.
 */
async function waitUntilIdle(meili: MeilisearchServer): Promise<void> {
  const started = performance.now();
  for (;;) {
    const response = await fetch(`${meili.url}/tasks?statuses=enqueued,processing&limit=1`, {
      headers: { Authorization: `Bearer ${meili.masterKey}` },
    });
    const { total } = (await response.json()) as { total: number };
    if (total === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const waited = performance.now() - started;
  if (waited > 500) note(`waited ${Math.round(waited)} ms for Meilisearch to finish its queued tasks`);
}

async function straight(engine: SearchEngine, queries: string[]) {
  const timings: Timing[] = [];
  let hits = 0;
  for (const query of queries) {
    const started = performance.now();
    const result = await engine.search({ text: query, audience: 'public', limit: 10, offset: 0 });
    timings.push({ query, ms: performance.now() - started });
    hits += result.hits.length;
  }
  return { timings, hits };
}

function latencies(prefix: string, timings: Timing[]): number {
  const sorted = timings.map((timing) => timing.ms).sort((a, b) => a - b);
  report(`${prefix}_p50`, percentile(sorted, 0.5), 'ms');
  report(`${prefix}_p95`, percentile(sorted, 0.95), 'ms');
  report(`${prefix}_p99`, percentile(sorted, 0.99), 'ms');
  const slowest = [...timings].sort((a, b) => b.ms - a.ms).slice(0, 5);
  note(
    `${prefix} slowest: ${slowest.map((timing) => `${JSON.stringify(timing.query)} ${timing.ms.toFixed(1)} ms`).join(', ')}`,
  );
  return percentile(sorted, 0.95);
}

const log = pino({ level: 'warn' });
const corpus = createCorpus();
// The server's API trims the query, so the engine must see the same text.
const queries = corpus.queries(queryCount).map((query) => query.trim());
const warmUp = corpus.queries(warmUpCount, 7).map((query) => query.trim());

async function benchSize(size: number): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portico-bench-search-'));
  tempDirs.add(dataDir);
  const file = path.join(dataDir, 'portico.db');
  const baseEnvironment = { PORTICO_DATA_DIR: dataDir, PORTICO_LOG_LEVEL: 'warn' };
  {
    const core = createCore(loadConfig(baseEnvironment), { log });
    await migrateToLatest(core.db);
    await closeCore(core);
  }
  const loadStarted = performance.now();
  const { renderMs } = loadArticles(file, size);
  report(`load_${size}`, Math.round(performance.now() - loadStarted), 'ms');
  note(`load_${size}: of which markdown-it rendering ${Math.round(renderMs)} ms`);

  let meili: MeilisearchServer | undefined;
  try {
    for (const engineName of engines) {
      const environment: Record<string, string> = { ...baseEnvironment };
      if (engineName === 'meilisearch') {
        meili = await startMeilisearch({ maxIndexingMemory: '4Gb' });
        meiliServers.add(meili);
        environment['MEILISEARCH_URL'] = meili.url;
        environment['MEILISEARCH_API_KEY'] = meili.masterKey;
      }
      const tag = `${engineName}_${size}`;

      // Indexing, as `portico search reindex` does it (with Meilisearch configured, the local FTS5 index
      // is rebuilt too: the service keeps it for fallback).
      const config = loadConfig(environment);
      const db = connectDatabase({ dialect: 'sqlite', file });
      const localSpent = { ms: 0 };
      const remoteSpent = { ms: 0 };
      const remote =
        engineName === 'meilisearch'
          ? timed(createMeilisearchEngine({ url: meili!.url, apiKey: meili!.masterKey }), remoteSpent)
          : null;
      const core = createCore(config, {
        db,
        log,
        search: createSearchService(timed(createFts5Engine(db), localSpent), remote, log),
      });
      await applyStoredSynonyms(core);
      localSpent.ms = 0;
      remoteSpent.ms = 0;
      const indexStarted = performance.now();
      const indexed = await reindexAll(core, createProgress(`index ${tag}`));
      const indexMs = Math.round(performance.now() - indexStarted);
      await closeCore(core);
      report(`index_${tag}`, indexMs, 'ms');
      note(
        `index_${tag}: ${indexed.articles} articles; in the FTS5 engine ${Math.round(localSpent.ms)} ms` +
          (remote ? `, in the Meilisearch engine ${Math.round(remoteSpent.ms)} ms` : '') +
          `, reading documents from the database ${Math.round(indexMs - localSpent.ms - remoteSpent.ms)} ms`,
      );

      // Over HTTP, against `portico start` on that data directory.
      await ensureBuild();
      const startStarted = performance.now();
      const server = await startPortico(environment);
      note(`portico start (${tag}) answered /healthz after ${Math.round(performance.now() - startStarted)} ms`);
      try {
        if (meili) await waitUntilIdle(meili);
        await overHttp(server, engineName, warmUp);
        note(`http_${tag}: /healthz on the same server (Portico's floor per request): p50 ${await healthz(server)} ms`);
        const http = await overHttp(server, engineName, queries);
        const httpP95 = latencies(`http_${tag}`, http.timings);
        const took = [...http.tookMs].sort((a, b) => a - b);
        note(
          `http_${tag}: ${http.hits} hits in all; the engine's own time as the API reports it (tookMs): ` +
            `p50 ${percentile(took, 0.5)} ms, p95 ${percentile(took, 0.95)} ms, p99 ${percentile(took, 0.99)} ms`,
        );
        await server.stop();

        // Straight against the engine object, in this process.
        const rawDb = connectDatabase({ dialect: 'sqlite', file });
        try {
          const engine =
            engineName === 'meilisearch'
              ? createMeilisearchEngine({ url: meili!.url, apiKey: meili!.masterKey })
              : createFts5Engine(rawDb);
          if (engineName === 'fts5') await engine.init();
          await straight(engine, warmUp);
          const raw = await straight(engine, queries);
          const rawP95 = latencies(`raw_${tag}`, raw.timings);
          note(`raw_${tag}: ${raw.hits} hits in all (HTTP: ${http.hits})`);
          report(`overhead_${tag}_p95`, httpP95 / rawP95, 'ratio');
        } finally {
          await rawDb.destroy();
        }
      } finally {
        await server.stop();
      }
    }
  } finally {
    for (const server of meiliServers) await server.stop();
    meiliServers.clear();
    tempDirs.delete(dataDir);
    if (options.keep && size === sizes.at(-1)) note(`kept ${file}`);
    else fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const began = performance.now();
note(
  `search bench: sizes ${sizes.join(', ')}; engines ${engines.join(', ')}; ${queries.length} queries ` +
    `(${warmUp.length} to warm up); vocabulary ${corpus.vocabulary.length} words`,
);
await ensureBuild();
for (const size of sizes) await benchSize(size);
note(`search bench: done in ${Math.round((performance.now() - began) / 1000)} s`);
