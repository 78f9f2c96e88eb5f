import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { newPage, signInAs } from './helpers/browser.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();
let agent: Page;

beforeAll(async () => {
  agent = await app.signedIn('agent');
});

/** The status an anonymous reader gets for a path, without following redirects. */
async function anonymousStatus(path: string): Promise<number> {
  const response = await fetch(`${app.server.url}${path}`, { redirect: 'manual' });
  await response.body?.cancel();
  return response.status;
}

/** Polls the portal's search page until its results mention `text` (the index updates in the background). */
async function searchFinds(page: Page, query: string, text: string, timeoutMs = 8000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await page.goto(`${app.server.url}/search?q=${encodeURIComponent(query)}`);
    const found = ((await page.locator('main').textContent()) ?? '').includes(text);
    if (found || Date.now() > deadline) return found;
    await page.waitForTimeout(300);
  }
}

function articleIdOf(page: Page): string {
  const match = new URL(page.url()).pathname.match(/^\/desk\/kb\/([^/]+)$/);
  if (!match) throw new Error(`not on an article's editor: ${page.url()}`);
  return match[1]!;
}

async function save(page: Page, button: string): Promise<void> {
  await Promise.all([page.waitForURL(/notice=/), page.getByRole('button', { name: button, exact: true }).click()]);
}

const title = 'Restart the heliotrope kiosk';
const firstBody = '## Before you start\n\nAsk the front desk to close the visitor queue.\n';
let articleId = '';

