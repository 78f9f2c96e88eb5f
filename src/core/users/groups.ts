import type { Core } from '../context.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { assertAdmin, assertStaff } from './permissions.ts';
import { groupInputSchema } from './schemas.ts';
import type { GroupInput } from './schemas.ts';
import type { Actor, User } from './user.ts';
import { rowToUser } from './user.ts';

export interface Group {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
}

export interface GroupMember {
  user: User;
  isLead: boolean;
}

async function assertNameFree(core: Core, name: string, exceptId?: string): Promise<void> {
  const taken = await core.db.selectFrom('groups').select('id').where('name', '=', name).executeTakeFirst();
  if (taken && taken.id !== exceptId) {
    throw new PorticoError('conflict', 'A group with that name already exists.', {
      details: { fields: { name: 'Already in use.' } },
    });
  }
}

/**
 * Creates an agent group (admins only).
 * @example
 * const desk = await createGroup(core, admin, { name: 'Service desk' });
 */
export async function createGroup(core: Core, actor: Actor | null, input: GroupInput): Promise<Group> {
  assertAdmin(actor);
  const data = parseInput(groupInputSchema, input);
  await assertNameFree(core, data.name);
  const row = { id: newId(), name: data.name, description: data.description, created_at: nowStored() };
  await core.db.insertInto('groups').values(row).execute();
  return { id: row.id, name: row.name, description: row.description, createdAt: fromStoredTime(row.created_at) };
}

export async function updateGroup(core: Core, actor: Actor | null, id: string, input: GroupInput): Promise<Group> {
  assertAdmin(actor);
  const data = parseInput(groupInputSchema, input);
  await assertNameFree(core, data.name, id);
  const result = await core.db
    .updateTable('groups')
    .set({ name: data.name, description: data.description })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new PorticoError('not_found', 'No such group.');
  const group = await getGroup(core, actor, id);
  if (!group) throw new PorticoError('not_found', 'No such group.');
  return group;
}

/** Every group with its member count, by name (staff only). */
export async function listGroups(core: Core, actor: Actor | null): Promise<(Group & { memberCount: number })[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('groups')
    .leftJoin('group_members', 'group_members.group_id', 'groups.id')
    .selectAll('groups')
    .select((eb) => eb.fn.count('group_members.user_id').as('member_count'))
    .groupBy(['groups.id', 'groups.name', 'groups.description', 'groups.created_at'])
    .orderBy('groups.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: fromStoredTime(row.created_at),
    memberCount: Number(row.member_count),
  }));
}

export async function getGroup(core: Core, actor: Actor | null, id: string): Promise<Group | undefined> {
  assertStaff(actor);
  const row = await core.db.selectFrom('groups').selectAll().where('id', '=', id).executeTakeFirst();
  return row && { id: row.id, name: row.name, description: row.description, createdAt: fromStoredTime(row.created_at) };
}

export async function listGroupMembers(core: Core, actor: Actor | null, groupId: string): Promise<GroupMember[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .selectAll('users')
    .select('group_members.is_lead')
    .where('group_members.group_id', '=', groupId)
    .orderBy('users.name')
    .execute();
  return rows.map((row) => ({ user: rowToUser(row), isLead: row.is_lead === 1 }));
}

/** The groups an agent belongs to. */
export async function listGroupsOfUser(core: Core, userId: string): Promise<Group[]> {
  const rows = await core.db
    .selectFrom('groups')
    .innerJoin('group_members', 'group_members.group_id', 'groups.id')
    .selectAll('groups')
    .where('group_members.user_id', '=', userId)
    .orderBy('groups.name')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    description: row.description,
    createdAt: fromStoredTime(row.created_at),
  }));
}

/**
 * Replaces a group's members (agents and admins only; customers cannot join agent groups).
 * @example
 * await setGroupMembers(core, admin, desk.id, [{ userId: ana.id, isLead: true }]);
 */
export async function setGroupMembers(
  core: Core,
  actor: Actor | null,
  groupId: string,
  members: { userId: string; isLead: boolean }[],
): Promise<void> {
  assertAdmin(actor);
  const group = await getGroup(core, actor, groupId);
  if (!group) throw new PorticoError('not_found', 'No such group.');
  const ids = [...new Set(members.map((m) => m.userId))];
  if (ids.length > 0) {
    const staff = await core.db
      .selectFrom('users')
      .select('id')
      .where('id', 'in', ids)
      .where('role', 'in', ['agent', 'admin'])
      .execute();
    if (staff.length !== ids.length) {
      throw new PorticoError('invalid_input', 'Only agents and administrators can be group members.', {
        details: { fields: { members: 'Only agents and administrators can be group members.' } },
      });
    }
  }
  await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    if (ids.length > 0) {
      await trx
        .insertInto('group_members')
        .values(
          ids.map((userId) => ({
            group_id: groupId,
            user_id: userId,
            is_lead: members.some((m) => m.userId === userId && m.isLead) ? 1 : 0,
          })),
        )
        .execute();
    }
  });
}
