/**
 * Everything a plugin may import: `import { definePlugin, z } from 'portico/plugin-api'`.
 * Pages and components of a plugin also use `portico/plugin-api/web`; tests use
 * `portico/plugin-api/testing`. See plugins/README.md for the guide.
 */
import type { z } from 'zod';
import type { PluginDefinition } from './types.ts';

export { z } from 'zod';
export { sql } from 'kysely';
export type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely';
export type { Migration } from 'kysely/migration';
export type { EventPayloads as CoreEvents } from '../core/events/event-types.ts';
export type * from './core-api.ts';
export type * from './types.ts';
export { slotNames } from './types.ts';
export { PorticoError as PluginError } from '../core/errors.ts';

/**
 * Declares a plugin. Portico validates the definition when it loads the plugin and shows admins what is
 * wrong with it; the types catch most mistakes before that.
 * @example
 * export default definePlugin({
 *   id: 'hello',
 *   name: 'Hello',
 *   version: '1.0.0',
 *   portico: '^0.1.0',
 *   description: 'Greets new tickets.',
 *   settings: z.object({ greeting: z.string().default('Hello!') }),
 *   on: {
 *     'ticket.created': async (event, ctx) => {
 *       await ctx.core.tickets.addInternalNote(event.payload.number, ctx.settings.greeting);
 *     },
 *   },
 * });
 */
export function definePlugin<const Id extends string, SettingsSchema extends z.ZodObject = z.ZodObject>(
  definition: PluginDefinition<Id, SettingsSchema>,
): PluginDefinition<Id, SettingsSchema> {
  return definition;
}
