/**
 * The search contract every engine implements (SQLite FTS5, PostgreSQL, Meilisearch), so that results
 * depend as little as possible on which one a portal runs.
 */

export type Visibility = 'public' | 'internal';
export type ArticleStatus = 'draft' | 'published';
export type EngineName = 'fts5' | 'postgres' | 'meilisearch';

/** One article as the index sees it; built from the database by the outbox worker. */
export interface SearchDocument {
  /** The article id. */
  id: string;
  slug: string;
  categorySlug: string;
  categoryName: string;
  title: string;
  summary: string;
  /** The article's visible text (markup removed), one block per line. */
  body: string;
  tags: string[];
  visibility: Visibility;
  status: ArticleStatus;
  /** ISO 8601. */
  updatedAt: string;
}

export interface SearchQuery {
  /** What the person typed, as typed; engines normalise it with `normaliseQuery`. */
  text: string;
  /**
   * Who is asking: `public` sees published public articles only; `staff` sees internal ones too.
   * Engines enforce this on every query: callers never filter afterwards.
   */
  audience: 'public' | 'staff';
  /** Drafts are found only when staff ask for them (the editor's list). */
  includeDrafts?: boolean;
  /** A category slug to restrict to. */
  category?: string | undefined;
  limit: number;
  offset: number;
}

export interface SearchHit {
  id: string;
  slug: string;
  title: string;
  summary: string;
  /**
   * A passage around the match, HTML-escaped, with matches wrapped in <mark>…</mark>: the only markup
   * it can contain, so pages may insert it as HTML.
   */
  snippet: string;
  category: string;
  categoryName: string;
}

export interface SearchResult {
  hits: SearchHit[];
  /** How many articles match in all (for pagination); may be an estimate on Meilisearch. */
  total: number;
  engine: EngineName;
}

export interface SearchEngine {
  readonly name: EngineName;
  /** Creates what the engine needs (tables, index settings); safe to call again. */
  init(): Promise<void>;
  /** Adds or replaces documents by id. */
  upsert(documents: SearchDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
  /** Empties the index (before a full reindex). */
  clear(): Promise<void>;
  /** Groups of words that mean the same (`['vpn', 'remote access']`), shared by both engines. */
  setSynonyms(groups: string[][]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
}
