import { pluginActions } from './plugins.gen.ts';

/** Astro loads actions only from here; Portico's own forms post to pages, plugins' actions are re-exported. */
export const server = { ...pluginActions };
