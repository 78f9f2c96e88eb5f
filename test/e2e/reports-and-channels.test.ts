import { describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { sessionCookie } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();

describe('the service reports', () => {
  it('shows KPI tiles, accessible charts with their data, a CSAT tile and CSV exports to agents', async () => {
    const agent = await app.signedIn('agent');
    const response = await agent.goto(`${app.server.url}/desk/reports?range=90`);
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
    const csv = await fetch(new URL(csvLink!, app.server.url), {
      headers: { cookie: (await agent.context().cookies()).map((c) => `${c.name}=${c.value}`).join('; ') },
    });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment;/);
    await agent.context().close();
  });

  it('keeps reports from customers and targets from agents', async () => {
    const customer = await sessionCookie(app.server.url, app.server.login('customer'));
    expect((await fetch(`${app.server.url}/desk/reports`, { headers: { cookie: customer } })).status).toBe(404);
    const agent = await sessionCookie(app.server.url, app.server.login('agent'));
    expect((await fetch(`${app.server.url}/desk/reports/targets`, { headers: { cookie: agent } })).status).toBe(404);
    const bad = await fetch(`${app.server.url}/desk/reports?from=2026-13-40&to=x`, { headers: { cookie: agent } });
    expect(bad.status).toBe(400);
  });
});

describe('admin pages of this release', () => {
  it('axe finds nothing on reports targets, channels, quarantine and backups', async () => {
    const admin = await app.signedIn('admin');
    for (const path of [
      '/desk/reports/targets',
      '/admin/channels',
      '/admin/channels/new',
      '/admin/channels/quarantine',
      '/admin/backups',
    ]) {
      const response = await admin.goto(`${app.server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await violations(admin), path).toEqual([]);
    }
    await admin.context().close();
  });
});