describe('writing an article', () => {
  it('creates a draft that readers cannot see until it is published, then search finds it', async () => {
    await agent.goto(`${app.server.url}/desk/kb/new`);
    await agent.getByLabel('Title', { exact: true }).fill(title);
    await agent.getByLabel('Summary').fill('What to do when the lobby kiosk freezes.');
    await agent.getByLabel('Category').selectOption({ label: 'Devices' });
    await agent.getByLabel('Tags').fill('kiosk, Lobby');
    await agent.getByLabel('Article (Markdown)').fill(firstBody);
    await save(agent, 'Save draft');
    articleId = articleIdOf(agent);
    await expect(agent.getByText('Your changes were saved').isVisible()).resolves.toBe(true);
    const readerPath = await agent.getByRole('link', { name: /View as a reader/ }).getAttribute('href');
    expect(readerPath).toBe('/kb/devices/restart-the-heliotrope-kiosk');
    await expect(agent.getByLabel('Tags').inputValue()).resolves.toBe('kiosk, lobby');
    expect(await anonymousStatus(readerPath!)).toBe(404);

    await save(agent, 'Publish');
    await expect(agent.getByText('The article is published').isVisible()).resolves.toBe(true);
    expect(await anonymousStatus(readerPath!)).toBe(200);
    const reader = await newPage(app.browser);
    expect(await searchFinds(reader, 'heliotrope kiosk', title)).toBe(true);
    await reader.context().close();
  });

  it('edits twice, compares revisions 1 and 3 with the inserted text marked, and restores revision 1', async () => {
    await agent.goto(`${app.server.url}/desk/kb/${articleId}`);
    const body = agent.getByLabel('Article (Markdown)');
    await body.fill(`${firstBody}\nHold the power button for ten seconds.\n`);
    await save(agent, 'Save changes');
    await body.fill(`${firstBody}\nHold the power button for ten seconds.\n\nThen wait for the logo.\n`);
    await save(agent, 'Save changes');

    await agent.goto(`${app.server.url}/desk/kb/${articleId}/revisions`);
    await agent.getByLabel('Older revision').selectOption('1');
    await agent.getByLabel('Newer revision').selectOption('3');
    await Promise.all([agent.waitForURL(/from=1&to=3/), agent.getByRole('button', { name: 'Compare' }).click()]);
    await expect(
      agent.getByRole('heading', { name: 'Changes from revision 1 to revision 3' }).isVisible(),
    ).resolves.toBe(true);
    const inserted = await agent.locator('.kb-diff ins').allTextContents();
    expect(inserted.join('\n')).toContain('Hold the power button for ten seconds.');
    expect(inserted.join('\n')).toContain('Added line');
    expect(inserted.join('\n')).not.toContain('Then wait for the logo.');
    // Revision 2 only published the draft: the field list says so.
    await expect(agent.locator('.kb-diff__changes').textContent()).resolves.toContain('Draft → Published');

    await agent.getByRole('button', { name: 'Restore revision 1' }).click();
    await expect(agent.getByText('Revision 1 is current again, saved as revision 5.').isVisible()).resolves.toBe(true);
    await expect(agent.getByRole('row', { name: /^5 Current/ }).isVisible()).resolves.toBe(true);
    await agent.goto(`${app.server.url}/desk/kb/${articleId}`);
    await expect(body.inputValue()).resolves.toBe(firstBody);
  });

  it('refuses a save based on an older revision and keeps the author’s text', async () => {
    const other = await app.signedIn('agent');
    await agent.goto(`${app.server.url}/desk/kb/${articleId}`);
    await other.goto(`${app.server.url}/desk/kb/${articleId}`);
    // Restoring revision 1 kept the article published, so its save button is "Save changes".
    await agent.getByLabel('Summary').fill('Saved first.');
    await save(agent, 'Save changes');
    await other.getByLabel('Summary').fill('Saved second, from a stale page.');
    await other.getByRole('button', { name: 'Save changes', exact: true }).click();
    await expect(other.getByText('Someone saved this article after you opened it.').isVisible()).resolves.toBe(true);
    await expect(other.getByLabel('Summary').inputValue()).resolves.toBe('Saved second, from a stale page.');
    await agent.reload();
    await expect(agent.getByLabel('Summary').inputValue()).resolves.toBe('Saved first.');
    await other.context().close();
  });

  it('previews as the author types, with the script served from the portal and no CSP violation', async () => {
    const page = await app.signedIn('agent');
    const cspMessages: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspMessages.push(message.text());
    });
    await page.goto(`${app.server.url}/desk/kb/${articleId}`);
    const scripts = await page.$$eval('script', (elements) =>
      elements.map((element) => ({ src: element.getAttribute('src'), text: element.textContent?.trim() ?? '' })),
    );
    expect(scripts.length).toBeGreaterThan(0);
    for (const script of scripts) {
      expect(script.src).toMatch(/^\/_astro\//);
      expect(script.text).toBe('');
    }
    await page
      .getByLabel('Article (Markdown)')
      .fill('## Typed just now\n\nSome *emphasis*.\n\n<script>alert(1)</script>');
    const preview = page.locator('[data-preview-output]');
    await preview.locator('h2', { hasText: 'Typed just now' }).waitFor({ timeout: 5000 });
    await expect(preview.locator('em').textContent()).resolves.toBe('emphasis');
    await expect(preview.locator('script').count()).resolves.toBe(0);
    await expect(page.locator('[data-preview-toc] a').textContent()).resolves.toBe('Typed just now');
    expect(cspMessages).toEqual([]);
    await page.context().close();
  });

  it('previews without JavaScript through the Preview button, without saving', async () => {
    const page = await newPage(app.browser, { javaScriptEnabled: false });
    const login = app.server.login('agent');
    await signInAs(page, app.server.url, login.email, login.password);
    await page.goto(`${app.server.url}/desk/kb/${articleId}`);
    await page.getByLabel('Article (Markdown)').fill('## Rendered by the server\n');
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    await expect(page.locator('[data-preview-output] h2').textContent()).resolves.toBe('Rendered by the server');
    await expect(page.getByLabel('Article (Markdown)').inputValue()).resolves.toBe('## Rendered by the server\n');
    await page.goto(`${app.server.url}/desk/kb/${articleId}`);
    await expect(page.getByLabel('Article (Markdown)').inputValue()).resolves.toBe(firstBody);
    await page.context().close();
  });
});

describe('articles from files', () => {
  it('marks a file’s article as a conflict in the list once it is edited here', async () => {
    await agent.goto(`${app.server.url}/desk/kb?q=${encodeURIComponent('Install Zoom')}`);
    const row = agent.getByRole('row', { name: /Install Zoom/ });
    await expect(row.textContent()).resolves.toContain('From file');
    await expect(row.textContent()).resolves.not.toContain('Conflict');
    await row.getByRole('link', { name: 'Install Zoom', exact: true }).click();
    await expect(agent.getByText('This article comes from a file').isVisible()).resolves.toBe(true);
    await expect(agent.getByText('content/kb/software/install-zoom.md').isVisible()).resolves.toBe(true);
    await agent.getByLabel('Summary').fill('Edited in the desk, not in the file.');
    await save(agent, 'Save changes');
    await agent.goto(`${app.server.url}/desk/kb?q=${encodeURIComponent('Install Zoom')}`);
    await expect(agent.getByRole('row', { name: /Install Zoom/ }).textContent()).resolves.toContain('Conflict');
  });
});

