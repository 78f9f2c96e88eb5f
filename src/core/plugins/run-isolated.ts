import type { Core } from '../context.ts';
import type { PluginContext, PluginDefinition } from '../../plugin-api/types.ts';
import { recordPluginFailure, recordPluginSuccess } from './errors.ts';
import { pluginContext } from './plugin-context.ts';

export const defaultTimeoutMs = 5000;

class PluginTimeout extends Error {
  override name = 'PluginTimeout';
}

/**
 * Runs a piece of plugin code with a time budget; a throw or an overrun is recorded against the plugin
 * (which may pause it) and never reaches the caller. Resolves with whether the work succeeded.
 */
export async function runIsolated(
  core: Core,
  definition: PluginDefinition,
  source: string,
  work: (ctx: PluginContext) => Promise<void> | void,
): Promise<boolean> {
  const timeoutMs = definition.timeoutMs ?? defaultTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  try {
    const ctx = await pluginContext(core, definition);
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new PluginTimeout(`took longer than ${timeoutMs} ms and was abandoned`)),
        timeoutMs,
      );
    });
    await Promise.race([Promise.resolve().then(() => work(ctx)), overrun]);
    await recordPluginSuccess(core, definition.id);
    return true;
  } catch (error) {
    await recordPluginFailure(core, definition.id, source, error);
    return false;
  } finally {
    clearTimeout(timer);
  }
}
