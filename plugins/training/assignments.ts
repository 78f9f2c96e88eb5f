import type { PortalUser, Selectable, Transaction, PluginDatabase } from 'portico/plugin-api';
import { assertCanManage, isStaff } from './access.ts';
import { addMonths, dayOf, isDay } from './dates.ts';
import { assertNoFieldProblems, TrainingError } from './errors.ts';
import { getModule, requireModule } from './modules.ts';
import type { ModuleDetail } from './modules.ts';
import type { TrainingContext } from './settings.ts';
import type { AssignmentTable } from './tables.ts';

export type AssignmentStatus = 'not_started' | 'in_progress' | 'completed' | 'overdue';

export const statusLabels: Record<AssignmentStatus, string> = {
  not_started: 'Not started',
  in_progress: 'In progress',
  completed: 'Completed',
  overdue: 'Overdue',
};

export interface Assignment {
  id: string;
  moduleId: string;
  userId: string;
  groupId: string | null;
  assignedBy: string | null;
  dueOn: string;
  refresherMonths: number | null;
  /** The completed assignment this one refreshes (null for a first assignment). */
  previousId: string | null;
  nextId: string | null;
  startedAt: string | null;
  completedAt: string | null;
  score: number | null;
  moduleVersion: number | null;
  createdAt: string;
  status: AssignmentStatus;
  isRefresher: boolean;
}

export function toAssignment(row: Selectable<AssignmentTable>, today: string): Assignment {
  return {
    id: row.id,
    moduleId: row.module_id,
    userId: row.user_id,
    groupId: row.group_id,
    assignedBy: row.assigned_by,
    dueOn: row.due_on,
    refresherMonths: row.refresher_months === null ? null : Number(row.refresher_months),
    previousId: row.previous_id,
    nextId: row.next_id,
    startedAt: row.started_at,
    completedAt: row.completed_at,
    score: row.score === null ? null : Number(row.score),
    moduleVersion: row.module_version === null ? null : Number(row.module_version),
    createdAt: row.created_at,
    status: statusOf(row, today),
    isRefresher: row.previous_id !== null,
  };
}

/** Completed; else overdue once the due day has passed; else in progress once started. */
export function statusOf(
  row: Pick<AssignmentTable, 'completed_at' | 'due_on' | 'started_at'>,
  today: string,
): AssignmentStatus {
  if (row.completed_at) return 'completed';
  if (today > row.due_on) return 'overdue';
  return row.started_at ? 'in_progress' : 'not_started';
}

/** When a completed assignment's refresher is due, or null when it has no refresher interval. */
export function refresherDueOn(assignment: Pick<Assignment, 'completedAt' | 'refresherMonths'>): string | null {
  if (!assignment.completedAt || !assignment.refresherMonths) return null;
  return addMonths(dayOf(assignment.completedAt), assignment.refresherMonths);
}

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

export interface AssignmentListItem extends Assignment {
  moduleTitle: string;
  moduleActive: boolean;
  lessonCount: number;
  lessonsDone: number;
}

