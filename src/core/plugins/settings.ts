import { z } from 'zod';
import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { nowStored } from '../db/values.ts';
import { openSecret, sealSecret } from '../secrets/index.ts';
import type { PluginDefinition } from '../../plugin-api/types.ts';

/**
 * A plugin's settings as saved, parsed by its schema; values the schema no longer accepts (after an
 * upgrade) fall back to the defaults field by field, so a stale value never stops the plugin.
 */
export async function pluginSettings(core: Core, definition: PluginDefinition): Promise<Record<string, unknown>> {
  const row = await core.db
    .selectFrom('plugin_installations')
    .select('settings')
    .where('id', '=', definition.id)
    .executeTakeFirst();
  return settingsFromJson(definition, row?.settings ?? '{}');
}

export function settingsFromJson(definition: PluginDefinition, json: string): Record<string, unknown> {
  const schema = definition.settings;
  if (!schema) return {};
  let stored: Record<string, unknown> = {};
  try {
    stored = JSON.parse(json) as Record<string, unknown>;
  } catch {
    stored = {};
  }
  const parsed = schema.safeParse(stored);
  if (parsed.success) return parsed.data;
  const kept = { ...stored };
  for (const issue of parsed.error.issues) delete kept[String(issue.path[0])];
  const retry = schema.safeParse(kept);
  return retry.success ? retry.data : (schema.parse({}) as Record<string, unknown>);
}

/**
 * Validates and saves a plugin's settings (admins only; the caller checks the role).
 * @throws PorticoError invalid_input with a message per field.
 */
export async function savePluginSettings(
  core: Core,
  definition: PluginDefinition,
  values: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const schema = definition.settings ?? z.object({});
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'settings')] ??= issue.message;
    throw new PorticoError('invalid_input', 'Some settings are not valid.', { details: { fields } });
  }
  const result = await core.db
    .updateTable('plugin_installations')
    .set({ settings: JSON.stringify(parsed.data), updated_at: nowStored() })
    .where('id', '=', definition.id)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new PorticoError('conflict', `The plugin ${definition.id} is not installed.`, {
      hint: 'Install it before changing its settings.',
    });
  }
  return parsed.data;
}

async function storedSecrets(core: Core, pluginId: string): Promise<Record<string, string>> {
  const row = await core.db
    .selectFrom('plugin_installations')
    .select('secrets')
    .where('id', '=', pluginId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.secrets) as Record<string, string>) : {};
}

/** The names of a plugin's secrets that are set; values are never read back out. */
export async function secretsSet(core: Core, pluginId: string): Promise<string[]> {
  return Object.keys(await storedSecrets(core, pluginId));
}

/** Sets (or with null, clears) a write-only secret; it is stored sealed. */
export async function setPluginSecret(
  core: Core,
  definition: PluginDefinition,
  name: string,
  value: string | null,
): Promise<void> {
  if (!definition.secrets?.[name]) {
    throw new PorticoError('invalid_input', `The plugin ${definition.id} has no secret "${name}".`);
  }
  const secrets = await storedSecrets(core, definition.id);
  if (value === null || value === '') delete secrets[name];
  else secrets[name] = sealSecret(core.config, value);
  await core.db
    .updateTable('plugin_installations')
    .set({ secrets: JSON.stringify(secrets), updated_at: nowStored() })
    .where('id', '=', definition.id)
    .execute();
}

/** A secret's value for the plugin's own code. */
export async function readPluginSecret(core: Core, pluginId: string, name: string): Promise<string | null> {
  const sealed = (await storedSecrets(core, pluginId))[name];
  return sealed === undefined ? null : openSecret(core.config, sealed);
}
