/** Lists of assignments: a learner's own, a module's, and the dashboard's summary. */
import type { PortalUser, Selectable } from 'portico/plugin-api';
import { assertCanManage } from './access.ts';
import { toAssignment } from './assignment-status.ts';
import type { Assignment, AssignmentStatus } from './assignment-status.ts';
import { dayOf } from './dates.ts';
import type { TrainingContext } from './settings.ts';
import type { AssignmentTable } from './tables.ts';

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

/** An assignment as the module's "Assign" page lists it: with the person and the group by name. */
export interface ModuleAssignmentItem extends AssignmentListItem {
  userName: string;
  userEmail: string;
  groupName: string | null;
}

/** A module's assignments with who they are for, by due date. */
export async function listAssignmentsForModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  now = new Date(),
): Promise<ModuleAssignmentItem[]> {
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
