/**
 * Public content: what the portal shows to anyone who has not signed in (the knowledge base's pages,
 * the portal's name and navigation). Its version changes in the same transaction as every write to
 * the tables that content is made from, view counts aside — database triggers keep it (migration
 * 2026_11_24_0500_public_content_version), so every writer on every instance moves it — which lets a
 * rendered public page be reused until the content under it changes.
 */
import type { Core } from '../context.ts';

/**
 * The current version of the public content: an opaque value that differs after any committed write
 * that could change a public page. Read it before reading the content a page is made from: a write
 * committed in between then makes the page look older than it is (rendered again next time), never newer.
 * @example
 * const before = await publicContentVersion(core);
 * await updateSettings(core, admin, { organisationName: 'Northwind' });
 * (await publicContentVersion(core)) !== before; // true
 */
export async function publicContentVersion(core: Core): Promise<string> {
  const row = await core.db
    .selectFrom('public_content_version')
    .select('version')
    .where('id', '=', 1)
    .executeTakeFirst();
  return String(row?.version ?? '');
}
