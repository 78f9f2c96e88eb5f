/// <reference types="astro/client" />

declare namespace App {
  interface Locals {
    core: import('./core/context.ts').Core;
    user: import('./core/users/index.ts').User | null;
    session: import('./core/session/index.ts').Session | null;
    /** How the caller proved who they are: a browser session cookie or an API token. */
    authMethod: 'session' | 'token' | null;
    t: import('./i18n/index.ts').Translate;
    requestId: string;
    log: import('pino').Logger;
    /** Set by a page whose answer every anonymous reader may be given alike (src/server/page-cache.ts). */
    sharedWithAnonymousReaders?: { onReuse: (() => void) | undefined };
  }
}

declare module 'virtual:portico/plugins' {
  /** The plugins the build found: usable ones with their module and slot components, others with their error. */
  export const pluginCandidates: import('./core/plugins/index.ts').PluginCandidate[];
  /** The plugins folder the build read. */
  export const pluginsDir: string;
  /** When the build read it (ms since the epoch): later changes there need a rebuild. */
  export const plannedAt: number;
}
