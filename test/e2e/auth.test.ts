import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { newPage, signInAs } from './helpers/browser.ts';
import { linkFromMail } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();

describe('signing in', () => {
  it('signs the printed demo admin in and shows the admin console', async () => {
    const admin = app.server.login('admin');
    const page = await newPage(app.browser);
    await signInAs(page, app.server.url, admin.email, admin.password);
    expect(new URL(page.url()).pathname).toBe('/desk');
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    expect(new URL(page.url()).pathname).toBe('/admin');
    await expect(page.getByRole('heading', { level: 1 }).count()).resolves.toBe(1);
    await page.context().close();
  });

  it('sets the session cookie HttpOnly, SameSite=Lax, for the whole site', async () => {
    const customer = app.server.login('customer');
    const page = await newPage(app.browser);
    await signInAs(page, app.server.url, customer.email, customer.password);
    const [cookie] = await page.context().cookies();
    expect(cookie).toMatchObject({
      name: 'portico_session',
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: false,
    });
    expect(cookie!.value.length).toBeGreaterThanOrEqual(32);
    await page.context().close();
  });

  it('stores only the SHA-256 of the session token', async () => {
    const agent = app.server.login('agent');
    const page = await newPage(app.browser);
    await signInAs(page, app.server.url, agent.email, agent.password);
    const [cookie] = await page.context().cookies();
    const db = new Database(path.join(app.server.dataDir, 'portico.db'), { readonly: true });
    const ids = db
      .prepare('select id from sessions')
      .all()
      .map((row) => (row as { id: string }).id);
    db.close();
    const { createHash } = await import('node:crypto');
    expect(ids).not.toContain(cookie!.value);
    expect(ids).toContain(createHash('sha256').update(cookie!.value).digest('hex'));
    await page.context().close();
  });

  it('shows one generic message for a wrong password', async () => {
    const page = await newPage(app.browser);
    await signInAs(page, app.server.url, 'nobody@example.org', 'not the password');
    await expect(page.getByRole('alert').textContent()).resolves.toContain(
      'That email and password do not match an account.',
    );
    await page.context().close();
  });
});

describe('signing up', () => {
  it('creates an account after the emailed link is confirmed', async () => {
    const page = await newPage(app.browser);
    await page.goto(`${app.server.url}/signup`);
    await page.getByLabel('Name').fill('Robin Reader');
    await page.getByLabel('Email').fill('robin@example.org');
    await page.getByLabel('Password').fill('correct horse battery staple');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText('Check your email').first().isVisible()).resolves.toBe(true);
    await page.goto(linkFromMail(app.server.dataDir, 'robin@example.org', '/verify/'));
    await page.getByRole('button', { name: 'Confirm and sign in' }).click();
    expect(new URL(page.url()).pathname).toBe('/account');
    await expect(page.getByText('robin@example.org').first().isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('answers alike for an email that already has an account', async () => {
    const customer = app.server.login('customer', 1);
    const page = await newPage(app.browser);
    await page.goto(`${app.server.url}/signup`);
    await page.getByLabel('Name').fill('Someone Else');
    await page.getByLabel('Email').fill(customer.email);
    await page.getByLabel('Password').fill('an entirely new passphrase');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByText(`We sent a message to ${customer.email}`).isVisible()).resolves.toBe(true);
    await page.context().close();
  });
});

describe('signing out', () => {
  it('ends the session so account pages ask to sign in again', async () => {
    const customer = app.server.login('customer', 2);
    const page = await newPage(app.browser);
    await signInAs(page, app.server.url, customer.email, customer.password);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.goto(`${app.server.url}/account`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.context().close();
  });
});
