import type { AstroIntegration } from 'astro';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildKey, writeBuildStamp } from './build-stamp.ts';
import { actionsModule, planPlugins, pluginsModule, writeIfChanged } from './plugins.ts';

const virtualId = 'virtual:portico/plugins';
const resolvedVirtualId = `\0${virtualId}`;

/**
 * Portico's Astro integration: wires plugins/<id> into the site (pages under /plugins/<id>/ through
 * injectRoute, the plugin list and slot components through `virtual:portico/plugins`, actions through
 * src/actions/plugins.gen.ts) and stamps each build so `portico start` rebuilds only when needed.
 */
export function portico(options: { publicUrl: URL }): AstroIntegration {
  let builtAt = 0;
  let root = '';
  return {
    name: 'portico',
    hooks: {
      'astro:config:setup': async ({ config, injectRoute, updateConfig, addWatchFile, logger }) => {
        const projectRoot = fileURLToPath(config.root);
        const pluginsDir = path.join(projectRoot, 'plugins');
        const plan = await planPlugins(pluginsDir);
        for (const plugin of plan.plugins) {
          if (plugin.error || plugin.incompatible)
            logger.warn(`plugin ${plugin.id} left out: ${plugin.error ?? plugin.incompatible}`);
          addWatchFile(path.join(pluginsDir, plugin.id, 'index.ts'));
        }
        for (const route of plan.routes) injectRoute({ pattern: route.pattern, entrypoint: route.entrypoint });
        writeIfChanged(path.join(projectRoot, 'src/actions/plugins.gen.ts'), actionsModule(plan));
        const code = pluginsModule(plan, pluginsDir);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'portico:plugins',
                resolveId: (id: string) => (id === virtualId ? resolvedVirtualId : undefined),
                load: (id: string) => (id === resolvedVirtualId ? code : undefined),
              },
            ],
          },
        });
      },
      'astro:config:done': ({ config }) => {
        root = fileURLToPath(config.root);
      },
      'astro:build:start': () => {
        builtAt = Date.now();
      },
      'astro:build:done': () => {
        writeBuildStamp(root, { key: buildKey(options.publicUrl), builtAt });
      },
    },
  };
}
