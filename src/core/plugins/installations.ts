import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { fromStoredTime } from '../db/values.ts';
import { isUsable } from './host.ts';
import type { DiscoveredPlugin } from './host.ts';
import type { PluginInstallationTable, PluginState } from './plugin.table.ts';

export interface PluginInstallation {
  id: string;
  version: string;
  state: PluginState;
  error: string | null;
  consecutiveFailures: number;
  installedAt: Date;
  updatedAt: Date;
}

function rowToInstallation(row: Selectable<PluginInstallationTable>): PluginInstallation {
  return {
    id: row.id,
    version: row.version,
    state: row.state,
    error: row.error,
    consecutiveFailures: row.consecutive_failures,
    installedAt: fromStoredTime(row.installed_at),
    updatedAt: fromStoredTime(row.updated_at),
  };
}

/** Every installed plugin's state, read fresh: another instance may have changed it a moment ago. */
export async function pluginInstallations(core: Core): Promise<Map<string, PluginInstallation>> {
  const rows = await core.db.selectFrom('plugin_installations').selectAll().execute();
  return new Map(rows.map((row) => [row.id, rowToInstallation(row)]));
}

export async function pluginInstallation(core: Core, id: string): Promise<PluginInstallation | undefined> {
  const row = await core.db.selectFrom('plugin_installations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToInstallation(row) : undefined;
}

/**
 * The plugins that run now: usable, installed, enabled, and not in safe mode. Read from the database on
 * every call, so disabling a plugin on one instance takes effect on all of them at once.
 * @example
 * const running = await enabledPlugins(core);
 */
export async function enabledPlugins(
  core: Core,
): Promise<(DiscoveredPlugin & { definition: NonNullable<DiscoveredPlugin['definition']> })[]> {
  if (core.config.safeMode) return [];
  const usable = core.plugins.usable();
  if (usable.length === 0) return [];
  const rows = await core.db.selectFrom('plugin_installations').select('id').where('state', '=', 'enabled').execute();
  const enabled = new Set(rows.map((row) => row.id));
  return usable.filter((plugin) => enabled.has(plugin.id)).filter(isUsable);
}

/** Whether one plugin runs now (see enabledPlugins). */
export async function isPluginEnabled(core: Core, id: string): Promise<boolean> {
  if (core.config.safeMode) return false;
  const plugin = core.plugins.find(id);
  if (!plugin || !isUsable(plugin)) return false;
  const row = await core.db.selectFrom('plugin_installations').select('state').where('id', '=', id).executeTakeFirst();
  return row?.state === 'enabled';
}
