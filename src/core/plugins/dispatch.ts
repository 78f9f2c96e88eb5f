import type { Core } from '../context.ts';
import type { DeliveredEvent } from '../events/index.ts';
import type { PluginEvent } from '../../plugin-api/types.ts';
import { enabledPlugins } from './installations.ts';
import { runIsolated } from './run-isolated.ts';

/**
 * Delivers each event from the outbox to the handlers of enabled plugins, one plugin after another,
 * each isolated (see runIsolated). Events reach plugins only after their transaction committed, and
 * stay in the outbox until delivered, so a crash loses none.
 */
export function installPluginHandlers(core: Core): void {
  const handles = (type: string) => core.plugins.usable().some((plugin) => plugin.definition?.on?.[type as never]);
  core.events.on('*', async (event) => {
    if (!handles(event.type)) return;
    for (const plugin of await enabledPlugins(core)) {
      const handler = plugin.definition.on?.[event.type as never] as
        ((event: PluginEvent, ctx: unknown) => Promise<void> | void) | undefined;
      if (!handler) continue;
      await runIsolated(core, plugin.definition, `event ${event.type}`, (ctx) => handler(toPluginEvent(event), ctx));
    }
  });
}

function toPluginEvent(event: DeliveredEvent): PluginEvent {
  return { ...event } as PluginEvent;
}
