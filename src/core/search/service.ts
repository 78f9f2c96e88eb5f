import type { Logger } from 'pino';
import type { SearchDocument, SearchEngine, SearchQuery, SearchResult } from './engine.ts';

/**
 * The portal's search: the configured engine (Meilisearch when `MEILISEARCH_URL` is set) and the
 * local one (FTS5 on SQLite, full-text search on PostgreSQL). The local index is always kept, so a
 * query still answers when Meilisearch is down.
 */
export interface SearchService {
  readonly primary: SearchEngine;
  readonly local: SearchEngine;
  /** Creates the local engine's tables (each engine initialises once, on first use). */
  ready(): Promise<void>;
  /** Writes to the local index, then the remote one; a remote failure throws so the caller retries. */
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  clear(): Promise<void>;
  /** Applies synonyms locally at once, and to the remote engine now or as soon as it answers again. */
  setSynonyms(groups: string[][]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult & { tookMs: number }>;
}

/** After a failure the remote engine is left alone this long, so each request does not wait for a timeout. */
const remoteCoolDownMs = 30_000;

/**
 * Wires the local engine and an optional remote one together.
 * @example
 * const search = createSearchService(createFts5Engine(db), null, log);
 */
export function createSearchService(local: SearchEngine, remote: SearchEngine | null, log: Logger): SearchService {
  let localInit: Promise<void> | undefined;
  let remoteInit: Promise<void> | undefined;
  let remoteDownUntil = 0;
  let synonyms: string[][] | undefined;

  async function localReady(): Promise<SearchEngine> {
    localInit ??= local.init().catch((error: unknown) => {
      localInit = undefined;
      throw error;
    });
    await localInit;
    return local;
  }

  /** The remote engine, initialised, with the latest synonyms; throws while it is cooling down. */
  async function remoteReady(engine: SearchEngine): Promise<SearchEngine> {
    if (Date.now() < remoteDownUntil) throw new Error(`${engine.name} is unavailable; retrying later`);
    try {
      remoteInit ??= engine.init().then(() => (synonyms ? engine.setSynonyms(synonyms) : undefined));
      await remoteInit;
      return engine;
    } catch (error) {
      remoteInit = undefined;
      remoteDownUntil = Date.now() + remoteCoolDownMs;
      throw error;
    }
  }

  async function onRemote(apply: (engine: SearchEngine) => Promise<void>): Promise<void> {
    if (!remote) return;
    try {
      await apply(await remoteReady(remote));
    } catch (error) {
      remoteDownUntil = Math.max(remoteDownUntil, Date.now() + remoteCoolDownMs);
      throw error;
    }
  }

  async function everywhere(apply: (engine: SearchEngine) => Promise<void>): Promise<void> {
    await apply(await localReady());
    await onRemote(apply);
  }

  const elapsed = (started: number) => Math.round((performance.now() - started) * 10) / 10;
  return {
    primary: remote ?? local,
    local,
    ready: async () => {
      await localReady();
    },
    upsert: (documents) => everywhere((engine) => engine.upsert(documents)),
    remove: (ids) => everywhere((engine) => engine.remove(ids)),
    clear: () => everywhere((engine) => engine.clear()),
    async setSynonyms(groups) {
      synonyms = groups;
      await (await localReady()).setSynonyms(groups);
      await onRemote((engine) => engine.setSynonyms(groups)).catch((error: unknown) =>
        log.warn({ err: error }, 'synonyms not yet applied to the search engine; will apply when it answers'),
      );
    },
    async search(query) {
      const started = performance.now();
      if (remote && Date.now() >= remoteDownUntil) {
        try {
          const result = await (await remoteReady(remote)).search(query);
          return { ...result, tookMs: elapsed(started) };
        } catch (error) {
          remoteDownUntil = Date.now() + remoteCoolDownMs;
          log.warn({ err: error, engine: remote.name }, 'search engine unavailable; answering from the local index');
        }
      }
      const result = await (await localReady()).search(query);
      return { ...result, tookMs: elapsed(started) };
    },
  };
}
