import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import { recordEvents } from '../events/index.ts';
import type { EventType } from '../events/index.ts';
import type { PluginContext, PluginDefinition } from '../../plugin-api/types.ts';
import { createCoreApi } from './core-api.ts';
import { userCan } from './permissions.ts';
import { scopedDatabase } from './scoped-db.ts';
import { pluginSettings, readPluginSecret } from './settings.ts';

/**
 * The context a plugin's handler, job or page works with: its settings (read now), a database handle
 * limited to its tables, the core's public functions, and its logger.
 * @example
 * const ctx = await pluginContext(core, plugin.definition);
 * await ctx.core.mail.send({ to, subject, text });
 */
export async function pluginContext(core: Core, definition: PluginDefinition): Promise<PluginContext> {
  const id = definition.id;
  const settings = await pluginSettings(core, definition);
  return {
    plugin: { id, version: definition.version },
    log: core.log.child({ plugin: id }),
    settings,
    db: scopedDatabase(core.db, id),
    core: createCoreApi(core),
    secret: (name) => readPluginSecret(core, id, name),
    async emit(type, payload, options) {
      if (!(definition.emits ?? []).includes(type)) {
        throw new PorticoError('invalid_input', `The plugin ${id} does not declare the event "${type}" in emits.`);
      }
      // The outbox is core's: written without the own-tables guard, in the plugin's transaction if given.
      const target = options.trx ? options.trx.withoutPlugins() : core.db;
      await recordEvents(target as typeof core.db, options.actorId ?? null, [
        { type: type as string as EventType, subjectId: options.subjectId, payload: payload as never },
      ]);
      if (!options.trx) core.events.dispatchSoon();
    },
    can: (user, permission) => userCan(core, user, permission),
  };
}
