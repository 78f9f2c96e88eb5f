import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { authenticateApiToken, authenticateSession, signIn, signOut } from '../../../src/core/auth/index.ts';
import { createSession, insertApiToken, revokeApiToken } from '../../../src/core/session/index.ts';
import { systemActor, updateUser } from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';
import { addUser, goodPassword } from '../support.ts';

const meta = { userAgent: 'vitest', ip: '203.0.113.9' };
const wrongCredentials = {
  code: 'unauthenticated',
  message: 'That email and password do not match an account.',
  hint: 'Check both and try again, or reset your password.',
};

let core: TestCore;
let ana: User;

beforeEach(async () => {
  core = await createTestCore();
  ana = await addUser(core, { email: 'ana@example.org', name: 'Ana', role: 'agent' });
});

afterEach(async () => {
  await core.close();
});

describe('signIn', () => {
  it('returns the user, a new session and the token that authenticates it', async () => {
    const signedIn = await signIn(core, { email: 'ana@example.org', password: goodPassword }, meta);
    expect(signedIn.user.id).toBe(ana.id);
    expect(signedIn.session.userId).toBe(ana.id);
    expect(signedIn.token.length).toBeGreaterThanOrEqual(32);
    const authenticated = await authenticateSession(core, signedIn.token);
    expect(authenticated?.user.id).toBe(ana.id);
    expect(authenticated?.session.id).toBe(signedIn.session.id);
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const signedIn = await signIn(core, { email: '  ANA@Example.org ', password: goodPassword }, meta);
    expect(signedIn.user.id).toBe(ana.id);
  });

  it('starts a new session at every sign-in', async () => {
    const first = await signIn(core, { email: ana.email, password: goodPassword }, meta);
    const second = await signIn(core, { email: ana.email, password: goodPassword }, meta);
    expect(second.session.id).not.toBe(first.session.id);
    expect(second.token).not.toBe(first.token);
    expect(await core.db.selectFrom('sessions').select('id').where('user_id', '=', ana.id).execute()).toHaveLength(2);
  });

  it('fails alike for a wrong password, an unknown email, a deactivated account and an account without password', async () => {
    const gone = await addUser(core, { email: 'gone@example.org' });
    await updateUser(core, systemActor, gone.id, { active: false });
    await addUser(core, { email: 'nopass@example.org', password: null });
    const attempts = [
      { email: 'ana@example.org', password: 'not the password' },
      { email: 'nobody@example.org', password: goodPassword },
      { email: 'gone@example.org', password: goodPassword },
      { email: 'nopass@example.org', password: goodPassword },
    ];
    const errors = await Promise.all(
      attempts.map((attempt) => signIn(core, attempt, meta).catch((caught: unknown) => caught)),
    );
    for (const [index, error] of errors.entries()) {
      expect(error, attempts[index]!.email).toMatchObject(wrongCredentials);
      expect((error as { details: unknown }).details, attempts[index]!.email).toBeNull();
    }
    expect(await core.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('refuses an account whose email is not confirmed yet, with forbidden', async () => {
    await addUser(core, { email: 'new@example.org', verified: false });
    await expect(signIn(core, { email: 'new@example.org', password: goodPassword }, meta)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Confirm your email address first.',
    });
    expect(await core.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it("forgets the account's earlier failures after a success, but not the address's", async () => {
    const failedAt = new Date(Date.now() - 60_000).toISOString();
    await core.db
      .insertInto('auth_failures')
      .values([
        ...Array.from({ length: 9 }, () => ({ key: 'login:account:ana@example.org', failed_at: failedAt })),
        { key: `login:ip:${meta.ip}`, failed_at: failedAt },
      ])
      .execute();
    await signIn(core, { email: 'ana@example.org', password: goodPassword }, meta);
    const keys = (await core.db.selectFrom('auth_failures').select('key').execute()).map((row) => row.key);
    expect(keys).toEqual([`login:ip:${meta.ip}`]);
  });
});

describe('authenticateSession', () => {
  it('returns undefined for an unknown token', async () => {
    expect(await authenticateSession(core, 'unknown')).toBeUndefined();
  });

  it('refuses the session of a deactivated account and deletes it', async () => {
    const { token, session } = await createSession(core.db, ana.id, meta);
    // Deactivate behind updateUser's back, as if the flag changed in another process.
    await core.db.updateTable('users').set({ active: 0 }).where('id', '=', ana.id).execute();
    expect(await authenticateSession(core, token)).toBeUndefined();
    expect(
      await core.db.selectFrom('sessions').select('id').where('id', '=', session.id).executeTakeFirst(),
    ).toBeUndefined();
  });
});

describe('authenticateApiToken', () => {
  it('returns the owner of a live token', async () => {
    const { token } = await insertApiToken(core.db, ana.id, 'script');
    expect((await authenticateApiToken(core, token))?.id).toBe(ana.id);
  });

  it('refuses revoked and unknown tokens and those of deactivated accounts', async () => {
    const revoked = await insertApiToken(core.db, ana.id, 'revoked');
    await revokeApiToken(core.db, ana.id, revoked.apiToken.id);
    expect(await authenticateApiToken(core, revoked.token)).toBeUndefined();
    expect(await authenticateApiToken(core, 'pt_unknown')).toBeUndefined();
    const live = await insertApiToken(core.db, ana.id, 'live');
    await core.db.updateTable('users').set({ active: 0 }).where('id', '=', ana.id).execute();
    expect(await authenticateApiToken(core, live.token)).toBeUndefined();
  });
});

describe('signOut', () => {
  it('ends that session only', async () => {
    const first = await createSession(core.db, ana.id, meta);
    const second = await createSession(core.db, ana.id, meta);
    await signOut(core, first.session.id);
    expect(await authenticateSession(core, first.token)).toBeUndefined();
    expect(await authenticateSession(core, second.token)).toBeDefined();
  });
});
