import Database from 'better-sqlite3';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { newPage, signInAs } from './helpers/browser.ts';
import { linkFromMail } from './helpers/server.ts';
import { useServerAndBrowser } from './helpers/server-and-browser.ts';

const app = useServerAndBrowser();

async function requestReset(page: Page, email: string): Promise<string> {
  await page.goto(`${app.server.url}/forgot`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('Check your email').first().waitFor();
  return linkFromMail(app.server.dataDir, email, '/reset/');
}

describe('changing the password', () => {
  it('ends the other sessions and keeps this one', async () => {
    const agent = app.server.login('agent');
    const here = await newPage(app.browser);
    const elsewhere = await newPage(app.browser);
    await signInAs(here, app.server.url, agent.email, agent.password);
    await signInAs(elsewhere, app.server.url, agent.email, agent.password);
    await here.goto(`${app.server.url}/account`);
    await here.getByLabel('Current password').fill(agent.password);
    await here.getByLabel('New password').fill('a brand new passphrase 1');
    await here.getByRole('button', { name: 'Change password' }).click();
    await expect(here.getByText('Your password was changed').isVisible()).resolves.toBe(true);
    await elsewhere.goto(`${app.server.url}/account`);
    expect(new URL(elsewhere.url()).pathname).toBe('/login');
    await here.goto(`${app.server.url}/account`);
    expect(new URL(here.url()).pathname).toBe('/account');
    await here.context().close();
    await elsewhere.context().close();
  });
});

describe('resetting the password', () => {
  it('works once with the emailed link', async () => {
    const customer = app.server.login('customer');
    const page = await newPage(app.browser);
    const link = await requestReset(page, customer.email);
    await page.goto(link);
    await page.getByLabel('New password').fill('reset passphrase number one');
    await page.getByRole('button', { name: 'Save new password' }).click();
    expect(new URL(page.url()).pathname).toBe('/login');
    await signInAs(page, app.server.url, customer.email, 'reset passphrase number one');
    expect(new URL(page.url()).pathname).toBe('/');
    const again = await page.goto(link);
    expect(again?.status()).toBe(404);
    await expect(page.getByText('This reset link cannot be used').isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('refuses a link after it expired', async () => {
    const customer = app.server.login('customer', 1);
    const page = await newPage(app.browser);
    const link = await requestReset(page, customer.email);
    const db = new Database(path.join(app.server.dataDir, 'portico.db'));
    db.prepare("update auth_tokens set expires_at = '2000-01-01T00:00:00.000Z' where purpose = 'password_reset'").run();
    db.close();
    const response = await page.goto(link);
    expect(response?.status()).toBe(404);
    await expect(page.getByLabel('New password').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('answers alike for an unknown email and sends nothing', async () => {
    const page = await newPage(app.browser);
    await page.goto(`${app.server.url}/forgot`);
    await page.getByLabel('Email').fill('ghost@example.org');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByText('If ghost@example.org belongs to an account').isVisible()).resolves.toBe(true);
    expect(() => linkFromMail(app.server.dataDir, 'ghost@example.org', '/reset/')).toThrow();
    await page.context().close();
  });
});

describe('signing out one session', () => {
  it('ends the session chosen on the account page and leaves this one', async () => {
    const customer = app.server.login('customer', 2);
    const here = await newPage(app.browser);
    const elsewhere = await newPage(app.browser, { userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0' });
    await signInAs(elsewhere, app.server.url, customer.email, customer.password);
    await signInAs(here, app.server.url, customer.email, customer.password);
    await here.goto(`${app.server.url}/account`);
    await here.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
    await expect(here.getByText('That session was signed out.').isVisible()).resolves.toBe(true);
    await elsewhere.goto(`${app.server.url}/account`);
    expect(new URL(elsewhere.url()).pathname).toBe('/login');
    await here.goto(`${app.server.url}/account`);
    expect(new URL(here.url()).pathname).toBe('/account');
    await here.context().close();
    await elsewhere.context().close();
  });
});