describe('who may use the editor', () => {
  it('answers 404 to customers and sends anonymous visitors to sign in', async () => {
    const customer = await app.signedIn('customer');
    for (const path of ['/desk/kb', '/desk/kb/new', `/desk/kb/${articleId}`, `/desk/kb/${articleId}/revisions`]) {
      const response = await customer.goto(`${app.server.url}${path}`);
      expect(response?.status(), path).toBe(404);
    }
    const preview = await customer.request.post(`${app.server.url}/desk/kb/preview`, { data: { body: '# hi' } });
    expect(preview.status()).toBe(404);
    await expect(preview.json()).resolves.toMatchObject({ error: { code: 'not_found' } });
    await customer.context().close();

    expect(await anonymousStatus('/desk/kb')).toBe(303);
    const anonymous = await fetch(`${app.server.url}/desk/kb/preview`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ body: '# hi' }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('lets only admins manage categories', async () => {
    const response = await agent.goto(`${app.server.url}/desk/kb/categories`);
    expect(response?.status()).toBe(404);
    await agent.goto(`${app.server.url}/desk/kb`);
    await expect(agent.getByRole('link', { name: 'Categories' }).count()).resolves.toBe(0);

    const admin = await app.signedIn('admin');
    await admin.goto(`${app.server.url}/desk/kb/categories`);
    await admin.getByLabel('Name', { exact: true }).fill('Printers and scanners');
    await admin.getByLabel('Parent category').selectOption({ label: 'Devices' });
    await admin.getByRole('button', { name: 'Create category' }).click();
    await expect(admin.getByText('The category was created.').isVisible()).resolves.toBe(true);
    await expect(admin.getByRole('row', { name: /Printers and scanners/ }).textContent()).resolves.toContain(
      'printers-and-scanners',
    );
    await admin.getByRole('button', { name: 'Delete Devices' }).click();
    await expect(admin.getByText('This category still holds articles or sections.').isVisible()).resolves.toBe(true);
    await admin.context().close();
  });
});

describe('synonyms', () => {
  it('points at the line of a group with fewer than two words', async () => {
    await agent.goto(`${app.server.url}/desk/kb/synonyms`);
    await agent.getByLabel('Synonym groups').fill('vpn, remote access\n\nprinter');
    await agent.getByRole('button', { name: 'Save synonyms' }).click();
    await expect(
      agent.getByText('Line 3: A group needs at least two different words.').first().isVisible(),
    ).resolves.toBe(true);
    await expect(agent.getByLabel('Synonym groups').inputValue()).resolves.toBe('vpn, remote access\n\nprinter');
  });

  it('finds a laptop article when searching for notebook once the two are synonyms', async () => {
    await agent.goto(`${app.server.url}/desk/kb/synonyms`);
    await agent.getByLabel('Synonym groups').fill('vpn, remote access');
    await agent.getByRole('button', { name: 'Save synonyms' }).click();
    expect(await searchFinds(agent, 'notebook', 'turn on or charge', 0)).toBe(false);

    await agent.goto(`${app.server.url}/desk/kb/synonyms`);
    await agent.getByLabel('Synonym groups').fill('notebook, laptop');
    await agent.getByRole('button', { name: 'Save synonyms' }).click();
    await expect(agent.getByText('The synonyms were saved.').isVisible()).resolves.toBe(true);
    await expect(agent.getByLabel('Synonym groups').inputValue()).resolves.toBe('notebook, laptop');
    expect(await searchFinds(agent, 'notebook', 'turn on or charge')).toBe(true);
  });
});

describe('accessibility of the editor', () => {
  it('finds no axe violations on the list, editor, revisions diff and synonyms pages', async () => {
    const page = await app.signedIn('admin', { bypassCSP: true });
    const paths = [
      '/desk/kb',
      '/desk/kb/new',
      `/desk/kb/${articleId}`,
      `/desk/kb/${articleId}/revisions?from=1&to=4`,
      '/desk/kb/categories',
      '/desk/kb/synonyms',
    ];
    for (const path of paths) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(`${app.server.url}${path}`);
        expect(response?.status(), path).toBeLessThan(400);
        expect(await violations(page), `${path} (${scheme})`).toEqual([]);
      }
    }
    await page.context().close();
  });
});
