import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { nowStored } from '../db/values.ts';
import { assertAdmin } from '../users/index.ts';
import type { Actor } from '../users/index.ts';
import { isUsable } from './host.ts';
import type { DiscoveredPlugin } from './host.ts';
import { pluginInstallation, pluginInstallations } from './installations.ts';
import type { PluginInstallation } from './installations.ts';
import { migratePlugin, unmigratePlugin } from './plugin-migrations.ts';
import { recordPluginFailure } from './errors.ts';

function usablePlugin(core: Core, id: string) {
  const plugin = core.plugins.find(id);
  if (!plugin) {
    throw new PorticoError('not_found', `There is no plugin "${id}" in plugins/.`, {
      hint: 'Run `portico plugin list` to see the plugins found.',
    });
  }
  if (!isUsable(plugin)) {
    throw new PorticoError('conflict', `The plugin ${id} cannot run: ${plugin.error ?? plugin.incompatible}.`);
  }
  return plugin;
}

async function installed(core: Core, id: string): Promise<PluginInstallation> {
  const installation = await pluginInstallation(core, id);
  if (!installation) {
    throw new PorticoError('conflict', `The plugin ${id} is not installed.`, { hint: `Install it first.` });
  }
  return installation;
}

async function setState(core: Core, id: string, state: 'enabled' | 'disabled'): Promise<void> {
  await core.db
    .updateTable('plugin_installations')
    .set({ state, error: null, consecutive_failures: 0, updated_at: nowStored() })
    .where('id', '=', id)
    .execute();
  core.log.info({ plugin: id, state }, 'plugin state changed');
}

/**
 * Installs a plugin: runs its migrations, stores its default settings, and enables it. Installing an
 * installed plugin upgrades it (runs new migrations) and enables it.
 * @example
 * await installPlugin(core, admin, 'csat');
 */
export async function installPlugin(core: Core, actor: Actor | null, id: string): Promise<PluginInstallation> {
  assertAdmin(actor);
  const plugin = usablePlugin(core, id);
  const states = await pluginInstallations(core);
  for (const required of Object.keys(plugin.definition.requires ?? {})) {
    if (!states.has(required)) {
      throw new PorticoError('conflict', `The plugin ${id} requires ${required}, which is not installed.`, {
        hint: `Install ${required} first.`,
      });
    }
  }
  try {
    await migratePlugin(core.db, plugin.definition);
  } catch (error) {
    await recordPluginFailure(core, id, 'migration', error);
    throw new PorticoError('conflict', `The plugin ${id} could not be installed: ${(error as Error).message}`);
  }
  const now = nowStored();
  const defaults = plugin.definition.settings?.parse({}) ?? {};
  await core.db
    .insertInto('plugin_installations')
    .values({
      id,
      version: plugin.definition.version,
      state: 'enabled',
      settings: JSON.stringify(defaults),
      secrets: '{}',
      error: null,
      consecutive_failures: 0,
      installed_at: now,
      updated_at: now,
    })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({
        version: plugin.definition.version,
        state: 'enabled',
        error: null,
        consecutive_failures: 0,
        updated_at: now,
      }),
    )
    .execute();
  core.log.info({ plugin: id, version: plugin.definition.version }, 'plugin installed');
  return installed(core, id);
}

/** Enables an installed plugin (also resumes one the circuit breaker paused). */
export async function enablePlugin(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  usablePlugin(core, id);
  await installed(core, id);
  await setState(core, id, 'enabled');
}

/** Disables a plugin at once, on every instance: its handlers, jobs, pages, nav entries and slots stop. */
export async function disablePlugin(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  await installed(core, id);
  await setState(core, id, 'disabled');
}

/**
 * Uninstalls a plugin: runs its down migrations and drops its data, settings, secrets, permission
 * mapping and error log. The caller must repeat the plugin's id as confirmation.
 */
export async function uninstallPlugin(
  core: Core,
  actor: Actor | null,
  id: string,
  confirmation: string,
): Promise<{ warning: string | null }> {
  assertAdmin(actor);
  if (confirmation.trim() !== id) {
    throw new PorticoError('invalid_input', `Type the plugin's id (${id}) to confirm: its data will be deleted.`, {
      details: { fields: { confirm: `Type ${id} to confirm.` } },
    });
  }
  await installed(core, id);
  const plugin = core.plugins.find(id);
  // Stop it everywhere before its tables go.
  await setState(core, id, 'disabled');
  const warning = plugin?.definition ? await unmigratePlugin(core.db, plugin.definition) : null;
  await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plugin_permission_roles').where('plugin_id', '=', id).execute();
    await trx.deleteFrom('plugin_errors').where('plugin_id', '=', id).execute();
    await trx.deleteFrom('plugin_installations').where('id', '=', id).execute();
  });
  core.log.info({ plugin: id }, 'plugin uninstalled');
  return { warning };
}

/**
 * At start: runs the new migrations of installed plugins whose version went up. A plugin whose
 * migration fails is disabled with the error; the portal starts regardless.
 */
export async function upgradeInstalledPlugins(core: Core): Promise<{ upgraded: string[]; failed: string[] }> {
  const upgraded: string[] = [];
  const failed: string[] = [];
  const states = await pluginInstallations(core);
  for (const plugin of core.plugins.usable()) {
    const installation = states.get(plugin.id);
    if (!installation || !needsUpgrade(plugin, installation)) continue;
    try {
      await migratePlugin(core.db, plugin.definition!);
      await core.db
        .updateTable('plugin_installations')
        .set({ version: plugin.definition!.version, updated_at: nowStored() })
        .where('id', '=', plugin.id)
        .execute();
      upgraded.push(plugin.id);
    } catch (error) {
      failed.push(plugin.id);
      await recordPluginFailure(core, plugin.id, 'migration', error);
      await core.db
        .updateTable('plugin_installations')
        .set({ state: 'disabled', error: `Upgrade failed: ${(error as Error).message}`, updated_at: nowStored() })
        .where('id', '=', plugin.id)
        .execute();
    }
  }
  return { upgraded, failed };
}

function needsUpgrade(plugin: DiscoveredPlugin, installation: PluginInstallation): boolean {
  return plugin.definition !== null && plugin.definition.version !== installation.version;
}
