import { z } from 'zod';
import type { Core } from '../context.ts';
import { newId, nowStored } from '../db/values.ts';
import type { EngineName, SearchHit } from '../search/index.ts';
import type { Actor } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { readsEverything } from './access.ts';

export const searchInputSchema = z.object({
  q: z.string().trim().max(200, 'Search with at most 200 characters.'),
  category: z.string().trim().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(10),
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});
export type SearchInput = z.input<typeof searchInputSchema>;

export interface KnowledgeBaseHit extends SearchHit {
  url: string;
}

export interface KnowledgeBaseSearch {
  hits: KnowledgeBaseHit[];
  total: number;
  engine: EngineName;
  tookMs: number;
  /** The id of the recorded search, to attach the clicked article and whether a request followed. */
  searchId: string | null;
}

/**
 * Searches the articles the actor may read: customers and visitors see published public ones only,
 * whichever engine answers. Each search is recorded (query, hit count, user id) for the insights page.
 * @example
 * const { hits } = await searchKnowledgeBase(core, null, { q: 'pasword resett' });
 */
export async function searchKnowledgeBase(
  core: Core,
  actor: Actor | null,
  input: SearchInput,
  options: { record?: boolean } = {},
): Promise<KnowledgeBaseSearch> {
  const { q, category, limit, offset } = parseInput(searchInputSchema, input);
  if (q === '') return { hits: [], total: 0, engine: core.search.primary.name, tookMs: 0, searchId: null };
  const result = await core.search.search({
    text: q,
    audience: readsEverything(actor) ? 'staff' : 'public',
    category: category || undefined,
    limit,
    offset,
  });
  let searchId: string | null = null;
  if (options.record !== false && offset === 0) {
    searchId = newId();
    await core.db
      .insertInto('kb_searches')
      .values({
        id: searchId,
        query: q.toLowerCase(),
        hit_count: result.total,
        user_id: actor && actor.role !== 'system' ? actor.id : null,
        clicked_article_id: null,
        request_followed: 0,
        created_at: nowStored(),
      })
      .execute();
  }
  return {
    hits: result.hits.map((hit) => ({ ...hit, url: `/kb/${hit.category}/${hit.slug}` })),
    total: result.total,
    engine: result.engine,
    tookMs: result.tookMs,
    searchId,
  };
}

/** Notes which article a search led to (the link from the results page carries the search id). */
export async function recordSearchClick(core: Core, searchId: string, articleId: string): Promise<void> {
  await core.db.updateTable('kb_searches').set({ clicked_article_id: articleId }).where('id', '=', searchId).execute();
}
