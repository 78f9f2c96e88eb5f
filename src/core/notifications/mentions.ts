import type { Db } from '../db/connect.ts';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The active agents and admins a note mentions, as `@Sam Support` (their name) or `@sam@portico.example`
 * (their email), case-insensitively. Customers are never matched: a note is internal.
 */
export async function mentionedStaff(db: Db, body: string): Promise<string[]> {
  if (!body.includes('@')) return [];
  const staff = await db
    .selectFrom('users')
    .select(['id', 'name', 'email'])
    .where('role', 'in', ['agent', 'admin'])
    .where('active', '=', 1)
    .execute();
  const found: string[] = [];
  for (const person of staff) {
    // "@" must start a word, and the name or address must end one, so "@Sam Supporter" is not Sam Support.
    const handles = [person.email, person.name.trim()].filter((handle) => handle.length > 0).map(escapeRegExp);
    const pattern = new RegExp(`(^|[^\\w@])@(?:${handles.join('|')})(?![\\w@-]|\\.\\w)`, 'iu');
    if (pattern.test(body)) found.push(person.id);
  }
  return found;
}
