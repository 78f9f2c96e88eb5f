import { z } from 'zod';
import type { PluginFailure, PluginOverview } from '../core/plugins/index.ts';
import type { ApiOperation } from './api-routes.ts';

export const pluginResource = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    version: z.string().nullable().meta({ description: 'The version of the code in plugins/, when it loads' }),
    installedVersion: z.string().nullable().meta({ description: 'The version whose migrations ran' }),
    state: z.enum(['broken', 'incompatible', 'not-installed', 'enabled', 'disabled', 'paused', 'missing']),
    problem: z
      .string()
      .nullable()
      .meta({ description: 'A load or manifest error, an incompatibility, why it is paused' }),
    upgradePending: z.boolean(),
  })
  .meta({ id: 'Plugin' });

export const pluginFailureResource = z
  .object({ source: z.string(), message: z.string(), createdAt: z.iso.datetime() })
  .meta({ id: 'PluginFailure' });

export const pluginActionParams = z.enum(['install', 'enable', 'disable', 'uninstall']);
export const uninstallBody = z
  .object({ confirm: z.string().meta({ description: "The plugin's id, typed again: its data is deleted" }) })
  .strict();
export const settingsBody = z.object({ settings: z.record(z.string(), z.unknown()) }).strict();

export function pluginToJson(plugin: PluginOverview): z.infer<typeof pluginResource> {
  return { ...plugin };
}

export function pluginFailureToJson(failure: PluginFailure): z.infer<typeof pluginFailureResource> {
  return { source: failure.source, message: failure.message, createdAt: failure.createdAt.toISOString() };
}

/** The plugins REST API (admins); spread into `apiOperations`. */
export const pluginApiOperations: ApiOperation[] = [
  {
    method: 'get',
    path: '/plugins',
    summary: 'Every plugin in plugins/ and every installed one, with its state and problem (admins)',
    audience: 'admin',
    response: z.object({ plugins: z.array(pluginResource) }),
  },
  {
    method: 'get',
    path: '/plugins/{id}',
    summary: 'One plugin with its settings and latest errors (admins); secrets are never returned',
    audience: 'admin',
    response: z.object({
      plugin: pluginResource,
      settings: z.record(z.string(), z.unknown()).nullable(),
      errors: z.array(pluginFailureResource),
    }),
  },
  {
    method: 'patch',
    path: '/plugins/{id}/settings',
    summary: 'Change an installed plugin’s settings, validated by its schema (admins)',
    audience: 'admin',
    body: settingsBody,
    response: z.object({ settings: z.record(z.string(), z.unknown()) }),
    errors: ['409'],
  },
  ...(['install', 'enable', 'disable'] as const).map((action): ApiOperation => ({
    method: 'post',
    path: `/plugins/{id}/${action}`,
    summary:
      action === 'install'
        ? 'Install a plugin: run its migrations and enable it; on an installed plugin, run new migrations (admins)'
        : action === 'enable'
          ? 'Enable an installed plugin, or resume one its circuit breaker paused (admins)'
          : 'Disable a plugin at once on every instance: pages 404, handlers and jobs stop (admins)',
    audience: 'admin',
    response: z.object({ plugin: pluginResource }),
    errors: ['409'],
  })),
  {
    method: 'post',
    path: '/plugins/{id}/uninstall',
    summary: 'Uninstall a plugin: down migrations, its data deleted; confirm with its id (admins)',
    audience: 'admin',
    body: uninstallBody,
    response: z.object({ plugin: pluginResource }),
    errors: ['409'],
  },
];
