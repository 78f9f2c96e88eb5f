import { afterEach, describe, expect, it } from 'vitest';
import {
  disablePlugin,
  enablePlugin,
  installPlugin,
  isPluginEnabled,
  pluginInstallation,
  pluginOverview,
  uninstallPlugin,
  upgradeInstalledPlugins,
} from '../../../src/core/plugins/index.ts';
import { listTableColumns } from '../../../src/core/db/index.ts';
import good from './fixtures/good/index.ts';
import { definePlugin } from '../../../src/plugin-api/index.ts';
import type { Kysely } from '../../../src/plugin-api/index.ts';
import { ask } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createPluginWorld } from './world.ts';

let world: DeskWorld;
let current: DeskWorld | undefined;
afterEach(async () => {
  await current?.core.close();
  current = undefined;
});

const tables = async () =>
  [...(await listTableColumns(world.core.db)).keys()].filter((name) => name.startsWith('plugin_good'));

const trespasser = definePlugin({
  id: 'trespass',
  name: 'Trespass',
  version: '1.0.0',
  portico: '^0.1.0',
  description: 'Its second migration alters a core table.',
  migrations: {
    '001_own': {
      up: (db: Kysely<any>) => db.schema.createTable('plugin_trespass_things').addColumn('id', 'text').execute(),
      down: (db: Kysely<any>) => db.schema.dropTable('plugin_trespass_things').execute(),
    },
    '002_core': {
      up: (db: Kysely<any>) => db.schema.alterTable('tickets').addColumn('trespass', 'text').execute(),
    },
  },
});

describe('installPlugin', () => {
  it('runs the migrations, stores default settings and enables the plugin', async () => {
    current = world = await createPluginWorld([good]);
    const installation = await installPlugin(world.core, world.admin, 'good');
    expect(installation).toMatchObject({ id: 'good', version: '1.2.0', state: 'enabled' });
    expect(await tables()).toEqual(['plugin_good_items', 'plugin_good_migrations', 'plugin_good_migrations_lock']);
    expect(await isPluginEnabled(world.core, 'good')).toBe(true);
  });

  it('is for admins only', async () => {
    current = world = await createPluginWorld([good]);
    await expect(installPlugin(world.core, world.agent, 'good')).rejects.toThrow('Only administrators can do this.');
  });

  it('refuses an unknown plugin with a hint', async () => {
    current = world = await createPluginWorld([good]);
    await expect(installPlugin(world.core, world.admin, 'nope')).rejects.toThrow(
      'There is no plugin "nope" in plugins/.',
    );
  });

  it('refuses a plugin whose migration alters a core table: its own tables are rolled back and the table is named', async () => {
    current = world = await createPluginWorld([trespasser]);
    await expect(installPlugin(world.core, world.admin, 'trespass')).rejects.toThrow(
      /may only create and change tables named plugin_trespass_\*, but touched tickets/,
    );
    expect(await pluginInstallation(world.core, 'trespass')).toBeUndefined();
    const columns = (await listTableColumns(world.core.db)).get('tickets') ?? [];
    expect(columns.some((column) => column.startsWith('trespass:'))).toBe(true);
    expect([...(await listTableColumns(world.core.db)).keys()]).not.toContain('plugin_trespass_things');
  });
});

describe('disablePlugin and enablePlugin', () => {
  it('silences handlers at once and resumes them', async () => {
    current = world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    await disablePlugin(world.core, world.admin, 'good');
    await ask(world);
    await world.core.events.dispatchPending();
    expect(
      await world.core.db
        .selectFrom('plugin_good_items' as never)
        .selectAll()
        .execute(),
    ).toEqual([]);
    await enablePlugin(world.core, world.admin, 'good');
    await ask(world);
    await world.core.events.dispatchPending();
    expect(
      await world.core.db
        .selectFrom('plugin_good_items' as never)
        .selectAll()
        .execute(),
    ).toHaveLength(1);
  });

  it('keeps every plugin off in safe mode', async () => {
    current = world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    const safe = { ...world.core, config: { ...world.core.config, safeMode: true } };
    expect(await isPluginEnabled(safe, 'good')).toBe(false);
  });
});

describe('uninstallPlugin', () => {
  it('wants the id typed as confirmation', async () => {
    current = world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    await expect(uninstallPlugin(world.core, world.admin, 'good', 'yes')).rejects.toThrow(
      "Type the plugin's id (good) to confirm: its data will be deleted.",
    );
  });

  it('runs the down migrations and removes its data, settings and errors', async () => {
    current = world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    await ask(world);
    await world.core.events.dispatchPending();
    expect(await uninstallPlugin(world.core, world.admin, 'good', 'good')).toEqual({ warning: null });
    expect(await tables()).toEqual([]);
    expect(await pluginInstallation(world.core, 'good')).toBeUndefined();
    const overview = await pluginOverview(world.core);
    expect(overview.find((plugin) => plugin.id === 'good')?.state).toBe('not-installed');
    // Installing again starts from nothing.
    await installPlugin(world.core, world.admin, 'good');
    expect(
      await world.core.db
        .selectFrom('plugin_good_items' as never)
        .selectAll()
        .execute(),
    ).toEqual([]);
  });
});

describe('upgradeInstalledPlugins', () => {
  it('runs the new migrations of a plugin whose version went up', async () => {
    current = world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    const newer = definePlugin({
      ...good,
      version: '1.3.0',
      migrations: {
        ...good.migrations,
        '2026_11_25_0000_more': {
          up: (db: Kysely<any>) => db.schema.createTable('plugin_good_more').addColumn('id', 'text').execute(),
        },
      },
    });
    world.core.plugins.find('good')!.definition = newer;
    expect(await upgradeInstalledPlugins(world.core)).toEqual({ upgraded: ['good'], failed: [] });
    expect(await tables()).toContain('plugin_good_more');
    expect((await pluginInstallation(world.core, 'good'))?.version).toBe('1.3.0');
    expect(await upgradeInstalledPlugins(world.core)).toEqual({ upgraded: [], failed: [] });
  });

  it('disables a plugin whose upgrade fails, and the portal carries on', async () => {
    current = world = await createPluginWorld([good]);
    await installPlugin(world.core, world.admin, 'good');
    world.core.plugins.find('good')!.definition = definePlugin({
      ...good,
      version: '2.0.0',
      migrations: {
        ...good.migrations,
        '2026_11_25_0000_broken': {
          up: async () => {
            throw new Error('disk on fire');
          },
        },
      },
    });
    expect(await upgradeInstalledPlugins(world.core)).toEqual({ upgraded: [], failed: ['good'] });
    const installation = await pluginInstallation(world.core, 'good');
    expect(installation?.state).toBe('disabled');
    expect(installation?.error).toContain('disk on fire');
  });
});
