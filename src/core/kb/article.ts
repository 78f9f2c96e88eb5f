import type { Selectable } from 'kysely';
import { fromStoredTime } from '../db/values.ts';
import type { TocEntry } from './render.ts';
import type { ArticleSource, ArticleStatus, KbArticleTable, KbCategoryTable, Visibility } from './kb.table.ts';

export interface Category {
  id: string;
  slug: string;
  name: string;
  description: string;
  parentId: string | null;
  position: number;
}

export interface Article {
  id: string;
  slug: string;
  title: string;
  summary: string;
  body: string;
  category: Pick<Category, 'id' | 'slug' | 'name'>;
  tags: string[];
  visibility: Visibility;
  status: ArticleStatus;
  authorId: string | null;
  ownerId: string | null;
  position: number;
  revision: number;
  source: ArticleSource;
  sourcePath: string | null;
  editedAfterSync: boolean;
  viewCount: number;
  helpfulCount: number;
  notHelpfulCount: number;
  reviewedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  publishedAt: Date | null;
}

/** An article as a reader sees it: with the cached rendering of its current revision. */
export interface ArticleView extends Article {
  html: string;
  toc: TocEntry[];
}

export function rowToCategory(row: Selectable<KbCategoryTable>): Category {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    parentId: row.parent_id,
    position: row.position,
  };
}

export function rowToArticle(
  row: Selectable<KbArticleTable> & { category_slug: string; category_name: string },
  tags: string[],
): Article {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    summary: row.summary,
    body: row.body,
    category: { id: row.category_id, slug: row.category_slug, name: row.category_name },
    tags,
    visibility: row.visibility,
    status: row.status,
    authorId: row.author_id,
    ownerId: row.owner_id,
    position: row.position,
    revision: row.revision,
    source: row.source,
    sourcePath: row.source_path,
    editedAfterSync: row.edited_after_sync === 1,
    viewCount: row.view_count,
    helpfulCount: row.helpful_count,
    notHelpfulCount: row.not_helpful_count,
    reviewedAt: row.reviewed_at ? fromStoredTime(row.reviewed_at) : null,
    createdAt: fromStoredTime(row.created_at),
    updatedAt: fromStoredTime(row.updated_at),
    publishedAt: row.published_at ? fromStoredTime(row.published_at) : null,
  };
}

/** A URL-safe slug from a title: lower-case ASCII words joined by hyphens. */
export function slugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return slug || 'article';
}

/** "network-and-vpn" → "Network and VPN": a readable name for a category made from a folder. */
export function nameFromSlug(slug: string): string {
  const acronyms = new Set(['vpn', 'it', 'mfa', 'sso', 'vat', 'wi', 'fi', 'pc', 'os', 'api']);
  const small = new Set(['and', 'or', 'of', 'the', 'a', 'to', 'in', 'on', 'for']);
  return slug
    .split('-')
    .filter(Boolean)
    .map((word, index) => {
      if (acronyms.has(word)) return word.toUpperCase();
      if (index > 0 && small.has(word)) return word;
      return word.charAt(0).toUpperCase() + word.slice(1);
    })
    .join(' ');
}
