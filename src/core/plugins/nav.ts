import type { Core } from '../context.ts';
import type { PortalUser, Role } from '../../plugin-api/core-api.ts';
import type { NavEntry } from '../../plugin-api/types.ts';
import { enabledPlugins } from './installations.ts';
import { userCan } from './permissions.ts';

const rank: Record<Role, number> = { customer: 0, agent: 1, admin: 2 };

/**
 * The navigation entries enabled plugins add to an area, for one visitor: entries above the visitor's
 * role or behind a permission they lack are left out.
 * @example
 * const entries = await pluginNav(core, user, 'desk'); // [{ href: '/plugins/csat/', label: 'CSAT' }]
 */
export async function pluginNav(
  core: Core,
  user: PortalUser | null,
  area: NavEntry['area'],
): Promise<{ href: string; label: string }[]> {
  const entries: { href: string; label: string }[] = [];
  for (const plugin of await enabledPlugins(core)) {
    for (const entry of plugin.definition.nav ?? []) {
      if (entry.area !== area) continue;
      if (entry.role && (!user || rank[user.role] < rank[entry.role])) continue;
      if (entry.permission && !(await userCan(core, user, entry.permission))) continue;
      const path = entry.path.replace(/^\/+|\/+$/g, '');
      entries.push({ href: `/plugins/${plugin.id}${path ? `/${path}` : ''}`, label: entry.label });
    }
  }
  return entries;
}
