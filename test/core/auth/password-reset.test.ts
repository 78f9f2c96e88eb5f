import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  isResetTokenValid,
  requestPasswordReset,
  resetPassword,
  sendPasswordLink,
  signIn,
} from '../../../src/core/auth/index.ts';
import { createSession, hashToken, validateSessionToken } from '../../../src/core/session/index.ts';
import { systemActor, updateUser } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore, findLink, readOutbox } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser, goodPassword, header, tokenOf } from '../support.ts';

const meta = { userAgent: null, ip: '203.0.113.9' };
const newPassword = 'a brand new passphrase';
const invalidLink = {
  code: 'not_found',
  message: 'This reset link is invalid, used or expired.',
  hint: 'Ask for a new link from the sign-in page.',
};

let core: TestCore;
let ana: User;

beforeEach(async () => {
  core = await createTestCore({ PORTICO_PUBLIC_URL: 'https://help.example.org' });
  ana = await addUser(core, { email: 'ana@example.org', name: 'Ana' });
});

afterEach(async () => {
  await core.close();
});

/** Asks for a reset link for Ana and returns the token of the message it sent. */
async function requestLink(): Promise<string> {
  const before = new Set(readOutbox(core));
  await requestPasswordReset(core, { email: 'ana@example.org' }, meta.ip);
  const sent = readOutbox(core).filter((mail) => !before.has(mail));
  expect(sent).toHaveLength(1);
  return tokenOf(findLink(sent[0]!, '/reset/'), '/reset/');
}

describe('requestPasswordReset', () => {
  it('mails a one-time reset link to a known address', async () => {
    await requestPasswordReset(core, { email: ' ANA@example.org ' }, meta.ip);
    const mails = readOutbox(core);
    expect(mails).toHaveLength(1);
    expect(header(mails[0]!, 'To')).toBe('ana@example.org');
    expect(header(mails[0]!, 'Subject')).toBe('Reset your password');
    const link = findLink(mails[0]!, '/reset/');
    expect(link?.startsWith('https://help.example.org/reset/')).toBe(true);
    const token = tokenOf(link, '/reset/');
    const rows = await core.db.selectFrom('auth_tokens').selectAll().execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      token_hash: hashToken(token),
      user_id: ana.id,
      purpose: 'password_reset',
      used_at: null,
    });
    expect(new Date(rows[0]!.expires_at).getTime() - new Date(rows[0]!.created_at).getTime()).toBe(60 * 60 * 1000);
  });

  it('sends nothing for an unknown address and does not say so', async () => {
    await expect(requestPasswordReset(core, { email: 'nobody@example.org' }, meta.ip)).resolves.toBeUndefined();
    expect(readOutbox(core)).toEqual([]);
    expect(await core.db.selectFrom('auth_tokens').selectAll().execute()).toEqual([]);
  });

  it('sends nothing for a deactivated account', async () => {
    await updateUser(core, systemActor, ana.id, { active: false });
    await requestPasswordReset(core, { email: 'ana@example.org' }, meta.ip);
    expect(readOutbox(core)).toEqual([]);
  });

  it('refuses an invalid email address', async () => {
    await expect(requestPasswordReset(core, { email: 'ana' }, meta.ip)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { email: 'Enter a valid email address, like name@example.org.' } },
    });
  });

  it('makes the previous link stop working', async () => {
    const older = await requestLink();
    const newer = await requestLink();
    expect(newer).not.toBe(older);
    expect(await isResetTokenValid(core, older)).toBe(false);
    expect(await isResetTokenValid(core, newer)).toBe(true);
    await expect(resetPassword(core, older, { password: newPassword })).rejects.toMatchObject(invalidLink);
  });
});

describe('isResetTokenValid', () => {
  it('is true for a fresh link and false for an unknown, expired or used one', async () => {
    const token = await requestLink();
    expect(await isResetTokenValid(core, token)).toBe(true);
    expect(await isResetTokenValid(core, 'unknown')).toBe(false);
    await core.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    expect(await isResetTokenValid(core, token)).toBe(false);
    await core.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() + 60_000).toISOString(), used_at: new Date().toISOString() })
      .execute();
    expect(await isResetTokenValid(core, token)).toBe(false);
  });
});

