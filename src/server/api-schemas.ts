import { z } from 'zod';
import type { Article, ArticleView, KnowledgeBaseHit } from '../core/kb/index.ts';
import type { Group, User } from '../core/users/index.ts';
import { roles } from '../core/users/index.ts';

export const userResource = z
  .object({
    id: z.string(),
    email: z.email(),
    name: z.string(),
    role: z.enum(roles),
    organisationId: z.string().nullable(),
    active: z.boolean(),
    emailVerified: z.boolean(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: 'User' });

export const groupResource = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    createdAt: z.iso.datetime(),
    memberCount: z.number().int().optional(),
  })
  .meta({ id: 'Group' });

export const errorResource = z
  .object({
    error: z.object({
      code: z
        .string()
        .meta({ description: 'invalid_input, unauthenticated, forbidden, not_found, conflict, too_many_requests, …' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

export function userToJson(user: User): z.infer<typeof userResource> {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationId: user.organisationId,
    active: user.active,
    emailVerified: user.emailVerified,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

export function groupToJson(group: Group & { memberCount?: number }): z.infer<typeof groupResource> {
  return {
    id: group.id,
    name: group.name,
    description: group.description,
    createdAt: group.createdAt.toISOString(),
    ...(group.memberCount !== undefined && { memberCount: group.memberCount }),
  };
}

export const tocEntryResource = z
  .object({ level: z.union([z.literal(2), z.literal(3)]), id: z.string(), text: z.string() })
  .meta({ id: 'TocEntry' });

export const articleResource = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    url: z
      .string()
      .meta({ description: 'The article page, relative to the portal, e.g. /kb/billing/request-a-refund' }),
    category: z.object({ id: z.string(), slug: z.string(), name: z.string() }),
    tags: z.array(z.string()),
    visibility: z.enum(['public', 'internal']),
    status: z.enum(['draft', 'published']),
    revision: z.number().int().meta({ description: 'Send it back as expectedRevision to refuse a stale edit' }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    publishedAt: z.iso.datetime().nullable(),
    viewCount: z.number().int().optional().meta({ description: 'Agents and admins only' }),
    helpfulCount: z.number().int().optional().meta({ description: 'Agents and admins only' }),
    notHelpfulCount: z.number().int().optional().meta({ description: 'Agents and admins only' }),
  })
  .meta({ id: 'Article' });

export const articleDetailResource = articleResource
  .extend({
    body: z.string().meta({ description: 'The markdown source' }),
    html: z.string().meta({ description: 'Rendered HTML: raw HTML in the markdown is shown as text' }),
    toc: z.array(tocEntryResource),
  })
  .meta({ id: 'ArticleDetail' });

export const searchHitResource = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    summary: z.string(),
    snippet: z.string().meta({ description: 'HTML-escaped text; matches are wrapped in <mark>, the only markup' }),
    url: z.string(),
    category: z.string().meta({ description: "The category's slug" }),
  })
  .meta({ id: 'SearchHit' });

export const searchResource = z.object({
  hits: z.array(searchHitResource),
  engine: z.enum(['fts5', 'meilisearch', 'postgres']),
  tookMs: z.number(),
  total: z.number().int().meta({ description: 'How many articles match in all; may be an estimate on Meilisearch' }),
});

/** An article as the API shows it; counts only to agents and admins. */
export function articleToJson(article: Article, options: { staff: boolean }): z.infer<typeof articleResource> {
  return {
    id: article.id,
    slug: article.slug,
    title: article.title,
    summary: article.summary,
    url: `/kb/${article.category.slug}/${article.slug}`,
    category: { id: article.category.id, slug: article.category.slug, name: article.category.name },
    tags: article.tags,
    visibility: article.visibility,
    status: article.status,
    revision: article.revision,
    createdAt: article.createdAt.toISOString(),
    updatedAt: article.updatedAt.toISOString(),
    publishedAt: article.publishedAt?.toISOString() ?? null,
    ...(options.staff && {
      viewCount: article.viewCount,
      helpfulCount: article.helpfulCount,
      notHelpfulCount: article.notHelpfulCount,
    }),
  };
}

export function articleDetailToJson(
  article: ArticleView,
  options: { staff: boolean },
): z.infer<typeof articleDetailResource> {
  return { ...articleToJson(article, options), body: article.body, html: article.html, toc: article.toc };
}

export function searchHitToJson(hit: KnowledgeBaseHit): z.infer<typeof searchHitResource> {
  return {
    id: hit.id,
    slug: hit.slug,
    title: hit.title,
    summary: hit.summary,
    snippet: hit.snippet,
    url: hit.url,
    category: hit.category,
  };
}
