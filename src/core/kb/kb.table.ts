export type Visibility = 'public' | 'internal';
export type ArticleStatus = 'draft' | 'published';
export type ArticleSource = 'editor' | 'file';
export type RevisionSource = ArticleSource | 'restore';

export interface KbCategoryTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  /** Categories nest one level: a section names its category here. */
  parent_id: string | null;
  position: number;
  created_at: string;
  updated_at: string;
}

export interface KbArticleTable {
  id: string;
  slug: string;
  category_id: string;
  title: string;
  summary: string;
  body: string;
  visibility: Visibility;
  status: ArticleStatus;
  author_id: string | null;
  /** Who answers for the article: not-helpful votes become review tasks for them. */
  owner_id: string | null;
  position: number;
  /** The number of the current revision. */
  revision: number;
  source: ArticleSource;
  /** For articles from files: the path under content/kb, and the SHA-256 of the file at the last sync. */
  source_path: string | null;
  source_hash: string | null;
  /** 1 once the editor changed a file's article, so sync reports a conflict instead of overwriting. */
  edited_after_sync: number;
  view_count: number;
  helpful_count: number;
  not_helpful_count: number;
  reviewed_at: string | null;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface KbArticleTagTable {
  article_id: string;
  tag: string;
}

/** Every save of an article, complete, with its rendering cached. */
export interface KbRevisionTable {
  id: string;
  article_id: string;
  number: number;
  title: string;
  summary: string;
  body: string;
  /** JSON array. */
  tags: string;
  category_id: string;
  visibility: Visibility;
  status: ArticleStatus;
  author_id: string | null;
  source: RevisionSource;
  html: string;
  /** JSON array of { level, id, text }. */
  toc: string;
  plain_text: string;
  created_at: string;
}

export interface KbVoteTable {
  article_id: string;
  /** `user:<id>` or `reader:<sha-256 of the reader cookie>`. */
  voter: string;
  helpful: number;
  comment: string | null;
  created_at: string;
  resolved_at: string | null;
}

export interface KbSynonymTable {
  id: string;
  /** JSON array of words or phrases that mean the same. */
  terms: string;
  created_at: string;
}

/** Articles whose index entry is stale; written in the same transaction as the change. */
export interface SearchOutboxTable {
  id: string;
  article_id: string;
  created_at: string;
}

export interface KbSearchTable {
  id: string;
  query: string;
  hit_count: number;
  user_id: string | null;
  clicked_article_id: string | null;
  request_followed: number;
  created_at: string;
}
