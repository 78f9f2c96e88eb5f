import type { Selectable } from 'kysely';
import type { Priority, TicketKind } from '../catalog/index.ts';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { requestSlaRecompute } from './recompute-job.ts';
import { policyInputSchema } from './schemas.ts';
import type { PolicyData, PolicyInput } from './schemas.ts';
import type { SlaPolicyTable } from './sla.table.ts';

export type PolicyConditions = PolicyData['conditions'];
export type PolicyTargets = PolicyData['targets'];

export interface SlaPolicy {
  id: string;
  name: string;
  position: number;
  conditions: PolicyConditions;
  /** null: the built-in 24×7 calendar. */
  calendarId: string | null;
  atRiskPercent: number;
  targets: PolicyTargets;
}

/** What a policy's conditions look at. */
export interface PolicySubject {
  requestTypeId: string | null;
  kind: TicketKind;
  organisationId: string | null;
  groupId: string | null;
  priority: Priority;
}

export function rowToPolicy(row: Selectable<SlaPolicyTable>): SlaPolicy {
  return {
    id: row.id,
    name: row.name,
    position: Number(row.position),
    conditions: JSON.parse(row.conditions) as PolicyConditions,
    calendarId: row.calendar_id,
    atRiskPercent: Number(row.at_risk_percent),
    targets: JSON.parse(row.targets) as PolicyTargets,
  };
}

/** Policies in the order they are tried. */
export async function loadPolicies(db: Db): Promise<SlaPolicy[]> {
  const rows = await db.selectFrom('sla_policies').selectAll().orderBy('position').orderBy('name').execute();
  return rows.map(rowToPolicy);
}

function allows(list: readonly string[], value: string | null): boolean {
  return list.length === 0 || (value !== null && list.includes(value));
}

/**
 * The policy that applies to a ticket: the first, in order, whose conditions all match (an empty
 * condition matches anything); undefined when none does.
 * @example
 * matchPolicy(policies, { requestTypeId, kind: 'incident', organisationId, groupId, priority: 'P2' });
 */
export function matchPolicy(policies: readonly SlaPolicy[], ticket: PolicySubject): SlaPolicy | undefined {
  return policies.find(
    ({ conditions }) =>
      allows(conditions.requestTypeIds, ticket.requestTypeId) &&
      allows(conditions.kinds, ticket.kind) &&
      allows(conditions.organisationIds, ticket.organisationId) &&
      allows(conditions.groupIds, ticket.groupId),
  );
}

async function checkReferences(core: Core, data: PolicyData, exceptId?: string): Promise<void> {
  const taken = await core.db.selectFrom('sla_policies').select('id').where('name', '=', data.name).executeTakeFirst();
  if (taken && taken.id !== exceptId) {
    throw new PorticoError('conflict', 'A policy with that name already exists.', {
      details: { fields: { name: 'Already in use.' } },
    });
  }
  if (data.calendarId) {
    const calendar = await core.db
      .selectFrom('sla_calendars')
      .select('id')
      .where('id', '=', data.calendarId)
      .executeTakeFirst();
    if (!calendar) {
      throw new PorticoError('invalid_input', 'No such calendar.', {
        details: { fields: { calendarId: 'Choose a calendar from the list.' } },
      });
    }
  }
}

function columns(data: PolicyData) {
  return {
    name: data.name,
    conditions: JSON.stringify(data.conditions),
    calendar_id: data.calendarId,
    targets: JSON.stringify(data.targets),
    at_risk_percent: data.atRiskPercent,
    updated_at: nowStored(),
  };
}

/** Every policy in order (agents and admins). */
export async function listPolicies(core: Core, actor: Actor | null): Promise<SlaPolicy[]> {
  assertStaff(actor);
  return loadPolicies(core.db);
}

export async function getPolicy(core: Core, actor: Actor | null, id: string): Promise<SlaPolicy | undefined> {
  assertStaff(actor);
  const row = await core.db.selectFrom('sla_policies').selectAll().where('id', '=', id).executeTakeFirst();
  return row && rowToPolicy(row);
}

/** Creates a policy (admins only), last in order unless a position is given. */
export async function createPolicy(core: Core, actor: Actor | null, input: PolicyInput): Promise<SlaPolicy> {
  assertAdmin(actor);
  const data = parseInput(policyInputSchema, input);
  await checkReferences(core, data);
  const id = newId();
  await core.db.transaction().execute(async (trx) => {
    const last = await trx
      .selectFrom('sla_policies')
      .select((eb) => eb.fn.max('position').as('position'))
      .executeTakeFirst();
    const position = data.position ?? (last?.position === null || last === undefined ? 0 : Number(last.position) + 1);
    await trx
      .insertInto('sla_policies')
      .values({ id, position, created_at: nowStored(), ...columns(data) })
      .execute();
    await requestSlaRecompute(trx);
  });
  return (await getPolicy(core, actor, id))!;
}

/** Replaces a policy (admins only); open tickets are recomputed in the background. */
export async function updatePolicy(
  core: Core,
  actor: Actor | null,
  id: string,
  input: PolicyInput,
): Promise<SlaPolicy> {
  assertAdmin(actor);
  const data = parseInput(policyInputSchema, input);
  await checkReferences(core, data, id);
  const found = await core.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('sla_policies')
      .set({ ...columns(data), ...(data.position !== undefined && { position: data.position }) })
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) > 0) await requestSlaRecompute(trx);
    return Number(result.numUpdatedRows) > 0;
  });
  if (!found) throw new PorticoError('not_found', 'No such policy.');
  return (await getPolicy(core, actor, id))!;
}

/** Deletes a policy and its tickets' SLA state (admins only); they fall to the next matching policy. */
export async function deletePolicy(core: Core, actor: Actor | null, id: string): Promise<void> {
  assertAdmin(actor);
  const deleted = await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('sla_ticket_states').where('policy_id', '=', id).execute();
    const result = await trx.deleteFrom('sla_policies').where('id', '=', id).executeTakeFirst();
    if (Number(result.numDeletedRows) > 0) await requestSlaRecompute(trx);
    return Number(result.numDeletedRows) > 0;
  });
  if (!deleted) throw new PorticoError('not_found', 'No such policy.');
}
