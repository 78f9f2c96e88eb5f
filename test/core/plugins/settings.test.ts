import { afterEach, describe, expect, it } from 'vitest';
import {
  installPlugin,
  mapPluginPermissions,
  pluginContext,
  pluginNav,
  pluginSettings,
  rolesHolding,
  savePluginSettings,
  secretsSet,
  setPluginSecret,
  settingsFields,
  settingsFromForm,
  userCan,
  viewerOf,
} from '../../../src/core/plugins/index.ts';
import good from './fixtures/good/index.ts';
import type { Kysely, PluginDatabase } from '../../../src/plugin-api/index.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';
import { createPluginWorld } from './world.ts';

let world: DeskWorld;
let current: DeskWorld | undefined;
afterEach(async () => {
  await current?.core.close();
  current = undefined;
});

async function installedGood(): Promise<DeskWorld> {
  current = world = await createPluginWorld([good]);
  await installPlugin(world.core, world.admin, 'good');
  return world;
}

describe('savePluginSettings', () => {
  it('validates against the schema, with a message per field, and keeps the last good values', async () => {
    await installedGood();
    expect(await pluginSettings(world.core, good)).toEqual({ note: 'seen', limit: 5, enabled: true });
    await expect(savePluginSettings(world.core, good, { note: 'ok', limit: 50, enabled: true })).rejects.toMatchObject({
      message: 'Some settings are not valid.',
      details: { fields: { limit: 'Too big: expected number to be <=10' } },
    });
    await savePluginSettings(world.core, good, { note: 'noted', limit: 2, enabled: false });
    expect((await pluginContext(world.core, good)).settings).toEqual({ note: 'noted', limit: 2, enabled: false });
  });

  it('falls back to defaults for stored values the schema no longer accepts', async () => {
    await installedGood();
    await world.core.db
      .updateTable('plugin_installations')
      .set({ settings: JSON.stringify({ note: 'kept', limit: 'many' }) })
      .where('id', '=', 'good')
      .execute();
    expect(await pluginSettings(world.core, good)).toEqual({ note: 'kept', limit: 5, enabled: true });
  });
});

describe('settingsFields and settingsFromForm', () => {
  it('generates the admin form from the schema and reads it back', () => {
    expect(settingsFields(good)).toEqual([
      {
        name: 'note',
        label: 'Note',
        help: 'What to write down',
        kind: 'text',
        options: [],
        min: null,
        max: null,
        integer: false,
      },
      { name: 'limit', label: 'Limit', help: null, kind: 'number', options: [], min: 1, max: 10, integer: true },
      {
        name: 'enabled',
        label: 'Enabled',
        help: null,
        kind: 'checkbox',
        options: [],
        min: null,
        max: null,
        integer: false,
      },
    ]);
    const form = new FormData();
    form.set('note', ' hi ');
    form.set('limit', '7');
    expect(settingsFromForm(good, form)).toEqual({ note: 'hi', limit: 7, enabled: false });
  });
});

describe('setPluginSecret', () => {
  it('stores secrets sealed, never readable from the table, and only for declared names', async () => {
    await installedGood();
    await setPluginSecret(world.core, good, 'token', 's3cret-value');
    const row = await world.core.db
      .selectFrom('plugin_installations')
      .select('secrets')
      .where('id', '=', 'good')
      .executeTakeFirstOrThrow();
    expect(row.secrets).not.toContain('s3cret-value');
    expect(await secretsSet(world.core, 'good')).toEqual(['token']);
    expect(await (await pluginContext(world.core, good)).secret('token')).toBe('s3cret-value');
    await expect(setPluginSecret(world.core, good, 'password', 'x')).rejects.toThrow(
      'The plugin good has no secret "password".',
    );
    await setPluginSecret(world.core, good, 'token', null);
    expect(await (await pluginContext(world.core, good)).secret('token')).toBeNull();
  });
});

describe('userCan and mapPluginPermissions', () => {
  it('follows the plugin defaults until an admin maps the permission; admins always hold it', async () => {
    await installedGood();
    expect(await userCan(world.core, viewerOf(world.agent), 'good.view')).toBe(true);
    expect(await userCan(world.core, viewerOf(world.casey), 'good.view')).toBe(false);
    await mapPluginPermissions(world.core, 'good', { 'good.view': [] });
    expect(await rolesHolding(world.core, 'good.view')).toEqual(['admin']);
    expect(await userCan(world.core, viewerOf(world.agent), 'good.view')).toBe(false);
    expect(await userCan(world.core, viewerOf(world.admin), 'good.view')).toBe(true);
    await mapPluginPermissions(world.core, 'good', { 'good.view': ['customer'] });
    expect(await userCan(world.core, viewerOf(world.casey), 'good.view')).toBe(true);
    expect(await userCan(world.core, null, 'good.view')).toBe(false);
    expect(await userCan(world.core, viewerOf(world.admin), 'good.unknown')).toBe(false);
    await expect(mapPluginPermissions(world.core, 'good', { 'good.fly': ['agent'] })).rejects.toThrow(
      'The plugin good has no permission "good.fly".',
    );
  });
});

describe('pluginNav', () => {
  it('shows entries by role and only while the plugin is enabled', async () => {
    await installedGood();
    expect(await pluginNav(world.core, viewerOf(world.agent), 'desk')).toEqual([
      { href: '/plugins/good', label: 'Good' },
    ]);
    expect(await pluginNav(world.core, viewerOf(world.casey), 'desk')).toEqual([]);
    expect(await pluginNav(world.core, viewerOf(world.agent), 'portal')).toEqual([]);
    await world.core.db.updateTable('plugin_installations').set({ state: 'disabled' }).execute();
    expect(await pluginNav(world.core, viewerOf(world.agent), 'desk')).toEqual([]);
  });
});

describe('scopedDatabase', () => {
  it("reaches the plugin's own tables and refuses core tables, even inside joins and subqueries", async () => {
    await installedGood();
    const { db } = await pluginContext(world.core, good);
    await db.insertInto('plugin_good_items').values({ id: '1', ticket_id: 't', note: 'n' }).execute();
    expect(await db.selectFrom('plugin_good_items').select('note').execute()).toEqual([{ note: 'n' }]);
    expect(await db.selectFrom('plugin_good_items as item').select('item.note').execute()).toEqual([{ note: 'n' }]);
    // The types would stop these queries; the guard stops them when the types are bypassed.
    const widened = db as unknown as Kysely<PluginDatabase & { users: { id: string }; tickets: { subject: string } }>;
    const message = 'The plugin good may only query its own tables (plugin_good_*), not "users".';
    await expect(widened.selectFrom('users').selectAll().execute()).rejects.toThrow(message);
    await expect(
      widened
        .selectFrom('plugin_good_items')
        .innerJoin('users', 'users.id', 'plugin_good_items.ticket_id')
        .selectAll()
        .execute(),
    ).rejects.toThrow(message);
    await expect(
      widened
        .deleteFrom('plugin_good_items')
        .where('ticket_id', 'in', (eb) => eb.selectFrom('users').select('id'))
        .execute(),
    ).rejects.toThrow(message);
    await expect(widened.updateTable('tickets').set({ subject: 'x' }).execute()).rejects.toThrow('not "tickets"');
  });
});
