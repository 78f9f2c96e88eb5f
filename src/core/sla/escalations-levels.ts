import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Core } from '../context.ts';
import type { Db } from '../db/connect.ts';
import { newId, nowStored } from '../db/values.ts';
import { PorticoError } from '../errors.ts';
import { enqueueJob } from '../jobs/index.ts';
import type { Actor } from '../users/index.ts';
import { assertAdmin, assertStaff } from '../users/index.ts';
import { parseInput } from '../validation.ts';
import { targetKinds } from './clocks.ts';
import type { TargetKind } from './clocks.ts';
import type { SlaEscalationTable } from './escalations.table.ts';
import { parseDuration } from './schemas.ts';

/** What a level does when it fires. */
export interface EscalationActions {
  notifyAssignee: boolean;
  notifyGroupLeads: boolean;
  /** A named user (agent or admin) to mail, or null. */
  notifyUserId: string | null;
  /** One step up (P4 → P3 …), never above P1. */
  raisePriority: boolean;
  /** A group to hand the ticket to, or null. */
  reassignGroupId: string | null;
}

/** An escalation level of an SLA policy. */
export interface EscalationLevel {
  id: string;
  policyId: string;
  target: TargetKind;
  /** Business minutes relative to the target's due time: negative before, positive after. */
  offsetMinutes: number;
  actions: EscalationActions;
}

/** The job that recomputes tickets' next escalation moments (after levels, policies or calendars changed). */
export const escalationResyncJobType = 'sla.escalations-resync';

/** "-30", "-30m", "+1h", "2h 30m" (after) → signed minutes. */
const offsetSchema = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    if (typeof value === 'number') return value;
    const text = value.trim();
    const sign = text.startsWith('-') ? -1 : 1;
    const minutes = parseDuration(text.replace(/^[+-]\s*/, ''));
    if (text === '' || minutes === undefined) {
      ctx.addIssue({ code: 'custom', message: 'Write an offset like -30m (before the deadline) or +1h (after).' });
      return z.NEVER;
    }
    return sign * minutes;
  })
  .pipe(z.number().int().min(-525_600, 'Use at most a year.').max(525_600, 'Use at most a year.'));

const optionalId = z
  .string()
  .trim()
  .nullable()
  .default(null)
  .transform((value) => (value ? value : null));

/** An escalation level as admins enter it. */
export const escalationInputSchema = z
  .object({
    target: z.enum(targetKinds as [TargetKind, ...TargetKind[]], { message: 'Choose a target.' }),
    offsetMinutes: offsetSchema,
    notifyAssignee: z.boolean().default(false),
    notifyGroupLeads: z.boolean().default(false),
    notifyUserId: optionalId,
    raisePriority: z.boolean().default(false),
    reassignGroupId: optionalId,
  })
  .superRefine((level, ctx) => {
    const acts =
      level.notifyAssignee ||
      level.notifyGroupLeads ||
      level.notifyUserId !== null ||
      level.raisePriority ||
      level.reassignGroupId !== null;
    if (!acts) ctx.addIssue({ code: 'custom', path: ['actions'], message: 'Choose at least one action.' });
  });
export type EscalationInput = z.input<typeof escalationInputSchema>;

export function rowToLevel(row: Selectable<SlaEscalationTable>): EscalationLevel {
  return {
    id: row.id,
    policyId: row.policy_id,
    target: row.target as TargetKind,
    offsetMinutes: Number(row.offset_minutes),
    actions: JSON.parse(row.actions) as EscalationActions,
  };
}

/** Levels in the order they fire for each target. */
export async function loadLevels(db: Db, policyIds?: string[]): Promise<EscalationLevel[]> {
  if (policyIds?.length === 0) return [];
  let query = db.selectFrom('sla_escalations').selectAll();
  if (policyIds) query = query.where('policy_id', 'in', policyIds);
  const rows = await query.orderBy('target').orderBy('offset_minutes').orderBy('id').execute();
  return rows.map(rowToLevel);
}

/** Asks for the next escalation moments to be recomputed, in the caller's transaction. */
export async function requestEscalationResync(db: Db, dedupeKey?: string): Promise<void> {
  await enqueueJob(db, escalationResyncJobType, {}, { maxAttempts: 20, ...(dedupeKey && { dedupeKey }) });
}

/**
 * A policy's escalation levels by target and offset (agents and admins).
 * @example
 * const levels = await listEscalationLevels(core, admin, policy.id);
 */
export async function listEscalationLevels(
  core: Core,
  actor: Actor | null,
  policyId: string,
): Promise<EscalationLevel[]> {
  assertStaff(actor);
  return loadLevels(core.db, [policyId]);
}

async function assertReferences(core: Core, policyId: string, level: z.infer<typeof escalationInputSchema>) {
  const policy = await core.db.selectFrom('sla_policies').select('id').where('id', '=', policyId).executeTakeFirst();
  if (!policy) throw new PorticoError('not_found', 'No such policy.');
  if (level.notifyUserId !== null) {
    const user = await core.db
      .selectFrom('users')
      .select('id')
      .where('id', '=', level.notifyUserId)
      .where('role', 'in', ['agent', 'admin'])
      .where('active', '=', 1)
      .executeTakeFirst();
    if (!user) {
      throw new PorticoError('invalid_input', 'Choose an active agent to notify.', {
        details: { fields: { notifyUserId: 'Choose an active agent from the list.' } },
      });
    }
  }
  if (level.reassignGroupId !== null) {
    const group = await core.db
      .selectFrom('groups')
      .select('id')
      .where('id', '=', level.reassignGroupId)
      .executeTakeFirst();
    if (!group) {
      throw new PorticoError('invalid_input', 'No such group.', {
        details: { fields: { reassignGroupId: 'Choose a group from the list.' } },
      });
    }
  }
}

/**
 * Adds an escalation level to a policy (admins only); open tickets' next moments are recomputed in the
 * background.
 * @example
 * await addEscalationLevel(core, admin, policy.id, { target: 'resolution', offsetMinutes: -30, notifyAssignee: true });
 */
export async function addEscalationLevel(
  core: Core,
  actor: Actor | null,
  policyId: string,
  input: EscalationInput,
): Promise<EscalationLevel> {
  assertAdmin(actor);
  const data = parseInput(escalationInputSchema, input);
  await assertReferences(core, policyId, data);
  const { target, offsetMinutes, ...actions } = data;
  const row = {
    id: newId(),
    policy_id: policyId,
    target,
    offset_minutes: offsetMinutes,
    actions: JSON.stringify(actions),
    created_at: nowStored(),
  };
  await core.db.transaction().execute(async (trx) => {
    await trx.insertInto('sla_escalations').values(row).execute();
    await requestEscalationResync(trx);
  });
  return rowToLevel(row);
}

/**
 * Removes an escalation level (admins only); what it already did stays in the tickets' history.
 * @example
 * await deleteEscalationLevel(core, admin, policy.id, level.id);
 */
export async function deleteEscalationLevel(
  core: Core,
  actor: Actor | null,
  policyId: string,
  levelId: string,
): Promise<void> {
  assertAdmin(actor);
  const deleted = await core.db.transaction().execute(async (trx) => {
    const result = await trx
      .deleteFrom('sla_escalations')
      .where('id', '=', levelId)
      .where('policy_id', '=', policyId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) return false;
    await trx.deleteFrom('sla_escalations_fired').where('level_id', '=', levelId).execute();
    await requestEscalationResync(trx);
    return true;
  });
  if (!deleted) throw new PorticoError('not_found', 'No such escalation level.');
}
