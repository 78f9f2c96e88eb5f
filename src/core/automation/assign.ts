import type { Db } from '../db/connect.ts';

/** A group's active staff members, by name then id: the order round-robin walks and ties break in. */
async function membersOf(db: Db, groupId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .select('users.id')
    .where('group_members.group_id', '=', groupId)
    .where('users.active', '=', 1)
    .where('users.role', 'in', ['agent', 'admin'])
    .orderBy('users.name')
    .orderBy('users.id')
    .execute();
  return rows.map((row) => row.id);
}

/**
 * The next member after the one round-robin picked last in this group (the first when none, or when that
 * one left). With `remember`, the pick is stored; a dry run leaves it alone.
 */
export async function roundRobinAgent(db: Db, groupId: string, remember: boolean): Promise<string | undefined> {
  const members = await membersOf(db, groupId);
  if (members.length === 0) return undefined;
  const last = await db
    .selectFrom('automation_round_robin')
    .select('user_id')
    .where('group_id', '=', groupId)
    .executeTakeFirst();
  const next = members[(members.indexOf(last?.user_id ?? '') + 1) % members.length]!;
  if (remember) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('automation_round_robin').where('group_id', '=', groupId).execute();
      await trx.insertInto('automation_round_robin').values({ group_id: groupId, user_id: next }).execute();
    });
  }
  return next;
}

/** The member with the fewest open tickets assigned (in any group); ties go by name. */
export async function leastLoadedAgent(db: Db, groupId: string): Promise<string | undefined> {
  const members = await membersOf(db, groupId);
  if (members.length === 0) return undefined;
  const counts = await db
    .selectFrom('tickets')
    .select(['assignee_id', (eb) => eb.fn.countAll<number | string | bigint>().as('open')])
    .where('is_open', '=', 1)
    .where('assignee_id', 'in', members)
    .groupBy('assignee_id')
    .execute();
  const load = new Map(counts.map((row) => [row.assignee_id, Number(row.open)]));
  let best = members[0]!;
  for (const member of members) if ((load.get(member) ?? 0) < (load.get(best) ?? 0)) best = member;
  return best;
}
