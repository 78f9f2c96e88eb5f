import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { violations } from './helpers/axe.ts';
import { runCli, sessionCookie } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();

async function api(role: 'admin' | 'agent' | 'customer', method: string, path: string, body?: unknown) {
  const cookie = await sessionCookie(app.server.url, app.server.login(role));
  const response = await fetch(`${app.server.url}/api/v1${path}`, {
    method,
    headers: { cookie, 'content-type': 'application/json', origin: app.server.url },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as Record<string, any> };
}

/** Retries a check while the server's workers (events every 2 s) catch up. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let waited = 0; waited < 20_000; waited += 500) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function textOf(page: Page, path: string): Promise<string> {
  await page.goto(`${app.server.url}${path}`);
  return page.locator('main').innerText();
}

describe('the demo portal', () => {
  it('starts with the bundled plugins installed and enabled', async () => {
    expect(app.server.output()).toContain('demo plugins');
    const listed = await runCli(['plugin', 'list', '--json'], { PORTICO_DATA_DIR: app.server.dataDir });
    expect(listed.code).toBe(0);
    const plugins = JSON.parse(listed.stdout) as { id: string; state: string }[];
    expect(plugins.map((plugin) => [plugin.id, plugin.state])).toEqual([
      ['announcements', 'enabled'],
      ['csat', 'enabled'],
      ['recognition', 'enabled'],
      ['training', 'enabled'],
    ]);
  });
});

describe('CSAT and recognition together', () => {
  it('a resolved ticket rated 5 shows on the CSAT page and raises its agent’s recognition points', async () => {
    const types = await api('customer', 'GET', '/request-types');
    const question = (types.body['requestTypes'] as { id: string; name: string }[]).find((type) =>
      /question/i.test(type.name),
    )!;
    const created = await api('customer', 'POST', '/tickets', {
      requestTypeId: question.id,
      subject: 'How do I share my calendar?',
      description: 'I want my team to see when I am free.',
    });
    expect(created.status).toBe(201);
    const number = created.body['ticket'].number as number;
    const agentId = (await api('agent', 'GET', '/me')).body['user'].id as string;

    const agent = await app.signedIn('agent');
    const pointsBefore = Number(/Your points:\s*(\d+)/.exec(await textOf(agent, '/plugins/recognition'))?.[1]);
    expect(Number.isNaN(pointsBefore)).toBe(false);

    const resolved = await api('agent', 'PATCH', `/tickets/${number}`, { assigneeId: agentId, status: 'resolved' });
    expect(resolved.status).toBe(200);

    const customer = await app.signedIn('customer');
    await customer.goto(`${app.server.url}/requests/${number}`);
    await customer.getByRole('radio', { name: /Very satisfied/ }).check();
    await customer.getByLabel(/comment/i).fill('Clear answer, thank you!');
    await customer.getByRole('button', { name: 'Send rating' }).click();
    await customer.waitForLoadState('domcontentloaded');
    await expect(customer.getByText(/You rated this request 5 out of 5/).isVisible()).resolves.toBe(true);

    await eventually(
      async () => (await textOf(agent, '/plugins/csat')).includes('Clear answer, thank you!'),
      'the CSAT page',
    );
    const csat = await textOf(agent, '/plugins/csat');
    expect(csat).toContain('100%');
    await agent.goto(`${app.server.url}/desk/tickets/${number}`);
    await expect(agent.locator('[data-plugin="csat"]').innerText()).resolves.toMatch(/5/);

    await eventually(async () => {
      const points = Number(/Your points:\s*(\d+)/.exec(await textOf(agent, '/plugins/recognition'))?.[1]);
      return points === pointsBefore + 10;
    }, 'the recognition points');
    await agent.context().close();
    await customer.context().close();
  });
});

describe('turning a plugin off', () => {
  it('an admin disables CSAT: its pages answer 404, its panel and menu entry vanish, and enabling brings them back', async () => {
    const admin = await app.signedIn('admin');
    await admin.goto(`${app.server.url}/admin/plugins`);
    await admin.getByRole('button', { name: 'Disable Customer satisfaction (CSAT)' }).click();
    await admin.waitForLoadState('domcontentloaded');
    await expect(admin.getByText(/Disabled csat/).isVisible()).resolves.toBe(true);

    const agent = await app.signedIn('agent');
    const page = await agent.goto(`${app.server.url}/plugins/csat`);
    expect(page?.status()).toBe(404);
    await agent.goto(`${app.server.url}/desk`);
    await expect(agent.getByRole('link', { name: 'CSAT' }).count()).resolves.toBe(0);
    const customer = await app.signedIn('customer');
    const number = (await api('customer', 'GET', '/tickets?limit=1')).body['tickets'][0].number as number;
    await customer.goto(`${app.server.url}/requests/${number}`);
    await expect(customer.locator('[data-plugin="csat"]').count()).resolves.toBe(0);

    await admin.goto(`${app.server.url}/admin/plugins`);
    await admin.getByRole('button', { name: 'Enable Customer satisfaction (CSAT)' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect((await agent.goto(`${app.server.url}/plugins/csat`))?.status()).toBe(200);
    for (const context of [admin.context(), agent.context(), customer.context()]) await context.close();
  });

  it('`portico plugin disable` on the command line takes effect on the running server at once', async () => {
    const cookie = await sessionCookie(app.server.url, app.server.login('agent'));
    const open = () => fetch(`${app.server.url}/plugins/recognition`, { headers: { cookie } }).then((r) => r.status);
    expect(await open()).toBe(200);
    const disabled = await runCli(['plugin', 'disable', 'recognition'], { PORTICO_DATA_DIR: app.server.dataDir });
    expect(disabled).toMatchObject({ code: 0, stdout: 'disabled recognition\n' });
    expect(await open()).toBe(404);
    expect(await runCli(['plugin', 'enable', 'recognition'], { PORTICO_DATA_DIR: app.server.dataDir })).toMatchObject({
      code: 0,
    });
    expect(await open()).toBe(200);
  });

  it('refuses bad plugin commands with one clear line and exit code 1', async () => {
    const environment = { PORTICO_DATA_DIR: app.server.dataDir };
    expect(await runCli(['plugin', 'install', 'nope'], environment)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is no plugin "nope" in plugins/.'),
    });
    expect(await runCli(['plugin', 'uninstall', 'csat'], environment)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('confirm with --confirm csat'),
    });
    expect(await runCli(['plugin', 'uninstall', 'csat', '--confirm', 'training'], environment)).toMatchObject({
      code: 1,
      stderr: expect.stringContaining("Type the plugin's id (csat) to confirm"),
    });
    expect(await runCli(['plugin', 'add', '/nowhere/at/all.tgz', '--no-build'], environment)).toMatchObject({
      code: 1,
    });
  });
});

describe('the plugin REST API', () => {
  it('lists plugins to admins only and validates settings', async () => {
    expect((await api('agent', 'GET', '/plugins')).status).toBe(403);
    const listed = await api('admin', 'GET', '/plugins');
    expect(listed.status).toBe(200);
    expect((listed.body['plugins'] as { id: string }[]).map((plugin) => plugin.id)).toContain('csat');
    const bad = await api('admin', 'PATCH', '/plugins/csat/settings', { settings: { delayMinutes: -5 } });
    expect(bad.status).toBe(422);
    expect(bad.body['error'].details.fields).toHaveProperty('delayMinutes');
    const detail = await api('admin', 'GET', '/plugins/csat');
    expect(detail.body['plugin'].state).toBe('enabled');
    expect(detail.body['settings']).toHaveProperty('delayMinutes', 0);
    expect((await api('admin', 'POST', '/plugins/csat/uninstall', { confirm: 'nope' })).status).toBe(422);
    expect((await api('admin', 'POST', '/plugins/nope/install')).status).toBe(404);
  });
});

describe('accessibility of plugin pages', () => {
  it('axe finds nothing on the admin and plugin pages', async () => {
    const admin = await app.signedIn('admin');
    for (const path of [
      '/admin/plugins',
      '/admin/plugins/csat',
      '/admin/plugins/training',
      '/plugins/csat',
      '/plugins/training',
      '/plugins/training/manage',
      '/plugins/training/reports',
      '/plugins/recognition',
      '/plugins/recognition/leaderboard',
      '/plugins/recognition/rewards',
      '/plugins/recognition/manage',
      '/plugins/announcements',
      '/plugins/announcements/new',
      '/desk',
      '/account',
      '/admin',
    ]) {
      const response = await admin.goto(`${app.server.url}${path}`);
      expect(response?.status(), path).toBe(200);
      expect(await violations(admin), path).toEqual([]);
    }
    await admin.context().close();
  });
});
