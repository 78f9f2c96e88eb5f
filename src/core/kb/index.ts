export type { Article, ArticleView, Category } from './article.ts';
export { nameFromSlug, slugify } from './article.ts';
export type { ArticleSource, ArticleStatus, Visibility } from './kb.table.ts';
export { readableBy, readsEverything } from './access.ts';
export {
  articleFilterSchema,
  articleInputSchema,
  articlePatchSchema,
  categoryInputSchema,
  tagsSchema,
} from './schemas.ts';
export type { ArticleFilter, ArticleInput, ArticlePatch, CategoryInput } from './schemas.ts';
export { createCategory, deleteCategory, getCategoryBySlug, listCategories, updateCategory } from './categories.ts';
export type { CategoryWithCount } from './categories.ts';
export {
  createArticle,
  getArticle,
  getArticleForEditing,
  listArticles,
  relatedArticles,
  updateArticle,
} from './articles.ts';
export { flushArticleViews, recordArticleView, viewFlushDelayMs } from './views.ts';
export { diffRevisions, listRevisions, restoreRevision } from './revisions.ts';
export type { DiffPart, Revision, RevisionDiff } from './revisions.ts';
export { currentVote, voteOnArticle, voteSchema } from './votes.ts';
export type { Voter } from './votes.ts';
export { parseArticleFile } from './front-matter.ts';
export { syncKnowledgeBase } from './sync.ts';
export type { SyncReport } from './sync.ts';
export { drainSearchOutbox, reindexAll } from './indexing.ts';
export {
  recordRequestFollowed,
  recordSearchClick,
  recordSuggestionClick,
  searchInputSchema,
  searchKnowledgeBase,
} from './searching.ts';
export type { KnowledgeBaseHit, KnowledgeBaseSearch, SearchInput } from './searching.ts';
export { excerpt, renderArticle } from './render.ts';
export type { RenderedArticle, TocEntry } from './render.ts';
export { applyStoredSynonyms, listSynonymGroups, replaceSynonymGroups, synonymGroupsSchema } from './synonyms.ts';
export { listReviewTasks, listStaleArticles, markArticleReviewed, resolveReviewTask } from './reviews.ts';
export type { ReviewTask, StaleArticle, StaleReason } from './reviews.ts';
export { insightsPeriodSchema, knowledgeBaseInsights } from './insights.ts';
export type { InsightsPeriod, KnowledgeBaseInsights } from './insights.ts';
