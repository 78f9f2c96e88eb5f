import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createSession,
  insertApiToken,
  validateApiToken,
  validateSessionToken,
} from '../../../src/core/session/index.ts';
import {
  countAdmins,
  createGroup,
  createOrganisation,
  createUser,
  findCredentials,
  findUserByEmail,
  getUser,
  getUserById,
  insertUser,
  listGroupsOfUser,
  listUsers,
  markEmailVerified,
  setGroupMembers,
  setPasswordHash,
  systemActor,
  updateUser,
} from '../../../src/core/users/index.ts';
import type { User } from '../../../src/core/users/index.ts';
import { createTestCore } from '../../helpers/core.ts';
import type { TestCore } from '../../helpers/core.ts';

const meta = { userAgent: null, ip: null };
const forbidden = { code: 'forbidden', message: 'Only administrators can do this.' };
const unauthenticated = { code: 'unauthenticated', message: 'Sign in to continue.' };

let core: TestCore;
let admin: User;
let agent: User;
let customer: User;

beforeEach(async () => {
  core = await createTestCore();
  admin = await createUser(core, systemActor, { email: 'admin@example.org', name: 'Ada Admin', role: 'admin' });
  agent = await createUser(core, systemActor, { email: 'agent@example.org', name: 'Avery Agent', role: 'agent' });
  customer = await createUser(core, systemActor, { email: 'casey@example.org', name: 'Casey Customer' });
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

describe('createUser', () => {
  it('creates an active, verified customer by default, with the email normalised', async () => {
    const user = await createUser(core, admin, { email: '  Kim@Example.ORG ', name: '  Kim  ' });
    expect(user).toMatchObject({
      email: 'kim@example.org',
      name: 'Kim',
      role: 'customer',
      organisationId: null,
      active: true,
      emailVerified: true,
    });
    expect(user.createdAt).toBeInstanceOf(Date);
    expect(await getUserById(core.db, user.id)).toEqual(user);
  });

  it('creates an unverified account when asked', async () => {
    const user = await createUser(core, admin, { email: 'kim@example.org', name: 'Kim' }, { emailVerified: false });
    expect(user.emailVerified).toBe(false);
  });

  it('stores a scrypt hash of the password, and none when no password is given', async () => {
    const withPassword = await createUser(core, admin, {
      email: 'kim@example.org',
      name: 'Kim',
      password: 'a long passphrase',
    });
    expect((await findCredentials(core.db, withPassword.email))?.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect((await findCredentials(core.db, customer.email))?.passwordHash).toBeNull();
  });

  it('refuses an email that is already registered, whatever its case', async () => {
    await expect(createUser(core, admin, { email: 'CASEY@example.org', name: 'Other' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'An account with that email already exists.',
      hint: 'Use another email address, or edit the existing account.',
      details: { fields: { email: 'Already in use.' } },
    });
    expect(await userCount()).toBe(3);
  });

  it('refuses an invalid email address', async () => {
    await expect(createUser(core, admin, { email: 'not-an-email', name: 'Kim' })).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { email: 'Enter a valid email address, like name@example.org.' } },
    });
  });

  it('refuses a short password', async () => {
    await expect(
      createUser(core, admin, { email: 'kim@example.org', name: 'Kim', password: 'short' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      details: { fields: { password: 'Use at least 8 characters.' } },
    });
    expect(await userCount()).toBe(3);
  });

  it('refuses a common password and one equal to the email', async () => {
    await expect(
      createUser(core, admin, { email: 'kim@example.org', name: 'Kim', password: 'Password123' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'That password is too common: it appears in lists of breached passwords.',
    });
    await expect(
      createUser(core, admin, { email: 'kim@example.org', name: 'Kim', password: 'KIM@example.org' }),
    ).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await findUserByEmail(core.db, 'kim@example.org')).toBeUndefined();
  });

  it('lets customers belong to an organisation', async () => {
    const acme = await createOrganisation(core, admin, { name: 'Acme' });
    const kim = await createUser(core, admin, { email: 'kim@acme.example', name: 'Kim', organisationId: acme.id });
    expect(kim.organisationId).toBe(acme.id);
  });

  it('refuses an organisation for agents and admins', async () => {
    const acme = await createOrganisation(core, admin, { name: 'Acme' });
    for (const role of ['agent', 'admin'] as const) {
      await expect(
        createUser(core, admin, { email: `${role}2@example.org`, name: 'Staff', role, organisationId: acme.id }),
      ).rejects.toMatchObject({
        code: 'invalid_input',
        message: 'Only customers belong to an organisation.',
        details: { fields: { organisationId: 'Only customers belong to an organisation.' } },
      });
    }
    expect(await userCount()).toBe(3);
  });

  it('refuses an organisation that does not exist', async () => {
    await expect(
      createUser(core, admin, { email: 'kim@example.org', name: 'Kim', organisationId: 'missing' }),
    ).rejects.toMatchObject({ code: 'invalid_input', message: 'organisationId: No such organisation.' });
    expect(await userCount()).toBe(3);
  });

  it('is forbidden to agents and customers', async () => {
    await expect(createUser(core, agent, { email: 'kim@example.org', name: 'Kim' })).rejects.toMatchObject(forbidden);
    await expect(createUser(core, customer, { email: 'kim@example.org', name: 'Kim' })).rejects.toMatchObject(
      forbidden,
    );
    expect(await userCount()).toBe(3);
  });

  it('asks an anonymous caller to sign in', async () => {
    await expect(createUser(core, null, { email: 'kim@example.org', name: 'Kim' })).rejects.toMatchObject(
      unauthenticated,
    );
  });
});

describe('insertUser', () => {
  it('stores the email normalised and refuses a duplicate', async () => {
    const data = {
      email: 'Lee@Example.org',
      name: 'Lee',
      role: 'agent' as const,
      organisationId: null,
      passwordHash: null,
      emailVerified: false,
    };
    const lee = await insertUser(core.db, data);
    expect(lee).toMatchObject({ email: 'lee@example.org', role: 'agent', emailVerified: false, active: true });
    await expect(insertUser(core.db, data)).rejects.toMatchObject({ code: 'conflict' });
  });
});

describe('getUserById', () => {
  it('returns undefined for an unknown id', async () => {
    expect(await getUserById(core.db, 'missing')).toBeUndefined();
    expect((await getUserById(core.db, agent.id))?.email).toBe('agent@example.org');
  });
});

describe('findUserByEmail', () => {
  it('finds an account whatever the case and spacing of the address', async () => {
    expect((await findUserByEmail(core.db, '  CASEY@Example.org '))?.id).toBe(customer.id);
    expect(await findUserByEmail(core.db, 'nobody@example.org')).toBeUndefined();
  });
});

describe('findCredentials', () => {
  it('returns the user with the stored hash, or undefined', async () => {
    await setPasswordHash(core.db, customer.id, 'scrypt$stored');
    expect(await findCredentials(core.db, 'Casey@example.org')).toMatchObject({
      user: { id: customer.id },
      passwordHash: 'scrypt$stored',
    });
    expect(await findCredentials(core.db, 'nobody@example.org')).toBeUndefined();
  });
});

describe('listUsers', () => {
  beforeEach(async () => {
    // Give the accounts distinct ages so the order is defined.
    const ids = [admin.id, agent.id, customer.id];
    for (const [index, id] of ids.entries()) {
      await core.db
        .updateTable('users')
        .set({ created_at: new Date(Date.UTC(2026, 0, 1 + index)).toISOString() })
        .where('id', '=', id)
        .execute();
    }
  });

  it('lists accounts newest first with the total', async () => {
    const { users, total } = await listUsers(core, agent);
    expect(users.map((u) => u.email)).toEqual(['casey@example.org', 'agent@example.org', 'admin@example.org']);
    expect(total).toBe(3);
  });

  it('filters by role', async () => {
    const { users, total } = await listUsers(core, admin, { role: 'agent' });
    expect(users.map((u) => u.id)).toEqual([agent.id]);
    expect(total).toBe(1);
  });

  it('filters by active state', async () => {
    await updateUser(core, admin, customer.id, { active: false });
    expect((await listUsers(core, admin, { active: false })).users.map((u) => u.id)).toEqual([customer.id]);
    expect((await listUsers(core, admin, { active: true })).total).toBe(2);
  });

  it('matches the query against name or email, ignoring case', async () => {
    expect((await listUsers(core, admin, { query: 'AVERY' })).users.map((u) => u.id)).toEqual([agent.id]);
    expect((await listUsers(core, admin, { query: 'casey@' })).users.map((u) => u.id)).toEqual([customer.id]);
    expect((await listUsers(core, admin, { query: 'example.org', role: 'admin' })).users.map((u) => u.id)).toEqual([
      admin.id,
    ]);
    expect((await listUsers(core, admin, { query: 'nobody' })).total).toBe(0);
  });

  it('pages with limit and offset while the total counts every match', async () => {
    const page = await listUsers(core, admin, { limit: 2, offset: 1 });
    expect(page.users.map((u) => u.id)).toEqual([agent.id, admin.id]);
    expect(page.total).toBe(3);
  });

  it('treats %, _ and \\ in the query as literal characters', async () => {
    const half = await createUser(core, admin, { email: 'half@example.org', name: '50% off' });
    const underscore = await createUser(core, admin, { email: 'd_b@example.org', name: 'Dee Bee' });
    const backslash = await createUser(core, admin, { email: 'slash@example.org', name: 'Back\\slash' });
    await createUser(core, admin, { email: 'fivehundred@example.org', name: '500 off' });
    await createUser(core, admin, { email: 'dxb@example.org', name: 'Dex Bee' });
    const ids = async (query: string) => (await listUsers(core, admin, { query })).users.map((u) => u.id);
    expect(await ids('50%')).toEqual([half.id]);
    expect(await ids('%')).toEqual([half.id]);
    expect(await ids('d_b')).toEqual([underscore.id]);
    expect(await ids('_')).toEqual([underscore.id]);
    expect(await ids('\\')).toEqual([backslash.id]);
  });

  it('refuses a limit above 200', async () => {
    await expect(listUsers(core, admin, { limit: 500 })).rejects.toMatchObject({ code: 'invalid_input' });
  });

  it('is for staff only', async () => {
    await expect(listUsers(core, customer)).rejects.toMatchObject({
      code: 'forbidden',
      message: 'Only agents and administrators can do this.',
    });
    await expect(listUsers(core, null)).rejects.toMatchObject(unauthenticated);
  });
});

describe('getUser', () => {
  it('returns an account to staff and undefined for an unknown id', async () => {
    expect((await getUser(core, agent, customer.id))?.email).toBe('casey@example.org');
    expect(await getUser(core, agent, 'missing')).toBeUndefined();
  });

  it('is forbidden to customers', async () => {
    await expect(getUser(core, customer, customer.id)).rejects.toMatchObject({ code: 'forbidden' });
  });
});

describe('updateUser', () => {
  it('changes the name and the email, normalised', async () => {
    const updated = await updateUser(core, admin, customer.id, { name: 'Casey C.', email: ' Casey.C@Example.org' });
    expect(updated).toMatchObject({ name: 'Casey C.', email: 'casey.c@example.org' });
    expect(updated.updatedAt.getTime()).toBeGreaterThanOrEqual(customer.updatedAt.getTime());
    expect((await getUserById(core.db, customer.id))?.email).toBe('casey.c@example.org');
  });

  it("refuses another account's email but accepts the account's own", async () => {
    await expect(updateUser(core, admin, customer.id, { email: 'Agent@example.org' })).rejects.toMatchObject({
      code: 'conflict',
      message: 'An account with that email already exists.',
    });
    await expect(updateUser(core, admin, customer.id, { email: 'casey@example.org' })).resolves.toMatchObject({
      email: 'casey@example.org',
    });
  });

  it('ends every session and revokes every API token when it deactivates an account', async () => {
    const first = await createSession(core.db, agent.id, meta);
    const second = await createSession(core.db, agent.id, meta);
    const { token: apiToken } = await insertApiToken(core.db, agent.id, 'script');
    const other = await createSession(core.db, customer.id, meta);
    const updated = await updateUser(core, admin, agent.id, { active: false });
    expect(updated.active).toBe(false);
    expect(await validateSessionToken(core.db, first.token)).toBeUndefined();
    expect(await validateSessionToken(core.db, second.token)).toBeUndefined();
    expect(await validateApiToken(core.db, apiToken)).toBeUndefined();
    expect(await validateSessionToken(core.db, other.token)).toBeDefined();
  });

  it('reactivates an account', async () => {
    await updateUser(core, admin, agent.id, { active: false });
    expect((await updateUser(core, admin, agent.id, { active: true })).active).toBe(true);
  });

  it('ends the sessions of an account whose role changes', async () => {
    const { token } = await createSession(core.db, agent.id, meta);
    await updateUser(core, admin, agent.id, { role: 'admin' });
    expect(await validateSessionToken(core.db, token)).toBeUndefined();
  });

  it('keeps the sessions when only the name changes', async () => {
    const { token } = await createSession(core.db, agent.id, meta);
    await updateUser(core, admin, agent.id, { name: 'Avery A.' });
    expect(await validateSessionToken(core.db, token)).toBeDefined();
  });

  it('does not let an admin deactivate or demote themself', async () => {
    const refusal = {
      code: 'forbidden',
      message: 'You cannot deactivate or demote your own account.',
      hint: 'Ask another administrator to do it.',
    };
    await expect(updateUser(core, admin, admin.id, { active: false })).rejects.toMatchObject(refusal);
    await expect(updateUser(core, admin, admin.id, { role: 'agent' })).rejects.toMatchObject(refusal);
    await expect(updateUser(core, admin, admin.id, { role: 'customer' })).rejects.toMatchObject(refusal);
    expect(await getUserById(core.db, admin.id)).toMatchObject({ active: true, role: 'admin' });
    await expect(updateUser(core, admin, admin.id, { name: 'Ada A.', role: 'admin' })).resolves.toMatchObject({
      name: 'Ada A.',
    });
  });

  it('refuses to deactivate or demote the last active administrator, even for Portico itself', async () => {
    const refusal = {
      code: 'conflict',
      message: 'This is the last active administrator.',
      hint: 'Make another account an administrator first.',
    };
    await expect(updateUser(core, systemActor, admin.id, { active: false })).rejects.toMatchObject(refusal);
    await expect(updateUser(core, systemActor, admin.id, { role: 'agent' })).rejects.toMatchObject(refusal);
    expect(await countAdmins(core.db)).toBe(1);
  });

  it('lets another admin deactivate an admin', async () => {
    const second = await createUser(core, admin, { email: 'second@example.org', name: 'Second', role: 'admin' });
    expect((await updateUser(core, second, admin.id, { active: false })).active).toBe(false);
  });

  it('moves a customer into an organisation and out of it', async () => {
    const acme = await createOrganisation(core, admin, { name: 'Acme' });
    expect((await updateUser(core, admin, customer.id, { organisationId: acme.id })).organisationId).toBe(acme.id);
    expect((await updateUser(core, admin, customer.id, { name: 'Casey' })).organisationId).toBe(acme.id);
    expect((await updateUser(core, admin, customer.id, { organisationId: null })).organisationId).toBeNull();
  });

  it('refuses an organisation that does not exist', async () => {
    await expect(updateUser(core, admin, customer.id, { organisationId: 'missing' })).rejects.toMatchObject({
      code: 'invalid_input',
      message: 'organisationId: No such organisation.',
    });
  });

  it('drops the organisation of a customer who becomes an agent', async () => {
    const acme = await createOrganisation(core, admin, { name: 'Acme' });
    await updateUser(core, admin, customer.id, { organisationId: acme.id });
    const promoted = await updateUser(core, admin, customer.id, { role: 'agent' });
    expect(promoted).toMatchObject({ role: 'agent', organisationId: null });
  });

  it('removes an agent who becomes a customer from every group', async () => {
    const desk = await createGroup(core, admin, { name: 'Desk' });
    await setGroupMembers(core, admin, desk.id, [{ userId: agent.id, isLead: true }]);
    await updateUser(core, admin, agent.id, { role: 'customer' });
    expect(await listGroupsOfUser(core, agent.id)).toEqual([]);
  });

  it('answers not_found for an unknown account', async () => {
    await expect(updateUser(core, admin, 'missing', { name: 'X' })).rejects.toMatchObject({
      code: 'not_found',
      message: 'No such user.',
    });
  });

  it('is forbidden to agents and asks anonymous callers to sign in', async () => {
    await expect(updateUser(core, agent, customer.id, { active: false })).rejects.toMatchObject(forbidden);
    await expect(updateUser(core, agent, agent.id, { role: 'admin' })).rejects.toMatchObject(forbidden);
    await expect(updateUser(core, null, customer.id, { active: false })).rejects.toMatchObject(unauthenticated);
    expect((await getUserById(core.db, customer.id))?.active).toBe(true);
  });
});

describe('setPasswordHash', () => {
  it('replaces the hash and ends every session of the account', async () => {
    const { token } = await createSession(core.db, customer.id, meta);
    await setPasswordHash(core.db, customer.id, 'scrypt$new');
    expect((await findCredentials(core.db, customer.email))?.passwordHash).toBe('scrypt$new');
    expect(await validateSessionToken(core.db, token)).toBeUndefined();
  });
});

describe('markEmailVerified', () => {
  it('marks an address verified once and keeps the first time', async () => {
    const kim = await createUser(core, admin, { email: 'kim@example.org', name: 'Kim' }, { emailVerified: false });
    await markEmailVerified(core.db, kim.id);
    const first = await core.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', kim.id)
      .executeTakeFirstOrThrow();
    expect(first.email_verified_at).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await markEmailVerified(core.db, kim.id);
    const second = await core.db
      .selectFrom('users')
      .select('email_verified_at')
      .where('id', '=', kim.id)
      .executeTakeFirstOrThrow();
    expect(second.email_verified_at).toBe(first.email_verified_at);
    expect((await getUserById(core.db, kim.id))?.emailVerified).toBe(true);
  });
});

describe('countAdmins', () => {
  it('counts active administrators only', async () => {
    expect(await countAdmins(core.db)).toBe(1);
    const second = await createUser(core, admin, { email: 'second@example.org', name: 'Second', role: 'admin' });
    expect(await countAdmins(core.db)).toBe(2);
    await updateUser(core, admin, second.id, { active: false });
    expect(await countAdmins(core.db)).toBe(1);
  });
});
