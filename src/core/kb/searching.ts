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

// How long after a suggestion a request still counts as following it.
const followWindowMs = 2 * 60 * 60 * 1000;

function userIdOf(actor: Actor | null): string | null {
  return actor && actor.role !== 'system' ? actor.id : null;
}

/**
 * Records that a customer opened an article suggested on the request form (the suggestions as they type
 * record nothing, so that typing does not flood the insights): one search, with the article it led to.
 * Unless a request follows, this is a deflected request.
 * @example
 * await recordSuggestionClick(core, user, 'vpn keeps disconnecting', article.id);
 */
export async function recordSuggestionClick(
  core: Core,
  actor: Actor | null,
  query: string,
  articleId: string,
): Promise<void> {
  const q = query.trim().toLowerCase().slice(0, 200);
  if (q === '') return;
  const { total } = await searchKnowledgeBase(core, actor, { q, limit: 1 }, { record: false });
  await core.db
    .insertInto('kb_searches')
    .values({
      id: newId(),
      query: q,
      hit_count: total,
      user_id: userIdOf(actor),
      clicked_article_id: articleId,
      request_followed: 0,
      created_at: nowStored(),
    })
    .execute();
}

/**
 * Records that a request was sent after suggestions were shown for its subject: the caller's recorded
 * search (by id, from the form without JavaScript), else their latest search for the same words in the
 * last two hours, else a new search row. Such searches do not count as deflections.
 * @example
 * await recordRequestFollowed(core, user, { query: ticket.subject });
 */
export async function recordRequestFollowed(
  core: Core,
  actor: Actor | null,
  source: { searchId?: string | null; query?: string | null },
): Promise<void> {
  const userId = userIdOf(actor);
  if (!userId) return;
  if (source.searchId) {
    const result = await core.db
      .updateTable('kb_searches')
      .set({ request_followed: 1 })
      .where('id', '=', source.searchId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (result.numUpdatedRows > 0n) return;
  }
  const q = source.query?.trim().toLowerCase().slice(0, 200) ?? '';
  if (q === '') return;
  const latest = await core.db
    .selectFrom('kb_searches')
    .select('id')
    .where('user_id', '=', userId)
    .where('query', '=', q)
    .where('created_at', '>=', new Date(Date.now() - followWindowMs).toISOString())
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest) {
    await core.db.updateTable('kb_searches').set({ request_followed: 1 }).where('id', '=', latest.id).execute();
    return;
  }
  const { total } = await searchKnowledgeBase(core, actor, { q, limit: 1 }, { record: false });
  await core.db
    .insertInto('kb_searches')
    .values({
      id: newId(),
      query: q,
      hit_count: total,
      user_id: userId,
      clicked_article_id: null,
      request_followed: 1,
      created_at: nowStored(),
    })
    .execute();
}
