import Database from 'better-sqlite3';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, signInAs } from './helpers/browser.ts';
import { linkFromMail, startServer } from './helpers/server.ts';
import type { TestServer } from './helpers/server.ts';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startServer(), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function requestReset(page: Page, email: string): Promise<string> {
  await page.goto(`${server.url}/forgot`);
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await page.getByText('Check your email').first().waitFor();
  return linkFromMail(server.dataDir, email, '/reset/');
}

describe('changing the password', () => {
  it('ends the other sessions and keeps this one', async () => {
    const agent = server.login('agent');
    const here = await newPage(browser);
    const elsewhere = await newPage(browser);
    await signInAs(here, server.url, agent.email, agent.password);
    await signInAs(elsewhere, server.url, agent.email, agent.password);
    await here.goto(`${server.url}/account`);
    await here.getByLabel('Current password').fill(agent.password);
    await here.getByLabel('New password').fill('a brand new passphrase 1');
    await here.getByRole('button', { name: 'Change password' }).click();
    await expect(here.getByText('Your password was changed').isVisible()).resolves.toBe(true);
    await elsewhere.goto(`${server.url}/account`);
    expect(new URL(elsewhere.url()).pathname).toBe('/login');
    await here.goto(`${server.url}/account`);
    expect(new URL(here.url()).pathname).toBe('/account');
    await here.context().close();
    await elsewhere.context().close();
  });
});

describe('resetting the password', () => {
  it('works once with the emailed link', async () => {
    const customer = server.login('customer');
    const page = await newPage(browser);
    const link = await requestReset(page, customer.email);
    await page.goto(link);
    await page.getByLabel('New password').fill('reset passphrase number one');
    await page.getByRole('button', { name: 'Save new password' }).click();
    expect(new URL(page.url()).pathname).toBe('/login');
    await signInAs(page, server.url, customer.email, 'reset passphrase number one');
    expect(new URL(page.url()).pathname).toBe('/');
    const again = await page.goto(link);
    expect(again?.status()).toBe(404);
    await expect(page.getByText('This reset link cannot be used').isVisible()).resolves.toBe(true);
    await page.context().close();
  });

  it('refuses a link after it expired', async () => {
    const customer = server.login('customer', 1);
    const page = await newPage(browser);
    const link = await requestReset(page, customer.email);
    const db = new Database(path.join(server.dataDir, 'portico.db'));
    db.prepare("update auth_tokens set expires_at = '2000-01-01T00:00:00.000Z' where purpose = 'password_reset'").run();
    db.close();
    const response = await page.goto(link);
    expect(response?.status()).toBe(404);
    await expect(page.getByLabel('New password').count()).resolves.toBe(0);
    await page.context().close();
  });

  it('answers alike for an unknown email and sends nothing', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/forgot`);
    await page.getByLabel('Email').fill('ghost@example.org');
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByText('If ghost@example.org belongs to an account').isVisible()).resolves.toBe(true);
    expect(() => linkFromMail(server.dataDir, 'ghost@example.org', '/reset/')).toThrow();
    await page.context().close();
  });
});

describe('signing out one session', () => {
  it('ends the session chosen on the account page and leaves this one', async () => {
    const customer = server.login('customer', 2);
    const here = await newPage(browser);
    const elsewhere = await newPage(browser, { userAgent: 'Mozilla/5.0 (Windows NT 10.0) Firefox/140.0' });
    await signInAs(elsewhere, server.url, customer.email, customer.password);
    await signInAs(here, server.url, customer.email, customer.password);
    await here.goto(`${server.url}/account`);
    await here.getByRole('button', { name: /^Sign out Firefox on Windows/ }).click();
    await expect(here.getByText('That session was signed out.').isVisible()).resolves.toBe(true);
    await elsewhere.goto(`${server.url}/account`);
    expect(new URL(elsewhere.url()).pathname).toBe('/login');
    await here.goto(`${server.url}/account`);
    expect(new URL(here.url()).pathname).toBe('/account');
    await here.context().close();
    await elsewhere.context().close();
  });
});
