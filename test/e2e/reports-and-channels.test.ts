import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { launchBrowser, signedInAs } from './helpers/browser.ts';
import { sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function signedIn(role: 'admin' | 'agent' | 'customer'): Promise<Page> {
  return signedInAs(browser, server, role);
}

describe('the service reports', () => {
  it('shows KPI tiles, accessible charts with their data, a CSAT tile and CSV exports to agents', async () => {
    const agent = await signedIn('agent');
    const response = await agent.goto(`${server.url}/desk/reports?range=90`);
    expect(response?.status()).toBe(200);
    const charts = agent.locator('svg[role="img"]');
    expect(await charts.count()).toBeGreaterThan(3);
    for (const chart of await charts.all()) {
      const labelledBy = await chart.getAttribute('aria-labelledby');
      expect(labelledBy, 'every chart is labelled').toBeTruthy();
    }
    expect(await agent.locator('details table').count()).toBeGreaterThan(3);
    await expect(agent.getByRole('heading', { name: 'Customer satisfaction' }).count()).resolves.toBe(1);
    expect(await violations(agent)).toEqual([]);

    const csvLink = await agent.locator('a[href*="export.csv"]').first().getAttribute('href');
    const csv = await fetch(new URL(csvLink!, server.url), {
      headers: { cookie: (await agent.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment;/);
    await agent.context().close();
  });

  it('keeps reports from customers and targets from agents', async () => {
    const customer = await sessionCookie(server.url, server.login('customer'));
    expect((await fetch(`${server.url}/desk/reports`, { headers: { cookie: customer } })).status).toBe(404);
    const agent = await sessionCookie(server.url, server.login('agent'));
    expect((await fetch(`${server.url}/desk/reports/targets`, { headers: { cookie: agent } })).status).toBe(404);
    const bad = await fetch(`${server.url}/desk/reports?from=2026-13-40&to=x`, { headers: { cookie: agent } });
    expect(bad.status).toBe(400);
  });
});

describe('admin pages of this release', () => {
  it('axe finds nothing on reports targets, channels, quarantine and backups', async () => {
    const admin = await signedIn('admin');
    for (const path of [
      '/desk/reports/targets',
      '/admin/channels',
      '/admin/channels/new',
      '/admin/channels/quarantine',
      '/admin/backups',
    ]) {
      const response = await admin.goto(`${server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await violations(admin), path).toEqual([]);
    }
    await admin.context().close();
  });
});
