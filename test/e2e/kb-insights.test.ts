import { beforeAll, describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { sessionCookie } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();
let agentCookie: string;
let customerCookie: string;

function signedInCookie(role: 'agent' | 'customer'): Promise<string> {
  return sessionCookie(app.server.url, app.server.login(role));
}

function get(path: string, cookie?: string): Promise<Response> {
  return fetch(`${app.server.url}${path}`, { headers: cookie ? { Cookie: cookie } : {}, redirect: 'manual' });
}

beforeAll(async () => {
  [agentCookie, customerCookie] = await Promise.all([signedInCookie('agent'), signedInCookie('customer')]);
});

describe('review tasks', () => {
  it('turns an anonymous "No" with a comment into a task that an agent resolves', async () => {
    const comment = 'The screenshots show the old sign-in page.';
    const reader = await (await app.browser.newContext({ javaScriptEnabled: false })).newPage();
    await reader.goto(`${app.server.url}/kb/account-access/cant-sign-in`);
    const title = (await reader.locator('h1').textContent())!.trim();
    await reader.getByLabel('Tell us more (optional)').fill(comment);
    await reader.getByRole('button', { name: 'No' }).click();
    await reader.waitForLoadState('domcontentloaded');
    expect(await reader.locator('.kb-helpful__thanks').textContent()).toContain('not helpful');
    await reader.context().close();

    const page = await app.signedIn('agent');
    expect((await page.goto(`${app.server.url}/desk/kb/reviews`))?.status()).toBe(200);
    const row = page.locator('table.kb-reviews tr', { hasText: comment });
    expect(await row.count()).toBe(1);
    expect(await row.getByRole('link', { name: title }).count()).toBe(1);
    await row.getByRole('button', { name: `Resolve the comment on ${title}` }).click();
    await page.waitForURL(/notice=resolved/);
    expect(await page.getByRole('status').filter({ hasText: 'Review task resolved.' }).count()).toBe(1);
    expect(await page.locator('table.kb-reviews tr', { hasText: comment }).count()).toBe(0);
    await page.context().close();
  });
});

describe('insights', () => {
  it('shows a search that found nothing under the searches with no results', async () => {
    const word = 'zqxjvorpflumbe';
    expect((await get(`/search?q=${word}`)).status).toBe(200);
    const page = await app.signedIn('agent');
    expect((await page.goto(`${app.server.url}/desk/kb/insights`))?.status()).toBe(200);
    const gaps = page.getByRole('table', { name: 'Content gaps: searches that found nothing' });
    expect(await gaps.getByRole('rowheader', { name: word }).count()).toBe(1);
    expect(await page.getByRole('img', { name: 'Searches and deflected searches per day' }).count()).toBe(1);
    expect(await page.getByLabel('From', { exact: true }).inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.context().close();
  });

  it('answers bad dates with 400 and a message', async () => {
    for (const query of [
      'from=2026-02-30',
      'from=yesterday',
      'from=2026-03-10&to=2026-03-01',
      'from=2024-01-01&to=2026-01-01',
    ]) {
      const response = await get(`/desk/kb/insights?${query}`, agentCookie);
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(
        /Enter both dates as YYYY-MM-DD\.|must not be after|at most 366 days/,
      );
    }
  });
});

describe('access', () => {
  it('answers customers with 404 and sends visitors to sign in', async () => {
    for (const path of ['/desk/kb/reviews', '/desk/kb/insights']) {
      expect((await get(path, customerCookie)).status, path).toBe(404);
      expect((await get(path)).status, path).toBe(303);
    }
  });
});

describe('accessibility of reviews and insights', () => {
  it('finds no axe violations in light and dark', async () => {
    // A task and a search, so the tables are drawn.
    await fetch(`${app.server.url}/kb/email/mailbox-full`, {
      method: 'POST',
      headers: { Cookie: customerCookie, Origin: app.server.url },
      body: new URLSearchParams({ helpful: 'no', comment: 'Too short.' }),
      redirect: 'manual',
    });
    await get('/search?q=password');
    const page = await app.signedIn('agent', { bypassCSP: true });
    for (const path of [
      '/desk/kb/reviews',
      '/desk/kb/reviews?show=mine',
      '/desk/kb/insights',
      '/desk/kb/insights?from=bad',
    ]) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${app.server.url}${path}`);
        expect(await violations(page), `${path} (${scheme})`).toEqual([]);
      }
    }
    await page.context().close();
  });
});
