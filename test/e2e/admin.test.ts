import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPage, signInAs } from './helpers/browser.ts';
import { linkFromMail } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();
let admin: Page;

beforeAll(async () => {
  admin = await app.signedIn('admin');
});

describe('creating a user', () => {
  it('invites a person created without a password, who then chooses one and signs in', async () => {
    await admin.goto(`${app.server.url}/admin/users/new`);
    await admin.getByLabel('Name', { exact: true }).fill('Rita Requester');
    await admin.getByLabel('Email').fill('rita@northwind.example');
    await admin.getByLabel('Role').selectOption('customer');
    await admin.getByRole('button', { name: 'Create user' }).click();
    await expect(admin.getByText('We mailed the person an invitation').isVisible()).resolves.toBe(true);

    const rita = await newPage(app.browser);
    await rita.goto(linkFromMail(app.server.dataDir, 'rita@northwind.example', '/reset/'));
    await rita.getByLabel('New password').fill('ritas own passphrase');
    await rita.getByRole('button', { name: 'Save new password' }).click();
    await signInAs(rita, app.server.url, 'rita@northwind.example', 'ritas own passphrase');
    expect(new URL(rita.url()).pathname).toBe('/');
    await rita.context().close();
  });
});

describe('deactivating a user', () => {
  it('signs the person out at once and keeps them out', async () => {
    const agent = app.server.login('agent', 1);
    const person = await newPage(app.browser);
    await signInAs(person, app.server.url, agent.email, agent.password);
    await admin.goto(`${app.server.url}/admin/users?q=${encodeURIComponent(agent.email)}`);
    await admin.getByRole('link', { name: 'Sam Support' }).click();
    await admin.getByRole('button', { name: 'Deactivate account' }).click();
    await person.goto(`${app.server.url}/desk`);
    expect(new URL(person.url()).pathname).toBe('/login');
    await signInAs(person, app.server.url, agent.email, agent.password);
    expect(new URL(person.url()).pathname).toBe('/login');
    await person.context().close();
  });
});

describe('groups', () => {
  it('creates a group and sets its members and lead', async () => {
    await admin.goto(`${app.server.url}/admin/groups/new`);
    await admin.getByLabel('Name').fill('Field Services');
    await admin.getByRole('button', { name: 'Create group' }).click();
    await admin.getByLabel('Member for Avery Agent').check();
    await admin.getByLabel('Lead for Avery Agent').check();
    await admin.getByRole('button', { name: 'Save members' }).click();
    await admin.goto(`${app.server.url}/admin/groups`);
    const row = admin.getByRole('row', { name: /Field Services/ });
    await expect(row.textContent()).resolves.toContain('1');
  });
});

describe('portal settings', () => {
  it('renames the portal and turns sign-up off', async () => {
    await admin.goto(`${app.server.url}/admin/settings`);
    await admin.getByLabel('Organisation name').fill('Northwind Help');
    await admin.getByLabel('Anyone can sign up').uncheck();
    await admin.getByRole('button', { name: /save/i }).click();
    const visitor = await newPage(app.browser);
    await visitor.goto(`${app.server.url}/`);
    await expect(visitor.title()).resolves.toContain('Northwind Help');
    await expect(visitor.getByRole('link', { name: 'Sign up' }).count()).resolves.toBe(0);
    await visitor.goto(`${app.server.url}/signup`);
    await expect(visitor.getByText('Sign-up is turned off on this portal.').isVisible()).resolves.toBe(true);
    const post = await fetch(`${app.server.url}/signup`, {
      method: 'POST',
      body: new URLSearchParams({ name: 'X', email: 'x@example.org', password: 'some long passphrase' }),
    });
    expect(post.status).toBe(403);
    await visitor.context().close();
  });
});