async function withModules(
  ctx: TrainingContext,
  rows: Selectable<AssignmentTable>[],
  today: string,
): Promise<AssignmentListItem[]> {
  if (rows.length === 0) return [];
  const moduleIds = [...new Set(rows.map((row) => row.module_id))];
  const modules = await ctx.db
    .selectFrom('plugin_training_modules')
    .select(['id', 'title', 'active'])
    .where('id', 'in', moduleIds)
    .execute();
  const lessons = await ctx.db
    .selectFrom('plugin_training_lessons')
    .select(['module_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('module_id', 'in', moduleIds)
    .groupBy('module_id')
    .execute();
  const done = await ctx.db
    .selectFrom('plugin_training_lesson_progress')
    .innerJoin('plugin_training_lessons', 'plugin_training_lessons.id', 'plugin_training_lesson_progress.lesson_id')
    .select(['plugin_training_lesson_progress.assignment_id as id', (eb) => eb.fn.countAll<number>().as('n')])
    .where(
      'plugin_training_lesson_progress.assignment_id',
      'in',
      rows.map((row) => row.id),
    )
    .groupBy('plugin_training_lesson_progress.assignment_id')
    .execute();
  const moduleById = new Map(modules.map((row) => [row.id, row]));
  const lessonCount = new Map(lessons.map((row) => [row.module_id, Number(row.n)]));
  const doneCount = new Map(done.map((row) => [row.id, Number(row.n)]));
  return rows.map((row) => ({
    ...toAssignment(row, today),
    moduleTitle: moduleById.get(row.module_id)?.title ?? 'Deleted module',
    moduleActive: Number(moduleById.get(row.module_id)?.active ?? 0) === 1,
    lessonCount: lessonCount.get(row.module_id) ?? 0,
    lessonsDone: doneCount.get(row.id) ?? 0,
  }));
}

const statusOrder: Record<AssignmentStatus, number> = { overdue: 0, in_progress: 1, not_started: 2, completed: 3 };

/** A person's assignments: open ones first (overdue, then by due date), then completed, newest first. */
export async function listAssignmentsForUser(
  ctx: TrainingContext,
  userId: string,
  now = new Date(),
): Promise<AssignmentListItem[]> {
  const rows = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .where('user_id', '=', userId)
    .execute();
  const items = await withModules(ctx, rows, dayOf(now));
  return items.sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] ||
      (a.status === 'completed'
        ? (b.completedAt ?? '').localeCompare(a.completedAt ?? '')
        : a.dueOn.localeCompare(b.dueOn)) ||
      a.moduleTitle.localeCompare(b.moduleTitle),
  );
}

/** A module's assignments with who they are for, by due date. */
export async function listAssignmentsForModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  now = new Date(),
): Promise<(AssignmentListItem & { userName: string; userEmail: string; groupName: string | null })[]> {
  await assertCanManage(ctx, actor);
  const rows = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .where('module_id', '=', moduleId)
    .orderBy('due_on')
    .execute();
  const items = await withModules(ctx, rows, dayOf(now));
  const users = new Map<string, PortalUser | undefined>();
  const groups = new Map((await ctx.core.groups.list()).map((group) => [group.id, group.name]));
  const result = [];
  for (const item of items) {
    if (!users.has(item.userId)) users.set(item.userId, await ctx.core.users.get(item.userId));
    const user = users.get(item.userId);
    result.push({
      ...item,
      userName: user?.name ?? 'Unknown person',
      userEmail: user?.email ?? '',
      groupName: item.groupId ? (groups.get(item.groupId) ?? null) : null,
    });
  }
  return result.sort((a, b) => statusOrder[a.status] - statusOrder[b.status] || a.userName.localeCompare(b.userName));
}

export interface LearningState {
  assignment: Assignment;
  module: ModuleDetail;
  lessons: { id: string; position: number; title: string; done: boolean }[];
  lessonsDone: number;
  /** The first lesson not yet done, or null when all are. */
  nextLesson: number | null;
  /** True when every lesson is done and the module has a quiz still to pass. */
  quizOpen: boolean;
  hasQuiz: boolean;
}

/** One of the user's own assignments with its module and progress; not_found for anyone else's. */
export async function learningState(
  ctx: TrainingContext,
  user: PortalUser,
  assignmentId: string,
  now = new Date(),
): Promise<LearningState> {
  const row = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .where('id', '=', assignmentId)
    .where('user_id', '=', user.id)
    .executeTakeFirst();
  if (!row) throw new TrainingError('not_found', 'There is no such training assignment.');
  const module = await getModule(ctx, row.module_id);
  if (!module) throw new TrainingError('not_found', 'The module of this assignment was deleted.');
  const done = new Set(
    (
      await ctx.db
        .selectFrom('plugin_training_lesson_progress')
        .select('lesson_id')
        .where('assignment_id', '=', assignmentId)
        .execute()
    ).map((progress) => progress.lesson_id),
  );
  const lessons = module.lessons.map((lesson) => ({
    id: lesson.id,
    position: lesson.position,
    title: lesson.title,
    done: done.has(lesson.id),
  }));
  const next = lessons.find((lesson) => !lesson.done);
  const assignment = toAssignment(row, dayOf(now));
  const hasQuiz = module.questions.length > 0;
  return {
    assignment,
    module,
    lessons,
    lessonsDone: lessons.filter((lesson) => lesson.done).length,
    nextLesson: next ? next.position : null,
    quizOpen: hasQuiz && !next && !assignment.completedAt,
    hasQuiz,
  };
}

