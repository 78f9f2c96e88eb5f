import type { Selectable } from 'kysely';
import type { Core } from '../context.ts';
import { fromStoredTime, newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { parseInput } from '../validation.ts';
import { assertAdmin, assertStaff } from './permissions.ts';
import { organisationInputSchema } from './schemas.ts';
import type { OrganisationInput } from './schemas.ts';
import type { Actor } from './user.ts';
import type { OrganisationTable } from './user.table.ts';

export interface Organisation {
  id: string;
  name: string;
  domain: string | null;
  /** Whether the organisation's customers see each other's requests. */
  shareRequests: boolean;
  createdAt: Date;
}

function rowToOrganisation(row: Selectable<OrganisationTable>): Organisation {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    shareRequests: row.share_requests === 1,
    createdAt: fromStoredTime(row.created_at),
  };
}

/**
 * Creates a customer organisation (admins only).
 * @example
 * const acme = await createOrganisation(core, admin, { name: 'Acme Ltd', domain: 'acme.example' });
 */
export async function createOrganisation(
  core: Core,
  actor: Actor | null,
  input: OrganisationInput,
): Promise<Organisation> {
  assertAdmin(actor);
  const data = parseInput(organisationInputSchema, input);
  const taken = await core.db.selectFrom('organisations').select('id').where('name', '=', data.name).executeTakeFirst();
  if (taken)
    throw new PorticoError('conflict', 'An organisation with that name already exists.', {
      details: { fields: { name: 'Already in use.' } },
    });
  const row = { id: newId(), name: data.name, domain: data.domain, share_requests: 0, created_at: nowStored() };
  await core.db.insertInto('organisations').values(row).execute();
  return rowToOrganisation(row);
}

/** Every organisation with its member count, by name (staff only). */
export async function listOrganisations(
  core: Core,
  actor: Actor | null,
): Promise<(Organisation & { memberCount: number })[]> {
  assertStaff(actor);
  const rows = await core.db
    .selectFrom('organisations')
    .leftJoin('users', 'users.organisation_id', 'organisations.id')
    .selectAll('organisations')
    .select((eb) => eb.fn.count('users.id').as('member_count'))
    .groupBy([
      'organisations.id',
      'organisations.name',
      'organisations.domain',
      'organisations.share_requests',
      'organisations.created_at',
    ])
    .orderBy('organisations.name')
    .execute();
  return rows.map((row) => ({ ...rowToOrganisation(row), memberCount: Number(row.member_count) }));
}

export async function getOrganisation(core: Core, actor: Actor | null, id: string): Promise<Organisation | undefined> {
  assertStaff(actor);
  const row = await core.db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? rowToOrganisation(row) : undefined;
}

/**
 * Lets (or stops) an organisation's customers see each other's requests (admins only).
 * @example
 * await setOrganisationSharing(core, admin, acme.id, true);
 */
export async function setOrganisationSharing(
  core: Core,
  actor: Actor | null,
  id: string,
  shareRequests: boolean,
): Promise<void> {
  assertAdmin(actor);
  const result = await core.db
    .updateTable('organisations')
    .set({ share_requests: shareRequests ? 1 : 0 })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new PorticoError('not_found', 'No such organisation.');
}
