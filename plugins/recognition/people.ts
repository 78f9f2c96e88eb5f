import type { PortalUser } from 'portico/plugin-api';
import type { RecognitionContext } from './settings.ts';

/** Staff are active agents and admins: the only people who give, receive or see recognition. */
export function isStaff(user: PortalUser | null | undefined): user is PortalUser {
  return Boolean(user && user.active && (user.role === 'agent' || user.role === 'admin'));
}

/** Active staff by name, for choosing a colleague. */
export async function staffMembers(ctx: RecognitionContext): Promise<PortalUser[]> {
  return ctx.core.users.list({ roles: ['agent', 'admin'] });
}

/** Names by user id, for the ids given; people no longer listed are looked up one by one. */
export async function namesOf(ctx: RecognitionContext, ids: Iterable<string>): Promise<Map<string, string>> {
  const wanted = new Set(ids);
  const names = new Map<string, string>();
  if (wanted.size === 0) return names;
  for (const user of await staffMembers(ctx)) if (wanted.has(user.id)) names.set(user.id, user.name);
  for (const id of wanted) {
    if (names.has(id)) continue;
    const user = await ctx.core.users.get(id);
    names.set(id, user?.name ?? 'Former colleague');
  }
  return names;
}

export function newId(): string {
  return crypto.randomUUID();
}
