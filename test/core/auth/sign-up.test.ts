import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateSession, signIn, signUp, verifyEmail } from '../../../src/core/auth/index.ts';
import { updateSettings } from '../../../src/core/settings/index.ts';
import { findUserByEmail, systemActor, updateUser } from '../../../src/core/users/index.ts';
import { createTestCore, findLink, readOutbox } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser, header, tokenOf } from '../support.ts';

const meta = { userAgent: 'vitest', ip: '203.0.113.9' };
const password = 'my own long passphrase';
const invalidLink = {
  code: 'not_found',
  message: 'This confirmation link is invalid or has expired.',
  hint: 'Sign up again to get a new link.',
};

let core: TestCore;

beforeEach(async () => {
  core = await createTestCore({ PORTICO_PUBLIC_URL: 'https://help.example.org' });
});

afterEach(async () => {
  await core.close();
});

async function userCount(): Promise<number> {
  const row = await core.db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Signs Kim up and returns the token from the confirmation mail it sent. */
async function signUpKim(): Promise<string> {
  const before = new Set(readOutbox(core));
  await signUp(core, { email: 'Kim@Example.org', name: 'Kim', password });
  const sent = readOutbox(core).filter((mail) => !before.has(mail));
  expect(sent).toHaveLength(1);
  return tokenOf(findLink(sent[0]!, '/verify/'), '/verify/');
}

describe('signUp', () => {
  it('creates an unverified customer and mails a confirmation link', async () => {
    await signUp(core, { email: ' Kim@Example.org ', name: 'Kim', password });
    const kim = await findUserByEmail(core.db, 'kim@example.org');
    expect(kim).toMatchObject({
      email: 'kim@example.org',
      name: 'Kim',
      role: 'customer',
      emailVerified: false,
      active: true,
    });
    const mails = readOutbox(core);
    expect(mails).toHaveLength(1);
    expect(header(mails[0]!, 'To')).toBe('kim@example.org');
    expect(header(mails[0]!, 'Subject')).toBe('Confirm your email address');
    const link = findLink(mails[0]!, '/verify/');
    expect(link?.startsWith('https://help.example.org/verify/')).toBe(true);
    expect(tokenOf(link, '/verify/')).toMatch(/^[a-z2-7]{52}$/);
  });

  it('stores only the hash of a confirmation token that expires in 7 days', async () => {
    const token = await signUpKim();
    const rows = await core.db.selectFrom('auth_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ purpose: 'email_verification', used_at: null });
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(new Date(rows[0]!.expires_at).getTime() - new Date(rows[0]!.created_at).getTime()).toBe(
      7 * 24 * 60 * 60 * 1000,
    );
  });

  it('creates nothing for a verified address and mails that it already has an account', async () => {
    const existing = await addUser(core, { email: 'kim@example.org', name: 'Kim Original' });
    await signUp(core, { email: 'KIM@example.org', name: 'Impostor', password });
    expect(await userCount()).toBe(1);
    expect(await findUserByEmail(core.db, 'kim@example.org')).toEqual(existing);
    expect(await core.db.selectFrom('auth_tokens').selectAll().execute()).toEqual([]);
    const mails = readOutbox(core);
    expect(mails).toHaveLength(1);
    expect(header(mails[0]!, 'Subject')).toBe('You already have an account');
    expect(findLink(mails[0]!, '/verify/')).toBeUndefined();
    expect(findLink(mails[0]!, '/forgot')).toBe('https://help.example.org/forgot');
  });

  it('sends a new link to an address that signs up again before confirming, and the old link stops working', async () => {
    const first = await signUpKim();
    const second = await signUpKim();
    expect(second).not.toBe(first);
    expect(await userCount()).toBe(1);
    await expect(verifyEmail(core, first, meta)).rejects.toMatchObject(invalidLink);
    await expect(verifyEmail(core, second, meta)).resolves.toMatchObject({ user: { email: 'kim@example.org' } });
  });

  it('replaces the password of an unconfirmed account when its address signs up again', async () => {
    await signUp(core, { email: 'kim@example.org', name: 'Mallory', password: 'the squatters passphrase' });
    const ownersLink = await signUpKim();
    await verifyEmail(core, ownersLink, meta);
    await expect(
      signIn(core, { email: 'kim@example.org', password: 'the squatters passphrase' }, meta),
    ).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(signIn(core, { email: 'kim@example.org', password }, meta)).resolves.toMatchObject({
      user: { name: 'Kim', emailVerified: true },
    });
  });

  it('is forbidden while sign-up is turned off', async () => {
    await updateSettings(core, systemActor, { signupEnabled: false });
    await expect(signUp(core, { email: 'kim@example.org', name: 'Kim', password })).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Sign-up is turned off on this portal.',
      hint: 'Ask the service desk to create an account for you.',
    });
    expect(await userCount()).toBe(0);
    expect(readOutbox(core)).toEqual([]);
  });

  it('refuses short, common and email-like passwords', async () => {
    await expect(signUp(core, { email: 'kim@example.org', name: 'Kim', password: 'short' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { password: 'Use at least 8 characters.' } },
    });
    await expect(
      signUp(core, { email: 'kim@example.org', name: 'Kim', password: 'Password123' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'That password is too common: it appears in lists of breached passwords.',
    });
    await expect(
      signUp(core, { email: 'kim@example.org', name: 'Kim', password: 'kim@example.org' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await userCount()).toBe(0);
    expect(readOutbox(core)).toEqual([]);
  });

  it('refuses an invalid email address and an empty name', async () => {
    await expect(signUp(core, { email: 'kim', name: 'Kim', password })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { email: 'Enter a valid email address, like name@example.org.' } },
    });
    await expect(signUp(core, { email: 'kim@example.org', name: ' ', password })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { name: 'Enter a name.' } },
    });
  });
});

describe('verifyEmail', () => {
  it('confirms the address, signs the customer in, and works only once', async () => {
    const token = await signUpKim();
    const signedIn = await verifyEmail(core, token, meta);
    expect(signedIn.user).toMatchObject({ email: 'kim@example.org', emailVerified: true });
    expect((await authenticateSession(core, signedIn.token))?.user.emailVerified).toBe(true);
    expect((await findUserByEmail(core.db, 'kim@example.org'))?.emailVerified).toBe(true);
    await expect(verifyEmail(core, token, meta)).rejects.toMatchObject(invalidLink);
  });

  it('keeps the customer from signing in until the address is confirmed', async () => {
    const token = await signUpKim();
    await expect(signIn(core, { email: 'kim@example.org', password }, meta)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Confirm your email address first.',
    });
    await verifyEmail(core, token, meta);
    await expect(signIn(core, { email: 'kim@example.org', password }, meta)).resolves.toMatchObject({
      user: { email: 'kim@example.org' },
    });
  });

  it('refuses an unknown token', async () => {
    await expect(verifyEmail(core, 'unknown', meta)).rejects.toMatchObject(invalidLink);
  });

  it('refuses an expired link', async () => {
    const token = await signUpKim();
    await core.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    await expect(verifyEmail(core, token, meta)).rejects.toMatchObject(invalidLink);
    expect((await findUserByEmail(core.db, 'kim@example.org'))?.emailVerified).toBe(false);
  });

  it('refuses the link of a deactivated account', async () => {
    const token = await signUpKim();
    const kim = await findUserByEmail(core.db, 'kim@example.org');
    await updateUser(core, systemActor, kim!.id, { active: false });
    await expect(verifyEmail(core, token, meta)).rejects.toMatchObject(invalidLink);
    expect(await core.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });
});
