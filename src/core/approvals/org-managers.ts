import type { Core } from '../context.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';

export interface OrgManager {
  organisationId: string;
  organisationName: string;
  userId: string;
  userName: string;
  userEmail: string;
}

/**
 * Every organisation's managers: the approvers of kind `org_manager` (admins only).
 * @example
 * const managers = await listOrgManagers(core, admin);
 */
export async function listOrgManagers(core: Core, actor: Actor | null): Promise<OrgManager[]> {
  assertAdmin(actor);
  const rows = await core.db
    .selectFrom('approval_org_managers')
    .innerJoin('organisations', 'organisations.id', 'approval_org_managers.organisation_id')
    .innerJoin('users', 'users.id', 'approval_org_managers.user_id')
    .select(['organisations.id as oid', 'organisations.name as oname', 'users.id as uid', 'users.name', 'users.email'])
    .orderBy('organisations.name')
    .orderBy('users.name')
    .execute();
  return rows.map((row) => ({
    organisationId: row.oid,
    organisationName: row.oname,
    userId: row.uid,
    userName: row.name,
    userEmail: row.email,
  }));
}

/**
 * Makes a user a manager of an organisation (admins only); adding one twice is harmless.
 * @example
 * await addOrgManager(core, admin, northwind.id, casey.id);
 */
export async function addOrgManager(
  core: Core,
  actor: Actor | null,
  organisationId: string,
  userId: string,
): Promise<void> {
  assertAdmin(actor);
  const organisation = await core.db
    .selectFrom('organisations')
    .select('id')
    .where('id', '=', organisationId)
    .executeTakeFirst();
  const user = await core.db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (!organisation || !user) {
    const fields: Record<string, string> = {};
    if (!organisation) fields['organisationId'] = 'Choose an organisation.';
    if (!user) fields['userId'] = 'Choose a user.';
    throw new PorticoError('invalid_input', 'Choose an organisation and a user.', { details: { fields } });
  }
  await core.db
    .insertInto('approval_org_managers')
    .values({ organisation_id: organisationId, user_id: userId })
    .onConflict((oc) => oc.columns(['organisation_id', 'user_id']).doNothing())
    .execute();
}

/**
 * Removes a manager from an organisation (admins only).
 * @example
 * await removeOrgManager(core, admin, northwind.id, casey.id);
 */
export async function removeOrgManager(
  core: Core,
  actor: Actor | null,
  organisationId: string,
  userId: string,
): Promise<void> {
  assertAdmin(actor);
  await core.db
    .deleteFrom('approval_org_managers')
    .where('organisation_id', '=', organisationId)
    .where('user_id', '=', userId)
    .execute();
}
