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
  }
}
