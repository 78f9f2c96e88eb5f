import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, sessionCookie, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
let adminToken: string;
let adminCookie: string;

beforeAll(async () => {
  server = await startServer();
  const admin = server.login('admin');
  const result = await runCli(['token', 'create', '--email', admin.email, '--label', 'e2e'], {
    PORTICO_DATA_DIR: server.dataDir,
  });
  expect(result.code, result.stderr).toBe(0);
  adminToken = result.stdout.trim().split('\n').at(-1)!;
  adminCookie = await sessionCookie(server.url, admin);
}, 300_000);

afterAll(async () => {
  await server?.stop();
});

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, 'Content-Type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: response.status === 204 ? null : await response.json() };
}

function page(path: string, form?: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method: form ? 'POST' : 'GET',
    headers: { Cookie: adminCookie, Origin: server.url },
    ...(form && { body: new URLSearchParams(form) }),
    redirect: 'manual',
  });
}

/** Deleting from an admin page takes the confirmation box; without it the page explains and keeps the thing. */
async function deletesOnlyWhenConfirmed(path: string, listPath: string): Promise<void> {
  expect((await page(path)).status).toBe(200);
  const unconfirmed = await page(path, { intent: 'delete' });
  expect(unconfirmed.status).toBe(422);
  expect(await unconfirmed.text()).toContain('confirm-error');
  expect((await page(path)).status).toBe(200);
  const confirmed = await page(path, { intent: 'delete', confirm: 'on' });
  expect(confirmed.status).toBe(303);
  expect(confirmed.headers.get('location')).toContain(listPath);
  expect((await page(path)).status).toBe(404);
}

describe('automation rules and webhooks from the admin console', () => {
  it('creates a rule through the API, shows it, and deletes it only when confirmed', async () => {
    const created = await api('POST', '/rules', {
      name: 'Tag VPN incidents',
      trigger: 'event',
      events: ['ticket.created'],
      conditions: [],
      actions: [{ type: 'add_tag', value: 'vpn' }],
    });
    expect(created.status).toBe(201);
    const id = created.body.rule.id as string;
    await deletesOnlyWhenConfirmed(`/admin/rules/${id}`, '/admin/rules');
  });

  it('creates a webhook through the API, refuses a loopback URL, and deletes it only when confirmed', async () => {
    const refused = await api('POST', '/webhooks', { url: 'http://[::ffff:127.0.0.1]/hook', events: ['*'] });
    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toMatch(/private or loopback/);
    const created = await api('POST', '/webhooks', { url: 'https://hooks.example.org/portico', events: ['*'] });
    expect(created.status).toBe(201);
    expect(created.body.secret).toEqual(expect.any(String));
    expect(created.body.webhook.secret).toBeUndefined();
    const id = created.body.webhook.id as string;
    await deletesOnlyWhenConfirmed(`/admin/webhooks/${id}`, '/admin/webhooks');
  });

  it('adds and removes an escalation level of the demo SLA policy through the API', async () => {
    const database = new BetterSqlite3(path.join(server.dataDir, 'portico.db'), { readonly: true });
    const policy = database.prepare('select id from sla_policies order by position limit 1').get() as { id: string };
    database.close();
    const added = await api('POST', `/sla/policies/${policy.id}/escalations`, {
      target: 'resolution',
      offsetMinutes: -30,
      notifyAssignee: true,
      raisePriority: true,
    });
    expect(added.status).toBe(201);
    expect(added.body.escalation).toMatchObject({ target: 'resolution', offsetMinutes: -30 });
    const refused = await api('POST', `/sla/policies/${policy.id}/escalations`, {
      target: 'resolution',
      offsetMinutes: 10,
    });
    expect(refused.status).toBe(422);
    const listed = await api('GET', `/sla/policies/${policy.id}/escalations`);
    expect(listed.body.escalations.map((level: { id: string }) => level.id)).toEqual([added.body.escalation.id]);
    const removed = await api('DELETE', `/sla/policies/${policy.id}/escalations/${added.body.escalation.id}`);
    expect(removed.status).toBe(204);
    expect((await api('GET', `/sla/policies/${policy.id}/escalations`)).body.escalations).toEqual([]);
    const openapi = await (await fetch(`${server.url}/api/v1/openapi.json`)).json();
    expect(Object.keys(openapi.paths)).toEqual(
      expect.arrayContaining(['/sla/policies/{id}/escalations', '/rules', '/approvals', '/webhooks']),
    );
  });
});
