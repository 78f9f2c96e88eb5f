import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestPasswordReset, signIn, throttleLimit, throttleWindowMs } from '../../../src/core/auth/index.ts';
import { createTestCore, readOutbox } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser, goodPassword } from '../support.ts';

const tooMany = {
  code: 'too_many_requests',
  message: 'Too many attempts. Wait 15 minutes, then try again.',
  hint: 'If you forgot your password, reset it from the sign-in page.',
};

let core: TestCore;

beforeEach(async () => {
  core = await createTestCore();
  await addUser(core, { email: 'ana@example.org' });
  await addUser(core, { email: 'ben@example.org' });
});

afterEach(async () => {
  await core.close();
});

async function failures(key: string, count: number, ageMs: number): Promise<void> {
  const failedAt = new Date(Date.now() - ageMs).toISOString();
  await core.db
    .insertInto('auth_failures')
    .values(Array.from({ length: count }, () => ({ key, failed_at: failedAt })))
    .execute();
}

describe('signIn', () => {
  it('allows 10 failures in 15 minutes', () => {
    expect(throttleLimit).toBe(10);
    expect(throttleWindowMs).toBe(15 * 60 * 1000);
  });

  it('refuses the 11th attempt after 10 failures, even with the right password', async () => {
    const meta = { userAgent: null, ip: '203.0.113.9' };
    const attempts = Array.from({ length: 10 }, () =>
      signIn(core, { email: 'ana@example.org', password: 'wrong password' }, meta).catch((error: unknown) => error),
    );
    for (const error of await Promise.all(attempts)) expect(error).toMatchObject({ code: 'unauthenticated' });
    const error = await signIn(
      core,
      { email: 'ana@example.org', password: goodPassword },
      { userAgent: null, ip: '198.51.100.7' },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject(tooMany);
    const retryAfter = (error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(await core.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
    // The address that failed is throttled too, for every account; another address is not.
    await expect(signIn(core, { email: 'ben@example.org', password: goodPassword }, meta)).rejects.toMatchObject({
      code: 'too_many_requests',
    });
    await expect(
      signIn(core, { email: 'ben@example.org', password: goodPassword }, { userAgent: null, ip: '198.51.100.7' }),
    ).resolves.toMatchObject({ user: { email: 'ben@example.org' } });
  });

  it('throttles the account whatever the case of the email', async () => {
    await failures('login:account:ana@example.org', 10, 1000);
    await expect(
      signIn(core, { email: ' ANA@example.org', password: goodPassword }, { userAgent: null, ip: null }),
    ).rejects.toMatchObject(tooMany);
  });

  it('throttles one address that fails on many accounts', async () => {
    const meta = { userAgent: null, ip: '203.0.113.50' };
    const attempts = Array.from({ length: 10 }, (_, index) =>
      signIn(core, { email: `guess${index}@example.org`, password: goodPassword }, meta).catch(
        (error: unknown) => error,
      ),
    );
    for (const error of await Promise.all(attempts)) expect(error).toMatchObject({ code: 'unauthenticated' });
    await expect(signIn(core, { email: 'ana@example.org', password: goodPassword }, meta)).rejects.toMatchObject(
      tooMany,
    );
    await expect(
      signIn(core, { email: 'ana@example.org', password: goodPassword }, { userAgent: null, ip: '203.0.113.51' }),
    ).resolves.toMatchObject({ user: { email: 'ana@example.org' } });
  });

  it('forgets failures older than 15 minutes', async () => {
    await failures('login:account:ana@example.org', 10, throttleWindowMs + 60_000);
    await failures('login:ip:203.0.113.9', 10, throttleWindowMs + 60_000);
    await expect(
      signIn(core, { email: 'ana@example.org', password: goodPassword }, { userAgent: null, ip: '203.0.113.9' }),
    ).resolves.toMatchObject({ user: { email: 'ana@example.org' } });
  });

  it('still counts failures just inside the window', async () => {
    await failures('login:ip:203.0.113.9', 10, throttleWindowMs - 60_000);
    const error = await signIn(
      core,
      { email: 'ana@example.org', password: goodPassword },
      { userAgent: null, ip: '203.0.113.9' },
    ).catch((caught: unknown) => caught);
    expect(error).toMatchObject(tooMany);
    const retryAfter = (error as { details: { retryAfterSeconds: number } }).details.retryAfterSeconds;
    expect(retryAfter).toBeGreaterThanOrEqual(55);
    expect(retryAfter).toBeLessThanOrEqual(61);
  });

  it('prunes failures that left the window when it records a new one', async () => {
    await failures('login:account:old@example.org', 3, throttleWindowMs + 1000);
    await signIn(
      core,
      { email: 'nobody@example.org', password: 'wrong password' },
      { userAgent: null, ip: null },
    ).catch(() => {});
    const keys = (await core.db.selectFrom('auth_failures').select('key').execute()).map((row) => row.key);
    expect(keys).toEqual(['login:account:nobody@example.org']);
  });
});

describe('requestPasswordReset', () => {
  it('refuses the 11th request for one address within 15 minutes', async () => {
    for (let index = 0; index < 10; index++) {
      await requestPasswordReset(core, { email: 'ana@example.org' }, `198.51.100.${index}`);
    }
    expect(readOutbox(core)).toHaveLength(10);
    await expect(requestPasswordReset(core, { email: 'ana@example.org' }, '198.51.100.99')).rejects.toMatchObject(
      tooMany,
    );
    expect(readOutbox(core)).toHaveLength(10);
  });

  it('refuses the 11th request from one client address, whatever the email', async () => {
    for (let index = 0; index < 10; index++) {
      await requestPasswordReset(core, { email: `nobody${index}@example.org` }, '203.0.113.9');
    }
    await expect(requestPasswordReset(core, { email: 'ana@example.org' }, '203.0.113.9')).rejects.toMatchObject(
      tooMany,
    );
    expect(readOutbox(core)).toEqual([]);
    await requestPasswordReset(core, { email: 'ana@example.org' }, '203.0.113.10');
    expect(readOutbox(core)).toHaveLength(1);
  });
});