describe('resetPassword', () => {
  it('sets the new password once and ends every session of the account', async () => {
    const first = await createSession(core.db, ana.id, meta);
    const second = await createSession(core.db, ana.id, meta);
    const token = await requestLink();
    await resetPassword(core, token, { password: newPassword });
    expect(await validateSessionToken(core.db, first.token)).toBeUndefined();
    expect(await validateSessionToken(core.db, second.token)).toBeUndefined();
    await expect(signIn(core, { email: 'ana@example.org', password: newPassword }, meta)).resolves.toMatchObject({
      user: { id: ana.id },
    });
    await expect(signIn(core, { email: 'ana@example.org', password: goodPassword }, meta)).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    await expect(resetPassword(core, token, { password: 'yet another passphrase' })).rejects.toMatchObject(invalidLink);
  });

  it('refuses an expired link', async () => {
    const token = await requestLink();
    await core.db
      .updateTable('auth_tokens')
      .set({ expires_at: new Date(Date.now() - 1000).toISOString() })
      .execute();
    await expect(resetPassword(core, token, { password: newPassword })).rejects.toMatchObject(invalidLink);
  });

  it('refuses an unknown token', async () => {
    await expect(resetPassword(core, 'unknown', { password: newPassword })).rejects.toMatchObject(invalidLink);
  });

  it('refuses an email confirmation token', async () => {
    const token = 'confirmation-token';
    const now = Date.now();
    await core.db
      .insertInto('auth_tokens')
      .values({
        token_hash: hashToken(token),
        user_id: ana.id,
        purpose: 'email_verification',
        created_at: new Date(now).toISOString(),
        expires_at: new Date(now + 60_000).toISOString(),
        used_at: null,
      })
      .execute();
    await expect(resetPassword(core, token, { password: newPassword })).rejects.toMatchObject(invalidLink);
  });

  it('refuses an unacceptable password and leaves the link usable', async () => {
    const token = await requestLink();
    await expect(resetPassword(core, token, { password: 'short' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { password: 'Use at least 8 characters.' } },
    });
    await expect(resetPassword(core, token, { password: 'password123' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'That password is too common: it appears in lists of breached passwords.',
    });
    await expect(resetPassword(core, token, { password: 'ANA@example.org' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    expect(await isResetTokenValid(core, token)).toBe(true);
  });
});

describe('sendPasswordLink', () => {
  it('mails an invitation whose link sets the password and lives for 7 days', async () => {
    const admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
    const kim = await addUser(core, { email: 'kim@example.org', name: 'Kim', password: null });
    await sendPasswordLink(core, admin, kim.id, 'invitation');
    const [mail] = readOutbox(core);
    expect(header(mail!, 'To')).toBe('kim@example.org');
    expect(header(mail!, 'Subject')).toBe('Your Portico account');
    const token = tokenOf(findLink(mail!, '/reset/'), '/reset/');
    const row = await core.db
      .selectFrom('auth_tokens')
      .selectAll()
      .where('user_id', '=', kim.id)
      .executeTakeFirstOrThrow();
    const lifetime = new Date(row.expires_at).getTime() - new Date(row.created_at).getTime();
    expect(lifetime).toBe(7 * 24 * 60 * 60 * 1000);
    await resetPassword(core, token, { password: newPassword });
    await expect(signIn(core, { email: 'kim@example.org', password: newPassword }, meta)).resolves.toMatchObject({
      user: { id: kim.id },
    });
  });

  it("mails a one-hour reset link on an admin's behalf", async () => {
    const admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
    await sendPasswordLink(core, admin, ana.id, 'reset');
    const [mail] = readOutbox(core);
    expect(header(mail!, 'Subject')).toBe('Reset your password');
    const row = await core.db
      .selectFrom('auth_tokens')
      .selectAll()
      .where('user_id', '=', ana.id)
      .executeTakeFirstOrThrow();
    expect(new Date(row.expires_at).getTime() - new Date(row.created_at).getTime()).toBe(60 * 60 * 1000);
  });

  it('is for admins only, and only for active accounts', async () => {
    const agent = await addUser(core, { email: 'agent@example.org', role: 'agent' });
    await expect(sendPasswordLink(core, agent, ana.id, 'reset')).rejects.toMatchObject({ code: 'forbidden' });
    await updateUser(core, systemActor, ana.id, { active: false });
    await expect(sendPasswordLink(core, systemActor, ana.id, 'reset')).rejects.toMatchObject({ code: 'not_found' });
    expect(readOutbox(core)).toEqual([]);
  });
});
