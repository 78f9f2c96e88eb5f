import type { AstroIntegration } from 'astro';
import { fileURLToPath } from 'node:url';
import { buildKey, writeBuildStamp } from './build-stamp.ts';

/**
 * Portico's Astro integration. For now it stamps each build with what it was built for, so that
 * `portico start` rebuilds only when needed; plugins' routes and virtual modules will be wired here.
 */
export function portico(options: { publicUrl: URL }): AstroIntegration {
  let builtAt = 0;
  let root = '';
  return {
    name: 'portico',
    hooks: {
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
