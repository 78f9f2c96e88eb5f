import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, signedInAs } from './browser.ts';
import { startServer } from './server.ts';
import type { TestServer } from './server.ts';

export interface ServerAndBrowser {
  /** The demo server (`portico start` with a fresh data directory) that the file's tests share. */
  readonly server: TestServer;
  readonly browser: Browser;
  /** A new browser context's page, signed in through the form as the server's demo account of that role. */
  signedIn(role: 'admin' | 'agent' | 'customer', options?: BrowserContextOptions): Promise<Page>;
}

/**
 * Starts a demo server and Chromium before a test file's tests and stops both after them. Call it at the
 * top of the file and read `server` and `browser` inside hooks and tests: they are there only once
 * beforeAll has run.
 */
export function useServerAndBrowser(): ServerAndBrowser {
  let server: TestServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    // Both are kept even when the other fails to start, so that afterAll still stops what did start.
    const [started, launched] = await Promise.allSettled([startServer(), launchBrowser()]);
    if (started.status === 'fulfilled') server = started.value;
    if (launched.status === 'fulfilled') browser = launched.value;
    if (started.status === 'rejected') throw started.reason;
    if (launched.status === 'rejected') throw launched.reason;
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const running: ServerAndBrowser = {
    get server() {
      if (!server) throw new Error('the test server is not running: read it inside a hook or a test');
      return server;
    },
    get browser() {
      if (!browser) throw new Error('the browser is not running: read it inside a hook or a test');
      return browser;
    },
    signedIn(role, options = {}) {
      return signedInAs(running.browser, running.server, role, options);
    },
  };
  return running;
}
