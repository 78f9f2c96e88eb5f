import type { PortalUser } from 'portico/plugin-api';
import { refresherDueOn, toAssignment } from './assignments.ts';
import { addDays, dayOf, daysBetween, formatDay } from './dates.ts';
import type { TrainingContext } from './settings.ts';

export interface ReminderRun {
  dueSoon: number;
  overdue: number;
  refreshers: number;
}

function link(ctx: TrainingContext, assignmentId: string): string {
  return ctx.core.url(`/plugins/training/assignments/${assignmentId}`);
}

/**
 * The daily reminder run:
 * - a refresher assignment is created for each completion whose refresher interval ends within
 *   `reminderDaysBefore` days (due on completion day + interval), and the person is told;
 * - an open assignment due within `reminderDaysBefore` days is reminded once;
 * - an overdue assignment is reminded, then again every `overdueReminderEveryDays` days.
 * Deactivated people, customers and inactive modules get nothing new.
 */
export async function runReminders(ctx: TrainingContext, now = new Date()): Promise<ReminderRun> {
  const today = dayOf(now);
  const stamp = now.toISOString();
  const daysBefore = ctx.settings.reminderDaysBefore ?? 3;
  const every = Math.max(1, ctx.settings.overdueReminderEveryDays ?? 7);
  const run: ReminderRun = { dueSoon: 0, overdue: 0, refreshers: 0 };
  const users = new Map<string, PortalUser | undefined>();
  const userOf = async (id: string) => {
    if (!users.has(id)) users.set(id, await ctx.core.users.get(id));
    const user = users.get(id);
    return user?.active && user.role !== 'customer' ? user : undefined;
  };
  const modules = new Map(
    (await ctx.db.selectFrom('plugin_training_modules').select(['id', 'title', 'active']).execute()).map((row) => [
      row.id,
      { title: row.title, active: Number(row.active) === 1 },
    ]),
  );

  // Refreshers.
  const completed = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .where('completed_at', 'is not', null)
    .where('refresher_months', 'is not', null)
    .where('next_id', 'is', null)
    .execute();
  for (const row of completed) {
    const dueOn = refresherDueOn(toAssignment(row, today));
    const module = modules.get(row.module_id);
    if (!dueOn || today < addDays(dueOn, -daysBefore) || !module?.active) continue;
    const user = await userOf(row.user_id);
    if (!user) continue;
    const open = await ctx.db
      .selectFrom('plugin_training_assignments')
      .select('id')
      .where('user_id', '=', row.user_id)
      .where('module_id', '=', row.module_id)
      .where('completed_at', 'is', null)
      .executeTakeFirst();
    const id = open?.id ?? crypto.randomUUID();
    await ctx.db.transaction().execute(async (trx) => {
      if (!open) {
        await trx
          .insertInto('plugin_training_assignments')
          .values({
            id,
            module_id: row.module_id,
            user_id: row.user_id,
            group_id: row.group_id,
            assigned_by: null,
            due_on: dueOn,
            refresher_months: row.refresher_months,
            previous_id: row.id,
            next_id: null,
            started_at: null,
            completed_at: null,
            score: null,
            module_version: null,
            // The refresher notice below doubles as the "due soon" reminder.
            due_soon_reminded_at: stamp,
            overdue_reminded_at: null,
            created_at: stamp,
          })
          .execute();
      }
      await trx.updateTable('plugin_training_assignments').set({ next_id: id }).where('id', '=', row.id).execute();
    });
    if (open) continue; // someone assigned it again by hand meanwhile: that assignment is the refresher
    run.refreshers++;
    await ctx.core.mail.send({
      to: user.email,
      subject: `Refresher training due: ${module.title}`,
      text: [
        `Hello ${user.name},`,
        '',
        `You completed "${module.title}" on ${formatDay(dayOf(row.completed_at ?? stamp))}. It is refreshed every ${row.refresher_months} months, so it is due again by ${formatDay(dueOn)}.`,
        '',
        `Start the refresher: ${link(ctx, id)}`,
      ].join('\n'),
    });
  }

  // Due soon and overdue.
  const open = await ctx.db
    .selectFrom('plugin_training_assignments')
    .selectAll()
    .where('completed_at', 'is', null)
    .execute();
  for (const row of open) {
    const module = modules.get(row.module_id);
    if (!module) continue;
    const overdue = today > row.due_on;
    const remindOverdue =
      overdue && (!row.overdue_reminded_at || daysBetween(dayOf(row.overdue_reminded_at), today) >= every);
    const untilDue = daysBetween(today, row.due_on);
    const remindSoon = !overdue && daysBefore > 0 && untilDue <= daysBefore && !row.due_soon_reminded_at;
    if (!remindOverdue && !remindSoon) continue;
    const user = await userOf(row.user_id);
    if (!user) continue;
    if (remindOverdue) {
      await ctx.db
        .updateTable('plugin_training_assignments')
        .set({ overdue_reminded_at: stamp })
        .where('id', '=', row.id)
        .execute();
      run.overdue++;
      const late = daysBetween(row.due_on, today);
      await ctx.core.mail.send({
        to: user.email,
        subject: `Overdue training: ${module.title}`,
        text: [
          `Hello ${user.name},`,
          '',
          `The training "${module.title}" was due on ${formatDay(row.due_on)} and is now ${late} ${late === 1 ? 'day' : 'days'} overdue.`,
          '',
          `Complete it here: ${link(ctx, row.id)}`,
        ].join('\n'),
      });
    } else {
      await ctx.db
        .updateTable('plugin_training_assignments')
        .set({ due_soon_reminded_at: stamp })
        .where('id', '=', row.id)
        .execute();
      run.dueSoon++;
      const when = untilDue === 0 ? 'today' : untilDue === 1 ? 'tomorrow' : `in ${untilDue} days`;
      await ctx.core.mail.send({
        to: user.email,
        subject: `Training due ${when}: ${module.title}`,
        text: [
          `Hello ${user.name},`,
          '',
          `The training "${module.title}" is due ${when}, on ${formatDay(row.due_on)}.`,
          '',
          `Complete it here: ${link(ctx, row.id)}`,
        ].join('\n'),
      });
    }
  }
  if (run.dueSoon + run.overdue + run.refreshers > 0) ctx.log.info({ ...run }, 'training reminders sent');
  return run;
}
