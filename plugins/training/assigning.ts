/** Assigning a module to people and groups, and cancelling an assignment. */
import type { PortalUser } from 'portico/plugin-api';
import { assertCanManage, isStaff } from './access.ts';
import { toAssignment } from './assignment-status.ts';
import type { Assignment } from './assignment-status.ts';
import { dayOf, isDay } from './dates.ts';
import { assertNoFieldProblems, TrainingError } from './errors.ts';
import { getModule, requireModule } from './module-queries.ts';
import type { TrainingContext } from './settings.ts';
import type { AssignmentTable } from './tables.ts';

export interface AssignInput {
  moduleId: string;
  /** People to assign directly. */
  userIds?: readonly string[] | undefined;
  /** A group whose current members are assigned (the group is recorded on each assignment). */
  groupId?: string | null | undefined;
  /** YYYY-MM-DD. */
  dueOn: string;
  /** Months after completion when a refresher becomes due; empty for none. */
  refresherMonths?: string | number | null | undefined;
}

export interface AssignResult {
  created: Assignment[];
  /** People left out, with why (already assigned, not staff, inactive). */
  skipped: { userId: string; name: string; reason: string }[];
}

/**
 * Assigns a module to people and/or to a group's current members, due on a day. Someone who already
 * has an open assignment of the module is skipped, as are customers and deactivated accounts.
 */
export async function assignModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  input: AssignInput,
  now = new Date(),
): Promise<AssignResult> {
  const manager = await assertCanManage(ctx, actor);
  const module = await requireModule(ctx, input.moduleId);
  const detail = await getModule(ctx, module.id);
  const fields: Record<string, string> = {};
  const today = dayOf(now);
  const dueOn = (input.dueOn ?? '').trim();
  if (!isDay(dueOn)) fields['dueOn'] = 'Enter the due date as a date (YYYY-MM-DD).';
  else if (dueOn < today) fields['dueOn'] = 'The due date cannot be in the past.';
  const rawMonths =
    input.refresherMonths === null || input.refresherMonths === undefined ? '' : String(input.refresherMonths).trim();
  let refresherMonths: number | null = null;
  if (rawMonths !== '' && rawMonths !== '0') {
    if (!/^\d{1,3}$/.test(rawMonths) || Number(rawMonths) > 120) {
      fields['refresherMonths'] = 'Enter a whole number of months from 1 to 120, or leave it empty.';
    } else refresherMonths = Number(rawMonths);
  }
  const userIds = [...new Set((input.userIds ?? []).filter((id) => id !== ''))];
  const groupId = input.groupId && input.groupId !== '' ? input.groupId : null;
  if (userIds.length === 0 && !groupId) fields['people'] = 'Choose at least one person or a group.';
  assertNoFieldProblems(fields, 'The module could not be assigned.');
  if (!module.active) {
    throw new TrainingError('conflict', 'This module is inactive, so it cannot be assigned.', {
      hint: 'Make it active on its page first.',
    });
  }
  if (!detail || detail.lessons.length === 0) {
    throw new TrainingError('conflict', 'This module has no lessons yet, so it cannot be assigned.', {
      hint: 'Add at least one lesson first.',
    });
  }

  // Who: direct picks first, then the group's members (recording the group on theirs).
  const targets = new Map<string, { user: PortalUser | undefined; id: string; groupId: string | null }>();
  for (const id of userIds) targets.set(id, { id, user: await ctx.core.users.get(id), groupId: null });
  if (groupId) {
    const group = await ctx.core.groups.get(groupId);
    if (!group)
      throw new TrainingError('invalid_input', 'There is no such group.', { fields: { groupId: 'Choose a group.' } });
    for (const { user } of await ctx.core.groups.members(groupId)) {
      targets.set(user.id, { id: user.id, user, groupId });
    }
  }

  const open = new Set(
    (
      await ctx.db
        .selectFrom('plugin_training_assignments')
        .select('user_id')
        .where('module_id', '=', module.id)
        .where('completed_at', 'is', null)
        .execute()
    ).map((row) => row.user_id),
  );
  const result: AssignResult = { created: [], skipped: [] };
  const rows: AssignmentTable[] = [];
  const stamp = now.toISOString();
  for (const target of targets.values()) {
    const name = target.user?.name ?? 'Unknown person';
    if (!target.user) result.skipped.push({ userId: target.id, name, reason: 'no such person' });
    else if (!target.user.active) result.skipped.push({ userId: target.id, name, reason: 'account deactivated' });
    else if (!isStaff(target.user)) result.skipped.push({ userId: target.id, name, reason: 'not a staff member' });
    else if (open.has(target.id)) result.skipped.push({ userId: target.id, name, reason: 'already assigned' });
    else {
      rows.push({
        id: crypto.randomUUID(),
        module_id: module.id,
        user_id: target.id,
        group_id: target.groupId,
        assigned_by: manager.id,
        due_on: dueOn,
        refresher_months: refresherMonths,
        previous_id: null,
        next_id: null,
        started_at: null,
        completed_at: null,
        score: null,
        module_version: null,
        due_soon_reminded_at: null,
        overdue_reminded_at: null,
        created_at: stamp,
      });
    }
  }
  if (rows.length > 0) await ctx.db.insertInto('plugin_training_assignments').values(rows).execute();
  result.created = rows.map((row) => toAssignment(row, today));
  return result;
}

/** Withdraws an assignment nobody has completed yet (with its progress). */
export async function cancelAssignment(
  ctx: TrainingContext,
  actor: PortalUser | null,
  assignmentId: string,
): Promise<void> {
  await assertCanManage(ctx, actor);
  const row = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .where('id', '=', assignmentId)
    .executeTakeFirst();
  if (!row) throw new TrainingError('not_found', 'There is no such assignment.');
  if (row.completed_at) {
    throw new TrainingError('conflict', 'A completed assignment cannot be withdrawn: it is part of the record.');
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plugin_training_attempts').where('assignment_id', '=', assignmentId).execute();
    await trx.deleteFrom('plugin_training_lesson_progress').where('assignment_id', '=', assignmentId).execute();
    await trx
      .updateTable('plugin_training_assignments')
      .set({ next_id: null })
      .where('next_id', '=', assignmentId)
      .execute();
    await trx.deleteFrom('plugin_training_assignments').where('id', '=', assignmentId).execute();
  });
}
