import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { launchBrowser, signInAs } from './helpers/browser.ts';
import { startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function audit(page: Page, paths: string[]): Promise<void> {
  for (const path of paths) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const response = await page.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBeLessThan(400);
      expect(await violations(page), `${path} (${scheme})`).toEqual([]);
    }
  }
}

describe('accessibility', () => {
  it('finds no axe violations on the public pages', async () => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    await audit(page, ['/', '/login', '/signup', '/forgot', '/search?q=vpn']);
    await page.context().close();
  });

  it('finds no axe violations on the account, desk and admin pages', async () => {
    const page = await (await browser.newContext({ bypassCSP: true })).newPage();
    const admin = server.login('admin');
    await signInAs(page, server.url, admin.email, admin.password);
    await audit(page, [
      '/account',
      '/desk',
      '/admin',
      '/admin/users',
      '/admin/users/new',
      '/admin/groups',
      '/admin/groups/new',
      '/admin/organisations',
      '/admin/settings',
    ]);
    await page.context().close();
  });
});
