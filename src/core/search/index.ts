export type {
  ArticleStatus,
  EngineName,
  SearchDocument,
  SearchEngine,
  SearchHit,
  SearchQuery,
  SearchResult,
  Visibility,
} from './engine.ts';
export { createSearchService } from './service.ts';
export type { SearchService } from './service.ts';
export { createFts5Engine } from './fts5-engine.ts';
export { createPostgresEngine } from './postgres-engine.ts';
export { createMeilisearchEngine, SearchUnavailableError } from './meilisearch-engine.ts';
export { normaliseQuery } from './query.ts';
export { starterSynonyms } from './synonyms.ts';
