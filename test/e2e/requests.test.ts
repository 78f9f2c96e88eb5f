import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { signInAs } from './helpers/browser.ts';
import { readOutbox, sessionCookie } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();
let screenshot: string;

beforeAll(() => {
  screenshot = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'portico-upload-')), 'error-dialog.png');
  fs.writeFileSync(screenshot, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
});

afterAll(() => {
  fs.rmSync(path.dirname(screenshot), { recursive: true, force: true });
});

describe('a request from the portal to the desk and back', () => {
  it('goes from a customer with a file to an agent and back to resolved', async () => {
    const customer = await app.signedIn('customer');
    await customer.goto(`${app.server.url}/requests/new`);
    await customer.getByRole('link', { name: /Report an incident/ }).click();
    await customer.getByLabel('Subject', { exact: true }).fill('Payroll page shows an error');
    await customer.getByLabel('Description', { exact: true }).fill('Since 9:00 the payroll page shows error 500.');
    await customer.getByLabel('Affected service').selectOption('Payroll');
    await customer.getByLabel('Impact').selectOption('medium');
    await customer.getByLabel('Urgency').selectOption('high');
    await customer.getByLabel('Attachments').setInputFiles(screenshot);
    await customer.getByRole('button', { name: 'Send request' }).click();
    await customer.waitForURL(/\/requests\/\d+/);
    const number = /\/requests\/(\d+)/.exec(customer.url())![1]!;
    await expect(customer.getByText('error-dialog.png').first().isVisible()).resolves.toBe(true);

    const agent = await app.signedIn('agent');
    await agent.goto(`${app.server.url}/desk?queue=unassigned`);
    await agent.getByRole('link', { name: 'Payroll page shows an error' }).click();
    await agent.waitForURL(new RegExp(`/desk/tickets/${number}`));
    await agent.getByRole('button', { name: 'Assign to me' }).first().click();
    await agent.waitForLoadState('domcontentloaded');
    await agent.getByLabel('Message').fill('We restarted the payroll service; please try again.');
    await agent.getByRole('button', { name: 'Send', exact: true }).click();
    await agent.waitForLoadState('domcontentloaded');
    await agent.goto(`${app.server.url}/desk?queue=mine`);
    await expect(agent.getByRole('link', { name: 'Payroll page shows an error' }).count()).resolves.toBe(1);

    // The running server mails the requester the reply through its job queue.
    const customerEmail = app.server.login('customer').email;
    let mailed: string | undefined;
    for (let waited = 0; waited < 15_000 && !mailed; waited += 250) {
      mailed = readOutbox(app.server.dataDir).find(
        (mail) => mail.includes(`To: ${customerEmail}`) && mail.includes(`[PT-${number}]`) && /restarted/.test(mail),
      );
      if (!mailed) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(mailed, 'the reply mail to the requester').toBeDefined();
    expect(mailed).toContain(`/requests/${number}`);

    await customer.goto(`${app.server.url}/requests/${number}`);
    await expect(customer.getByText('We restarted the payroll service; please try again.').isVisible()).resolves.toBe(
      true,
    );
    await customer.getByRole('button', { name: 'Mark as resolved' }).click();
    await customer.waitForLoadState('domcontentloaded');
    await expect(
      customer
        .getByText(/Resolved/)
        .first()
        .isVisible(),
    ).resolves.toBe(true);
    await expect(customer.getByRole('button', { name: 'Mark as resolved' }).count()).resolves.toBe(0);

    const download = await fetch(
      `${app.server.url}${await customer
        .getByRole('link', { name: /error-dialog\.png/ })
        .first()
        .getAttribute('href')}`,
      { headers: { cookie: (await customer.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') } },
    );
    expect(download.status).toBe(200);
    expect(download.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    await customer.context().close();
    await agent.context().close();
  });

  it('suggests knowledge-base articles while the customer types the subject, and counts an opened one', async () => {
    const customer = await app.signedIn('customer');
    await customer.goto(`${app.server.url}/requests/new/report-an-incident`);
    await customer.getByLabel('Subject', { exact: true }).pressSequentially('vpn keeps disconnecting', { delay: 20 });
    const suggestions = customer.getByRole('complementary').getByRole('link');
    await suggestions.first().waitFor({ timeout: 10_000 });
    expect(await suggestions.count()).toBeGreaterThan(0);
    expect((await suggestions.allTextContents()).join(' ')).toMatch(/VPN/i);
    await suggestions.first().click();
    await customer.waitForURL(/\/kb\/[^/]+\/[^/?]+/);
    const database = new BetterSqlite3(path.join(app.server.dataDir, 'portico.db'), { readonly: true });
    const recorded = database
      .prepare(`select query, clicked_article_id, request_followed from kb_searches where query = ?`)
      .all('vpn keeps disconnecting') as { clicked_article_id: string | null; request_followed: number }[];
    database.close();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ clicked_article_id: expect.any(String), request_followed: 0 });
    await customer.context().close();
  });

  it('offers the same suggestions without JavaScript', async () => {
    const context = await app.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const login = app.server.login('customer');
    await signInAs(page, app.server.url, login.email, login.password);
    await page.goto(`${app.server.url}/requests/new/report-an-incident`);
    await page.getByLabel('Subject', { exact: true }).fill('reset my password');
    await page.getByRole('button', { name: 'Check for answers' }).click();
    await page.waitForLoadState('domcontentloaded');
    expect(await page.getByLabel('Subject', { exact: true }).inputValue()).toBe('reset my password');
    expect((await page.getByRole('complementary').getByRole('link').allTextContents()).join(' ')).toMatch(/password/i);
    await context.close();
  });
});

describe("an organisation's shared requests", () => {
  it("lets colleagues see each other's requests only once an admin shares them", async () => {
    const admin = await app.signedIn('admin');
    const casey = await app.signedIn('customer');
    await casey.goto(`${app.server.url}/requests`);
    const first = await casey
      .locator('a[href^="/requests/"]')
      .evaluateAll((links) =>
        links.map((link) => link.getAttribute('href')!).find((href) => /^\/requests\/\d+$/.test(href)),
      );
    const noorLogin = app.server.login('customer', 1);
    const noorOpens = async () =>
      (
        await fetch(`${app.server.url}${first}`, {
          headers: { cookie: await sessionCookie(app.server.url, noorLogin) },
          redirect: 'manual',
        })
      ).status;
    expect(await noorOpens()).toBe(404);
    await admin.goto(`${app.server.url}/admin/organisations`);
    await admin.getByRole('button', { name: 'Share requests within Northwind Traders' }).click();
    await admin.waitForLoadState('domcontentloaded');
    await expect(admin.getByText('Members see each other’s requests').isVisible()).resolves.toBe(true);
    expect(await noorOpens()).toBe(200);
    const oluLogin = app.server.login('customer', 2);
    const olu = await fetch(`${app.server.url}${first}`, {
      headers: { cookie: await sessionCookie(app.server.url, oluLogin) },
      redirect: 'manual',
    });
    expect(olu.status).toBe(404);
    await admin.getByRole('button', { name: 'Stop sharing requests within Northwind Traders' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await noorOpens()).toBe(404);
    await admin.context().close();
    await casey.context().close();
  });
});

describe('accessibility of the service desk pages', () => {
  it('finds no axe violations on the portal request pages, the desk and the service-desk admin pages', async () => {
    const customer = await app.signedIn('customer', { bypassCSP: true });
    const agent = await app.signedIn('agent', { bypassCSP: true });
    const admin = await app.signedIn('admin', { bypassCSP: true });
    await customer.goto(`${app.server.url}/requests`);
    const mine = await customer
      .locator('a[href^="/requests/"]')
      .evaluateAll((links) =>
        links.map((link) => link.getAttribute('href')!).filter((href) => /^\/requests\/\d+$/.test(href)),
      );
    const pages: [Page, string][] = [
      [customer, '/requests/new'],
      [customer, '/requests/new/new-starter'],
      [customer, '/requests'],
      [customer, mine[0]!],
      [agent, '/desk'],
      [agent, '/desk?queue=all'],
      [agent, `/desk/tickets/${mine[0]!.split('/').pop()}`],
      [agent, '/desk/tickets/new'],
      [agent, '/desk/tickets/new?type=report-an-incident'],
      [agent, '/desk/canned'],
      [admin, '/admin/catalog'],
      [admin, '/admin/catalog/new'],
      [admin, '/admin/sla'],
      [admin, '/admin/sla/policies/new'],
      [admin, '/admin/sla/calendars/new'],
      [admin, '/admin/webhooks'],
      [admin, '/admin/notifications'],
      [admin, '/admin/notifications/request.received'],
      [admin, '/admin/rules'],
      [admin, '/admin/rules/new'],
      [admin, '/admin/approvals'],
      [agent, '/account/notifications'],
      [customer, '/approvals'],
    ];
    for (const [page, target] of pages) {
      for (const scheme of ['light', 'dark'] as const) {
        await page.emulateMedia({ colorScheme: scheme });
        const response = await page.goto(`${app.server.url}${target}`);
        expect(response?.status(), target).toBeLessThan(400);
        expect(await violations(page), `${target} (${scheme})`).toEqual([]);
      }
    }
    for (const page of [customer, agent, admin]) await page.context().close();
  });
});
