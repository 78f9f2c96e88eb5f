import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { signInAs } from './helpers/browser.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();

async function audit(page: Page, paths: string[]): Promise<void> {
  for (const path of paths) {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      const response = await page.goto(`${app.server.url}${path}`);
      expect(response?.status(), path).toBeLessThan(400);
      expect(await violations(page), `${path} (${scheme})`).toEqual([]);
    }
  }
}

describe('accessibility', () => {
  it('finds no axe violations on the public pages', async () => {
    const page = await (await app.browser.newContext({ bypassCSP: true })).newPage();
    await audit(page, ['/', '/login', '/signup', '/forgot', '/search?q=vpn']);
    await page.context().close();
  });

  it('finds no axe violations on the account, desk and admin pages', async () => {
    const page = await (await app.browser.newContext({ bypassCSP: true })).newPage();
    const admin = app.server.login('admin');
    await signInAs(page, app.server.url, admin.email, admin.password);
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
