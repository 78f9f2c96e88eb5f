import type { PortalUser, Selectable } from 'portico/plugin-api';
import { assertCanReport } from './access.ts';
import { statusLabels, statusOf } from './assignments.ts';
import type { AssignmentStatus } from './assignments.ts';
import { dayOf } from './dates.ts';
import type { TrainingContext } from './settings.ts';
import type { AssignmentTable } from './tables.ts';

/** Counts of current assignments by status; the four statuses add up to `assigned`. */
export interface Tally {
  assigned: number;
  completed: number;
  inProgress: number;
  overdue: number;
  notStarted: number;
  /** completed / assigned, as a whole percentage (0 when nothing is assigned). */
  percentCompleted: number;
}

export interface TrainingReport {
  /** The day the statuses were worked out for. */
  asOf: string;
  totals: Tally;
  byPerson: { userId: string; name: string; email: string; tally: Tally }[];
  byModule: { moduleId: string; title: string; active: boolean; tally: Tally }[];
  byGroup: { groupId: string; name: string; people: number; tally: Tally }[];
}

function emptyTally(): Tally {
  return { assigned: 0, completed: 0, inProgress: 0, overdue: 0, notStarted: 0, percentCompleted: 0 };
}

function add(tally: Tally, status: AssignmentStatus): void {
  tally.assigned++;
  if (status === 'completed') tally.completed++;
  else if (status === 'overdue') tally.overdue++;
  else if (status === 'in_progress') tally.inProgress++;
  else tally.notStarted++;
  tally.percentCompleted = Math.round((tally.completed * 100) / tally.assigned);
}

/**
 * The assignment that counts for each person and module now: the latest one (a refresher replaces the
 * completion it refreshes, so someone whose refresher is overdue counts as overdue).
 */
export function currentAssignments<Row extends Pick<AssignmentTable, 'user_id' | 'module_id' | 'created_at' | 'id'>>(
  rows: readonly Row[],
): Row[] {
  const latest = new Map<string, Row>();
  for (const row of rows) {
    const key = `${row.user_id}\u0000${row.module_id}`;
    const seen = latest.get(key);
    if (!seen || row.created_at > seen.created_at || (row.created_at === seen.created_at && row.id > seen.id)) {
      latest.set(key, row);
    }
  }
  return [...latest.values()];
}

async function usersById(ctx: TrainingContext, ids: readonly string[]): Promise<Map<string, PortalUser>> {
  const users = new Map<string, PortalUser>();
  for (const id of new Set(ids)) {
    const user = await ctx.core.users.get(id);
    if (user) users.set(id, user);
  }
  return users;
}

/**
 * Completion figures by person, by module and by group (its current members), over each active
 * person's current assignment of each module. Needs `training.report`.
 */
export async function trainingReport(
  ctx: TrainingContext,
  actor: PortalUser | null,
  now = new Date(),
): Promise<TrainingReport> {
  await assertCanReport(ctx, actor);
  const today = dayOf(now);
  const rows = await ctx.db.selectFrom('plugin_training_assignments').selectAll().execute();
  const modules = await ctx.db.selectFrom('plugin_training_modules').select(['id', 'title', 'active']).execute();
  const users = await usersById(
    ctx,
    rows.map((row) => row.user_id),
  );
  const current = currentAssignments(rows).filter((row) => users.get(row.user_id)?.active);

  const totals = emptyTally();
  const byUser = new Map<string, Tally>();
  const byModule = new Map<string, Tally>();
  for (const row of current) {
    const status = statusOf(row, today);
    add(totals, status);
    const person = byUser.get(row.user_id) ?? emptyTally();
    add(person, status);
    byUser.set(row.user_id, person);
    const module = byModule.get(row.module_id) ?? emptyTally();
    add(module, status);
    byModule.set(row.module_id, module);
  }

  const byGroup: TrainingReport['byGroup'] = [];
  for (const group of await ctx.core.groups.list()) {
    const members = new Set((await ctx.core.groups.members(group.id)).map((member) => member.user.id));
    const tally = emptyTally();
    for (const row of current) if (members.has(row.user_id)) add(tally, statusOf(row, today));
    byGroup.push({ groupId: group.id, name: group.name, people: members.size, tally });
  }

  return {
    asOf: today,
    totals,
    byPerson: [...byUser.entries()]
      .map(([userId, tally]) => ({
        userId,
        name: users.get(userId)?.name ?? 'Unknown person',
        email: users.get(userId)?.email ?? '',
        tally,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    byModule: modules
      .map((module) => ({
        moduleId: module.id,
        title: module.title,
        active: Number(module.active) === 1,
        tally: byModule.get(module.id) ?? emptyTally(),
      }))
      .filter((module) => module.active || module.tally.assigned > 0)
      .sort((a, b) => a.title.localeCompare(b.title)),
    byGroup: byGroup.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/** A CSV cell: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvColumns = [
  'Person',
  'Email',
  'Module',
  'Group',
  'Status',
  'Due',
  'Refresher',
  'Started',
  'Completed',
  'Score',
  'Module version',
] as const;

/** Every assignment (history included) as CSV, by person then module then due date. Needs `training.report`. */
export async function exportCsv(ctx: TrainingContext, actor: PortalUser | null, now = new Date()): Promise<string> {
  await assertCanReport(ctx, actor);
  const today = dayOf(now);
  const rows: Selectable<AssignmentTable>[] = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .execute();
  const modules = new Map(
    (await ctx.db.selectFrom('plugin_training_modules').select(['id', 'title']).execute()).map((row) => [
      row.id,
      row.title,
    ]),
  );
  const groups = new Map((await ctx.core.groups.list()).map((group) => [group.id, group.name]));
  const users = await usersById(
    ctx,
    rows.map((row) => row.user_id),
  );
  const lines = rows
    .map((row) => ({
      row,
      person: users.get(row.user_id)?.name ?? 'Unknown person',
      module: modules.get(row.module_id) ?? 'Deleted module',
    }))
    .sort(
      (a, b) =>
        a.person.localeCompare(b.person) ||
        a.module.localeCompare(b.module) ||
        a.row.due_on.localeCompare(b.row.due_on),
    )
    .map(({ row, person, module }) =>
      [
        person,
        users.get(row.user_id)?.email ?? '',
        module,
        row.group_id ? (groups.get(row.group_id) ?? '') : '',
        statusLabels[statusOf(row, today)],
        row.due_on,
        row.previous_id ? 'yes' : 'no',
        row.started_at ? dayOf(row.started_at) : '',
        row.completed_at ? dayOf(row.completed_at) : '',
        row.score === null ? '' : Number(row.score),
        row.module_version === null ? '' : Number(row.module_version),
      ]
        .map(csvCell)
        .join(','),
    );
  return [csvColumns.join(','), ...lines].join('\r\n') + '\r\n';
}
