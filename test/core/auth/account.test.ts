import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  authenticateApiToken,
  authenticateSession,
  changePassword,
  createApiToken,
  endOwnSession,
  listOwnSessions,
  listOwnApiTokens,
  revokeOwnApiToken,
  signIn,
} from '../../../src/core/auth/index.ts';
import { createSession, hashToken } from '../../../src/core/session/index.ts';
import { findCredentials, systemActor, updateUser } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser, goodPassword } from '../support.ts';

const meta = { userAgent: 'vitest', ip: '203.0.113.9' };
const newPassword = 'a brand new passphrase';

let core: TestCore;
let admin: User;
let ana: User;
let ben: User;

beforeEach(async () => {
  core = await createTestCore();
  admin = await addUser(core, { email: 'admin@example.org', role: 'admin' });
  ana = await addUser(core, { email: 'ana@example.org', role: 'agent' });
  ben = await addUser(core, { email: 'ben@example.org' });
});

afterEach(async () => {
  await core.close();
});

describe('changePassword', () => {
  it('refuses a wrong current password and keeps the old one', async () => {
    const before = (await findCredentials(core.db, ana.email))?.passwordHash;
    await expect(
      changePassword(core, ana, { currentPassword: 'not my password', newPassword }, meta),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Your current password is not correct.',
      details: { fields: { currentPassword: 'Not correct.' } },
    });
    expect((await findCredentials(core.db, ana.email))?.passwordHash).toBe(before);
  });

  it('ends every other session and returns a new one that works', async () => {
    const other = await createSession(core.db, ana.id, meta);
    const current = await createSession(core.db, ana.id, meta);
    const bens = await createSession(core.db, ben.id, meta);
    const changed = await changePassword(core, ana, { currentPassword: goodPassword, newPassword }, meta);
    expect(changed.user.id).toBe(ana.id);
    expect(await authenticateSession(core, other.token)).toBeUndefined();
    expect(await authenticateSession(core, current.token)).toBeUndefined();
    expect(await authenticateSession(core, bens.token)).toBeDefined();
    expect((await authenticateSession(core, changed.token))?.session.id).toBe(hashToken(changed.token));
    await expect(signIn(core, { email: ana.email, password: newPassword }, meta)).resolves.toMatchObject({
      user: { id: ana.id },
    });
  });

  it('refuses an unacceptable new password', async () => {
    await expect(
      changePassword(core, ana, { currentPassword: goodPassword, newPassword: 'password123' }, meta),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'That password is too common: it appears in lists of breached passwords.',
    });
    await expect(
      changePassword(core, ana, { currentPassword: goodPassword, newPassword: 'short' }, meta),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { newPassword: 'Use at least 8 characters.' } },
    });
  });

  it('asks for the current password before anything else', async () => {
    await expect(changePassword(core, ana, { currentPassword: '', newPassword }, meta)).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { currentPassword: 'Enter your current password.' } },
    });
  });

  it('is only for signed-in people', async () => {
    for (const actor of [null, systemActor]) {
      await expect(
        changePassword(core, actor, { currentPassword: goodPassword, newPassword }, meta),
      ).rejects.toMatchObject({ code: 'unauthenticated', message: 'Sign in to continue.' });
    }
  });
});

