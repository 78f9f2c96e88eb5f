import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { approvalStepsSchema } from './schemas.ts';
import type { ApprovalStep } from './schemas.ts';

/** The approval steps of a request type, or [] when its requests need no approval. */
export async function stepsOfRequestType(db: Db, requestTypeId: string): Promise<ApprovalStep[]> {
  const row = await db
    .selectFrom('approval_definitions')
    .select('steps')
    .where('request_type_id', '=', requestTypeId)
    .executeTakeFirst();
  return row ? (JSON.parse(row.steps) as ApprovalStep[]) : [];
}

/**
 * Every request type's approval steps, by request type id (admins only).
 * @example
 * const steps = (await listApprovalDefinitions(core, admin)).get(requestType.id) ?? [];
 */
export async function listApprovalDefinitions(core: Core, actor: Actor | null): Promise<Map<string, ApprovalStep[]>> {
  assertAdmin(actor);
  const rows = await core.db.selectFrom('approval_definitions').select(['request_type_id', 'steps']).execute();
  return new Map(rows.map((row) => [row.request_type_id, JSON.parse(row.steps) as ApprovalStep[]]));
}

async function assertApproversExist(db: Db, steps: ApprovalStep[]): Promise<void> {
  const fields: Record<string, string> = {};
  for (const [index, step] of steps.entries()) {
    for (const [position, approver] of step.approvers.entries()) {
      if (approver.kind === 'org_manager' || !approver.value) continue;
      const table = approver.kind === 'user' ? 'users' : 'groups';
      const found = await db.selectFrom(table).select('id').where('id', '=', approver.value).executeTakeFirst();
      if (!found)
        fields[`${index}.approvers.${position}.value`] = `No such ${approver.kind === 'user' ? 'user' : 'group'}.`;
    }
  }
  if (Object.keys(fields).length > 0) {
    throw new PorticoError('invalid_input', Object.values(fields)[0] ?? 'Check the approvers.', {
      details: { fields },
    });
  }
}

/**
 * Sets the ordered approval steps of a request type (admins only); [] removes the approval. Tickets
 * already waiting keep the steps they started with.
 * @example
 * await setApprovalSteps(core, admin, 'new-laptop', [
 *   { name: 'Manager', rule: 'any', approvers: [{ kind: 'org_manager', value: null }] },
 *   { name: 'IT budget', rule: 'all', approvers: [{ kind: 'group_lead', value: itGroup.id }] },
 * ]);
 */
export async function setApprovalSteps(
  core: Core,
  actor: Actor | null,
  requestTypeId: string,
  raw: unknown,
): Promise<ApprovalStep[]> {
  assertAdmin(actor);
  const steps = parseInput(approvalStepsSchema, raw);
  const type = await core.db
    .selectFrom('request_types')
    .select('id')
    .where('id', '=', requestTypeId)
    .executeTakeFirst();
  if (!type) throw new PorticoError('not_found', 'No such request type.', { hint: 'Choose one from the catalog.' });
  await assertApproversExist(core.db, steps);
  await core.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('approval_definitions').where('request_type_id', '=', requestTypeId).execute();
    if (steps.length > 0) {
      await trx
        .insertInto('approval_definitions')
        .values({ request_type_id: requestTypeId, steps: JSON.stringify(steps), updated_at: nowStored() })
        .execute();
    }
  });
  return steps;
}
