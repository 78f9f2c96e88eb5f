import { sql } from 'kysely';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { invalidateUserSessions, revokeUserApiTokens } from '../session/index.ts';
import { parseInput } from '../validation.ts';
import { assertAcceptablePassword, hashPassword } from './password.ts';
import { assertAdmin, assertStaff } from './permissions.ts';
import { newUserSchema, userFilterSchema, userPatchSchema } from './schemas.ts';
import type { NewUser, UserFilter, UserPatch } from './schemas.ts';
import type { Actor, User } from './user.ts';
import { normaliseEmail, rowToUser } from './user.ts';

export async function getUserById(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

export async function findUserByEmail(db: Db, email: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? rowToUser(row) : undefined;
}

/** The stored password hash of an active account, for sign-in. */
export async function findCredentials(
  db: Db,
  email: string,
): Promise<{ user: User; passwordHash: string | null } | undefined> {
  const row = await db.selectFrom('users').selectAll().where('email', '=', normaliseEmail(email)).executeTakeFirst();
  return row ? { user: rowToUser(row), passwordHash: row.password_hash } : undefined;
}

async function assertOrganisationExists(db: Db, organisationId: string | null | undefined): Promise<void> {
  if (!organisationId) return;
  const found = await db.selectFrom('organisations').select('id').where('id', '=', organisationId).executeTakeFirst();
  if (!found)
    throw new PorticoError('invalid_input', 'organisationId: No such organisation.', {
      details: { fields: { organisationId: 'No such organisation.' } },
    });
}

async function assertEmailFree(db: Db, email: string, exceptUserId?: string): Promise<void> {
  const taken = await findUserByEmail(db, email);
  if (taken && taken.id !== exceptUserId) {
    throw new PorticoError('conflict', 'An account with that email already exists.', {
      hint: 'Use another email address, or edit the existing account.',
      details: { fields: { email: 'Already in use.' } },
    });
  }
}

/**
 * Creates an account. Admins (or Portico itself) only; self-service sign-up goes through `signUp` in auth.
 * @example
 * const user = await createUser(core, admin, { email: 'ana@example.org', name: 'Ana', role: 'agent' });
 */
export async function createUser(
  core: Core,
  actor: Actor | null,
  input: NewUser,
  options: { emailVerified?: boolean } = {},
): Promise<User> {
  assertAdmin(actor);
  const data = parseInput(newUserSchema, input);
  if (data.password !== undefined) assertAcceptablePassword(data.password, data.email);
  if (data.role !== 'customer' && data.organisationId) {
    throw new PorticoError('invalid_input', 'Only customers belong to an organisation.', {
      details: { fields: { organisationId: 'Only customers belong to an organisation.' } },
    });
  }
  const passwordHash = data.password === undefined ? null : await hashPassword(data.password);
  return insertUser(core.db, { ...data, passwordHash, emailVerified: options.emailVerified ?? true });
}

/**
 * Inserts an account after its input was checked; shared by admin creation, sign-up and setup.
 * Joins the caller's transaction when given one.
 */
export async function insertUser(
  db: Db,
  data: {
    email: string;
    name: string;
    role: User['role'];
    organisationId: string | null;
    passwordHash: string | null;
    emailVerified: boolean;
  },
): Promise<User> {
  const id = newId();
  const now = nowStored();
  const insert = async (trx: Db) => {
    await assertEmailFree(trx, data.email);
    await assertOrganisationExists(trx, data.organisationId);
    await trx
      .insertInto('users')
      .values({
        id,
        email: normaliseEmail(data.email),
        name: data.name,
        role: data.role,
        password_hash: data.passwordHash,
        organisation_id: data.organisationId,
        active: 1,
        email_verified_at: data.emailVerified ? now : null,
        created_at: now,
        updated_at: now,
      })
      .execute();
  };
  if (db.isTransaction) await insert(db);
  else await db.transaction().execute(insert);
  const user = await getUserById(db, id);
  if (!user) throw new Error('user vanished after insert');
  return user;
}

/**
 * Lists accounts, newest first. Staff only (agents look customers up when they open tickets for them).
 * @example
 * const { users, total } = await listUsers(core, admin, { role: 'agent' });
 */
export async function listUsers(
  core: Core,
  actor: Actor | null,
  filter: UserFilter = {},
): Promise<{ users: User[]; total: number }> {
  assertStaff(actor);
  const f = parseInput(userFilterSchema, filter);
  let query = core.db.selectFrom('users');
  if (f.role) query = query.where('role', '=', f.role);
  if (f.active !== undefined) query = query.where('active', '=', f.active ? 1 : 0);
  if (f.query) {
    const pattern = `%${f.query.toLowerCase().replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    query = query.where(sql<boolean>`(lower(name) like ${pattern} escape '\\' or email like ${pattern} escape '\\')`);
  }
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id').limit(f.limit).offset(f.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('total')).executeTakeFirstOrThrow(),
  ]);
  return { users: rows.map(rowToUser), total: Number(count.total) };
}

/** One account, for staff; undefined when it does not exist. */
export async function getUser(core: Core, actor: Actor | null, id: string): Promise<User | undefined> {
  assertStaff(actor);
  return getUserById(core.db, id);
}

/**
 * Changes an account (admins only). Deactivating it ends its sessions and revokes its API tokens;
 * an admin cannot deactivate or demote themself, so a portal always keeps an admin.
 */
export async function updateUser(core: Core, actor: Actor | null, id: string, patch: UserPatch): Promise<User> {
  assertAdmin(actor);
  const data = parseInput(userPatchSchema, patch);
  if (actor.id === id && (data.active === false || (data.role && data.role !== 'admin'))) {
    throw new PorticoError('forbidden', 'You cannot deactivate or demote your own account.', {
      hint: 'Ask another administrator to do it.',
    });
  }
  await core.db.transaction().execute(async (trx) => {
    const existing = await getUserById(trx, id);
    if (!existing) throw new PorticoError('not_found', 'No such user.');
    const role = data.role ?? existing.role;
    const active = data.active ?? existing.active;
    if (
      existing.role === 'admin' &&
      existing.active &&
      (role !== 'admin' || !active) &&
      (await countAdmins(trx)) <= 1
    ) {
      throw new PorticoError('conflict', 'This is the last active administrator.', {
        hint: 'Make another account an administrator first.',
      });
    }
    const organisationId =
      role === 'customer' ? (data.organisationId !== undefined ? data.organisationId : existing.organisationId) : null;
    if (data.email) await assertEmailFree(trx, data.email, id);
    await assertOrganisationExists(trx, organisationId);
    await trx
      .updateTable('users')
      .set({
        ...(data.email !== undefined && { email: normaliseEmail(data.email) }),
        ...(data.name !== undefined && { name: data.name }),
        active: active ? 1 : 0,
        role,
        organisation_id: organisationId,
        updated_at: nowStored(),
      })
      .where('id', '=', id)
      .execute();
    if (role === 'customer') await trx.deleteFrom('group_members').where('user_id', '=', id).execute();
    // A changed role changes what every open session may do: make them sign in again.
    if (!active || role !== existing.role) await invalidateUserSessions(trx, id);
    if (!active) await revokeUserApiTokens(trx, id);
  });
  const updated = await getUserById(core.db, id);
  if (!updated) throw new PorticoError('not_found', 'No such user.');
  return updated;
}

/** Replaces a password hash and ends every session of the account, in one transaction. */
export async function setPasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ password_hash: passwordHash, updated_at: nowStored() })
      .where('id', '=', userId)
      .execute();
    await invalidateUserSessions(trx, userId);
  });
}

/** Replaces the name and password of an account whose email is not confirmed yet: the latest sign-up wins. */
export async function replaceUnverifiedSignUp(
  db: Db,
  userId: string,
  name: string,
  passwordHash: string,
): Promise<void> {
  await db
    .updateTable('users')
    .set({ name, password_hash: passwordHash, updated_at: nowStored() })
    .where('id', '=', userId)
    .where('email_verified_at', 'is', null)
    .execute();
}

export async function markEmailVerified(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ email_verified_at: nowStored() })
    .where('id', '=', userId)
    .where('email_verified_at', 'is', null)
    .execute();
}

export async function countAdmins(db: Db): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('role', '=', 'admin')
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
