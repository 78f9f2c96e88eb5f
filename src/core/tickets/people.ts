import type { Db } from '../db/connect.ts';
import { PorticoError } from '../errors.ts';

/** Tickets are assigned to active agents and admins only. */
export async function assertAssignable(db: Db, userId: string): Promise<void> {
  const user = await db
    .selectFrom('users')
    .select('id')
    .where('id', '=', userId)
    .where('role', 'in', ['agent', 'admin'])
    .where('active', '=', 1)
    .executeTakeFirst();
  if (!user) {
    throw new PorticoError('invalid_input', 'Assign the ticket to an active agent.', {
      details: { fields: { assigneeId: 'Choose an active agent or administrator.' } },
    });
  }
}

export async function assertGroupExists(db: Db, groupId: string): Promise<void> {
  const group = await db.selectFrom('groups').select('id').where('id', '=', groupId).executeTakeFirst();
  if (!group) {
    throw new PorticoError('invalid_input', 'No such group.', { details: { fields: { groupId: 'Choose a group.' } } });
  }
}
