import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { slugify } from '../kb/index.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, assertStaff, isStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import type { RequestType } from './request-type.ts';
import { rowToRequestType } from './request-type-row.ts';
import { requestTypeInputSchema, requestTypePatchSchema } from './schemas.ts';
import type { RequestTypeInput, RequestTypePatch } from './schemas.ts';

/** What listRequestTypes lists besides the active types. */
export interface RequestTypeFilter {
  /** Staff only: list deactivated types too. */
  includeInactive?: boolean | undefined;
}

const byCatalogOrder = (a: RequestType, b: RequestType) =>
  a.category.localeCompare(b.category, 'en') || a.position - b.position || a.name.localeCompare(b.name, 'en');

/**
 * The catalog: active request types for everyone, signed in or not; staff may ask for inactive ones too.
 * Ordered by category, position and name (sorted here, so both dialects agree on the order).
 * @example
 * const types = await listRequestTypes(core, null); // what the portal shows
 */
export async function listRequestTypes(
  core: Core,
  actor: Actor | null,
  filter: RequestTypeFilter = {},
): Promise<RequestType[]> {
  if (filter.includeInactive) assertStaff(actor);
  let query = core.db.selectFrom('request_types').selectAll();
  if (!filter.includeInactive) query = query.where('active', '=', 1);
  const rows = await query.execute();
  return rows.map(rowToRequestType).sort(byCatalogOrder);
}

/**
 * One request type by id or slug; an inactive one only for staff (for others it does not exist).
 * @example
 * const type = await getRequestType(core, user, 'request-software');
 */
export async function getRequestType(
  core: Core,
  actor: Actor | null,
  idOrSlug: string,
): Promise<RequestType | undefined> {
  const rows = await core.db
    .selectFrom('request_types')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrSlug), eb('slug', '=', idOrSlug)]))
    .execute();
  const row = rows.find((candidate) => candidate.id === idOrSlug) ?? rows[0];
  if (!row || (row.active !== 1 && !isStaff(actor))) return undefined;
  return rowToRequestType(row);
}

async function assertSlugFree(db: Db, slug: string, exceptId?: string): Promise<void> {
  const taken = await db.selectFrom('request_types').select('id').where('slug', '=', slug).executeTakeFirst();
  if (taken && taken.id !== exceptId) {
    throw new PorticoError('conflict', 'A request type with that address already exists.', {
      hint: 'Choose another name, or set a different slug.',
      details: { fields: { slug: 'Already in use.' } },
    });
  }
}

async function assertGroupExists(db: Db, groupId: string | null): Promise<void> {
  if (groupId === null) return;
  const group = await db.selectFrom('groups').select('id').where('id', '=', groupId).executeTakeFirst();
  if (!group) {
    throw new PorticoError('invalid_input', 'No such group.', {
      details: { fields: { defaultGroupId: 'Choose one of the groups.' } },
    });
  }
}

function notFound(): PorticoError {
  return new PorticoError('not_found', 'No such request type.');
}

/**
 * Adds a request type to the catalog (admins only). The slug is made from the name unless given.
 * @example
 * const type = await createRequestType(core, admin, {
 *   name: 'Request software',
 *   kind: 'service_request',
 *   form: { fields: [{ id: 'software', kind: 'select', label: 'Software', options: ['Figma', 'Other'] }] },
 * });
 */
export async function createRequestType(
  core: Core,
  actor: Actor | null,
  input: RequestTypeInput,
): Promise<RequestType> {
  assertAdmin(actor);
  const data = parseInput(requestTypeInputSchema, input);
  const now = nowStored();
  const row = {
    id: newId(),
    slug: data.slug ?? slugify(data.name),
    name: data.name,
    description: data.description,
    icon: data.icon,
    category: data.category,
    kind: data.kind,
    default_group_id: data.defaultGroupId,
    default_priority: data.defaultPriority,
    active: data.active ? 1 : 0,
    position: data.position,
    form: JSON.stringify(data.form),
    form_version: 1,
    created_at: now,
    updated_at: now,
  };
  await core.db.transaction().execute(async (trx) => {
    await assertSlugFree(trx, row.slug);
    await assertGroupExists(trx, row.default_group_id);
    await trx.insertInto('request_types').values(row).execute();
  });
  return rowToRequestType(row);
}

/**
 * Changes a request type (admins only); what the patch leaves out stays. The slug stays when the name
 * changes, so links keep working. Any change of the form bumps `formVersion`.
 * @example
 * await updateRequestType(core, admin, type.id, { defaultPriority: 'P2', form: newForm });
 */
export async function updateRequestType(
  core: Core,
  actor: Actor | null,
  id: string,
  patch: RequestTypePatch,
): Promise<RequestType> {
  assertAdmin(actor);
  const data = parseInput(requestTypePatchSchema, patch);
  return core.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('request_types').selectAll().where('id', '=', id).executeTakeFirst();
    if (!current) throw notFound();
    if (data.slug !== undefined) await assertSlugFree(trx, data.slug, id);
    if (data.defaultGroupId !== undefined) await assertGroupExists(trx, data.defaultGroupId);
    const form = data.form === undefined ? current.form : JSON.stringify(data.form);
    const changes = {
      ...(data.slug !== undefined && { slug: data.slug }),
      ...(data.name !== undefined && { name: data.name }),
      ...(data.description !== undefined && { description: data.description }),
      ...(data.icon !== undefined && { icon: data.icon }),
      ...(data.category !== undefined && { category: data.category }),
      ...(data.kind !== undefined && { kind: data.kind }),
      ...(data.defaultGroupId !== undefined && { default_group_id: data.defaultGroupId }),
      ...(data.defaultPriority !== undefined && { default_priority: data.defaultPriority }),
      ...(data.active !== undefined && { active: data.active ? 1 : 0 }),
      ...(data.position !== undefined && { position: data.position }),
      form,
      form_version: form === current.form ? current.form_version : current.form_version + 1,
      updated_at: nowStored(),
    };
    await trx.updateTable('request_types').set(changes).where('id', '=', id).execute();
    return rowToRequestType({ ...current, ...changes });
  });
}

/**
 * Shows a request type in the catalog again, or withdraws it (admins only); tickets made from it keep
 * their answers either way.
 * @example
 * await setRequestTypeActive(core, admin, type.id, false);
 */
export async function setRequestTypeActive(
  core: Core,
  actor: Actor | null,
  id: string,
  active: boolean,
): Promise<RequestType> {
  assertAdmin(actor);
  const result = await core.db
    .updateTable('request_types')
    .set({ active: active ? 1 : 0, updated_at: nowStored() })
    .where('id', '=', id)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw notFound();
  const type = await getRequestType(core, actor, id);
  if (!type) throw notFound();
  return type;
}