/**
 * Marks the assignment complete and emits `training.completed`, in the caller's transaction so the
 * event exists exactly when the completion does.
 */
export async function recordCompletion(
  ctx: TrainingContext,
  trx: Transaction<PluginDatabase>,
  state: { assignment: Assignment; module: { id: string; title: string; version: number } },
  score: number | null,
  now: Date,
): Promise<void> {
  const stamp = now.toISOString();
  const result = await trx
    .updateTable('plugin_training_assignments')
    .set({
      completed_at: stamp,
      score,
      module_version: state.module.version,
      started_at: state.assignment.startedAt ?? stamp,
    })
    .where('id', '=', state.assignment.id)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) {
    throw new TrainingError('conflict', 'This assignment is already completed.');
  }
  await ctx.emit(
    'training.completed',
    {
      assignmentId: state.assignment.id,
      moduleId: state.module.id,
      moduleTitle: state.module.title,
      userId: state.assignment.userId,
      score,
    },
    { subjectId: state.assignment.id, actorId: state.assignment.userId, trx },
  );
}

/**
 * Records that the user finished a lesson. When it was the last one and the module has no quiz, the
 * assignment is completed (and `training.completed` emitted).
 */
export async function completeLesson(
  ctx: TrainingContext,
  user: PortalUser,
  assignmentId: string,
  lessonId: string,
  now = new Date(),
): Promise<{ nextLesson: number | null; quizOpen: boolean; completed: boolean }> {
  const state = await learningState(ctx, user, assignmentId, now);
  if (!state.lessons.some((lesson) => lesson.id === lessonId)) {
    throw new TrainingError('not_found', 'There is no such lesson in this module.');
  }
  const stamp = now.toISOString();
  let completed = false;
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plugin_training_lesson_progress')
      .values({ assignment_id: assignmentId, lesson_id: lessonId, completed_at: stamp })
      .onConflict((oc) => oc.columns(['assignment_id', 'lesson_id']).doNothing())
      .execute();
    if (!state.assignment.startedAt) {
      await trx
        .updateTable('plugin_training_assignments')
        .set({ started_at: stamp })
        .where('id', '=', assignmentId)
        .where('started_at', 'is', null)
        .execute();
    }
    const allDone = state.lessons.every((lesson) => lesson.done || lesson.id === lessonId);
    if (allDone && !state.hasQuiz && !state.assignment.completedAt) {
      await recordCompletion(ctx, trx, state, null, now);
      completed = true;
    }
  });
  const after = await learningState(ctx, user, assignmentId, now);
  return {
    nextLesson: after.nextLesson,
    quizOpen: after.quizOpen,
    completed: completed || after.assignment.status === 'completed',
  };
}

export interface DashboardSummary {
  /** Open and not yet overdue. */
  due: number;
  overdue: number;
  completed: number;
  /** The next open assignments, overdue first, then by due date. */
  next: AssignmentListItem[];
}

/** The counts and next items for the desk dashboard. */
export async function dashboardSummary(
  ctx: TrainingContext,
  userId: string,
  now = new Date(),
  limit = 3,
): Promise<DashboardSummary> {
  const items = await listAssignmentsForUser(ctx, userId, now);
  const open = items.filter((item) => item.status !== 'completed');
  return {
    due: open.filter((item) => item.status !== 'overdue').length,
    overdue: open.filter((item) => item.status === 'overdue').length,
    completed: items.filter((item) => item.status === 'completed').length,
    next: open.slice(0, limit),
  };
}
