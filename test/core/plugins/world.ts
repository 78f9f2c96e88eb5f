import { createPluginHost, installPluginRuntime, porticoVersion } from '../../../src/core/plugins/index.ts';
import type { PluginDefinition } from '../../../src/plugin-api/index.ts';
import { createDeskWorld } from '../tickets/fixtures.ts';
import type { DeskWorld } from '../tickets/fixtures.ts';

/** A desk world (see createDeskWorld) whose core knows these plugins, with the plugin runtime wired. */
export async function createPluginWorld(plugins: readonly PluginDefinition[]): Promise<DeskWorld> {
  const host = createPluginHost(
    plugins.map((definition) => ({ id: definition.id, dir: null, module: { default: definition } })),
    porticoVersion,
  );
  const world = await createDeskWorld({ plugins: host });
  installPluginRuntime(world.core);
  return world;
}
