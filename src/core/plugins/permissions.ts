import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { PortalUser, Role } from '../../plugin-api/core-api.ts';
import type { PermissionDeclaration } from '../../plugin-api/types.ts';

const grantableRoles = ['customer', 'agent'] as const satisfies readonly Role[];

function declaration(core: Core, permission: string): PermissionDeclaration | undefined {
  const pluginId = permission.split('.')[0] ?? '';
  return core.plugins.find(pluginId)?.definition?.permissions?.find((p) => p.key === permission);
}

/** The roles holding a plugin permission: an admin's mapping, else the plugin's defaults; admins always. */
export async function rolesHolding(core: Core, permission: string): Promise<Role[]> {
  const declared = declaration(core, permission);
  if (!declared) return [];
  const pluginId = permission.split('.')[0] ?? '';
  const mapped = await core.db
    .selectFrom('plugin_permission_roles')
    .select(['permission', 'role'])
    .where('plugin_id', '=', pluginId)
    .execute();
  const mappedHere = mapped.filter((row) => row.permission === permission).map((row) => row.role as Role);
  // A plugin with any mapping saved follows it; 'none' records an explicit mapping to no extra role.
  const roles = mapped.length > 0 ? mappedHere.filter((role) => role !== ('none' as Role)) : declared.defaultRoles;
  return [...new Set<Role>([...roles, 'admin'])];
}

/**
 * Whether a user holds a plugin permission (`<id>.<verb>`). Unknown permissions are held by nobody.
 * @example
 * if (!(await userCan(core, user, 'training.manage'))) throw new PorticoError('not_found', '…');
 */
export async function userCan(core: Core, user: PortalUser | null, permission: string): Promise<boolean> {
  if (!user || !user.active) return false;
  return (await rolesHolding(core, permission)).includes(user.role);
}

/** Saves which roles hold each of a plugin's permissions (admins only; the caller checks). */
export async function mapPluginPermissions(
  core: Core,
  pluginId: string,
  mapping: Record<string, readonly Role[]>,
): Promise<void> {
  const declared = core.plugins.find(pluginId)?.definition?.permissions ?? [];
  for (const key of Object.keys(mapping)) {
    if (!declared.some((p) => p.key === key)) {
      throw new PorticoError('invalid_input', `The plugin ${pluginId} has no permission "${key}".`);
    }
  }
  await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plugin_permission_roles').where('plugin_id', '=', pluginId).execute();
    const rows = declared.flatMap((permission) => {
      const roles = (mapping[permission.key] ?? []).filter((role) =>
        (grantableRoles as readonly string[]).includes(role),
      );
      const kept = roles.length > 0 ? roles : ['none'];
      return kept.map((role) => ({ plugin_id: pluginId, permission: permission.key, role }));
    });
    if (rows.length > 0) await trx.insertInto('plugin_permission_roles').values(rows).execute();
  });
}