describe('createApiToken', () => {
  it('creates a token for the actor that authenticates as the actor', async () => {
    const { token, apiToken } = await createApiToken(core, ana, ana.id, ' laptop script ');
    expect(token.startsWith('pt_')).toBe(true);
    expect(apiToken).toMatchObject({ userId: ana.id, label: 'laptop script' });
    expect((await authenticateApiToken(core, token))?.id).toBe(ana.id);
  });

  it("forbids a non-admin to create a token for someone else's account", async () => {
    await expect(createApiToken(core, ana, ben.id, 'sneaky')).rejects.toMatchObject({
      code: 'forbidden',
      message: 'You can only create tokens for your own account.',
    });
    await expect(createApiToken(core, ben, admin.id, 'sneaky')).rejects.toMatchObject({ code: 'forbidden' });
    expect(await core.db.selectFrom('api_tokens').selectAll().execute()).toEqual([]);
  });

  it('lets an admin and Portico itself create a token for anyone', async () => {
    const byAdmin = await createApiToken(core, admin, ben.id, 'integration');
    expect((await authenticateApiToken(core, byAdmin.token))?.id).toBe(ben.id);
    const bySystem = await createApiToken(core, systemActor, ana.id, 'cli');
    expect((await authenticateApiToken(core, bySystem.token))?.id).toBe(ana.id);
  });

  it('refuses a deactivated or unknown account', async () => {
    await updateUser(core, admin, ben.id, { active: false });
    for (const userId of [ben.id, 'missing']) {
      await expect(createApiToken(core, admin, userId, 'x')).rejects.toMatchObject({
        code: 'not_found',
        message: 'No such active user.',
      });
    }
  });

  it('refuses an empty label', async () => {
    await expect(createApiToken(core, ana, ana.id, '  ')).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'Enter a label.',
    });
  });

  it('asks an anonymous caller to sign in', async () => {
    await expect(createApiToken(core, null, ana.id, 'x')).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('listOwnApiTokens', () => {
  it("lists only the actor's live tokens", async () => {
    await createApiToken(core, ana, ana.id, 'mine');
    await createApiToken(core, ben, ben.id, 'bens');
    expect((await listOwnApiTokens(core, ana)).map((t) => t.label)).toEqual(['mine']);
  });

  it('is only for signed-in people', async () => {
    await expect(listOwnApiTokens(core, null)).rejects.toMatchObject({ code: 'unauthenticated' });
    await expect(listOwnApiTokens(core, systemActor)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('revokeOwnApiToken', () => {
  it('revokes one of the actor’s tokens', async () => {
    const { token, apiToken } = await createApiToken(core, ana, ana.id, 'mine');
    await revokeOwnApiToken(core, ana, apiToken.id);
    expect(await authenticateApiToken(core, token)).toBeUndefined();
    expect(await listOwnApiTokens(core, ana)).toEqual([]);
  });

  it("answers not_found for someone else's token, even to an admin, and leaves it working", async () => {
    const { token, apiToken } = await createApiToken(core, ben, ben.id, 'bens');
    for (const actor of [ana, admin]) {
      await expect(revokeOwnApiToken(core, actor, apiToken.id)).rejects.toMatchObject({
        code: 'not_found',
        message: 'No such token.',
      });
    }
    expect((await authenticateApiToken(core, token))?.id).toBe(ben.id);
  });
});

describe('listOwnSessions', () => {
  it("lists the actor's live sessions, newest first, with where they came from", async () => {
    await createSession(core.db, ana.id, { userAgent: 'Firefox', ip: '198.51.100.1' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await createSession(core.db, ana.id, { userAgent: 'Safari', ip: '198.51.100.2' });
    await createSession(core.db, ben.id, meta);
    const sessions = await listOwnSessions(core, ana);
    expect(sessions.map((session) => [session.userAgent, session.ip])).toEqual([
      ['Safari', '198.51.100.2'],
      ['Firefox', '198.51.100.1'],
    ]);
  });

  it('asks an anonymous caller to sign in', async () => {
    await expect(listOwnSessions(core, null)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('endOwnSession', () => {
  it('signs one session out and leaves the others', async () => {
    const lost = await createSession(core.db, ana.id, meta);
    const kept = await createSession(core.db, ana.id, meta);
    await endOwnSession(core, ana, lost.session.id);
    expect(await authenticateSession(core, lost.token)).toBeUndefined();
    expect(await authenticateSession(core, kept.token)).toBeDefined();
  });

  it("cannot end another user's session", async () => {
    const bens = await createSession(core.db, ben.id, meta);
    await expect(endOwnSession(core, ana, bens.session.id)).rejects.toMatchObject({
      code: 'not_found',
      message: 'No such session.',
    });
    expect(await authenticateSession(core, bens.token)).toBeDefined();
  });
});
