/** Reading modules: one with its lessons and questions, or the list with counts. */
import { TrainingError } from './errors.ts';
import { toLesson, toModule, toQuestion } from './module-model.ts';
import type { ModuleDetail, ModuleSummary, TrainingModule } from './module-model.ts';
import type { TrainingContext } from './settings.ts';

/** A module by id, or not_found. */
export async function requireModule(ctx: TrainingContext, id: string): Promise<TrainingModule> {
  const row = await ctx.db.selectFrom('plugin_training_modules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw new TrainingError('not_found', 'There is no such training module.');
  return toModule(row);
}

/** A module with its lessons and questions, in order; undefined when there is none. */
export async function getModule(ctx: TrainingContext, id: string): Promise<ModuleDetail | undefined> {
  const row = await ctx.db.selectFrom('plugin_training_modules').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [lessons, questions] = await Promise.all([
    ctx.db.selectFrom('plugin_training_lessons').selectAll().where('module_id', '=', id).orderBy('position').execute(),
    ctx.db
      .selectFrom('plugin_training_questions')
      .selectAll()
      .where('module_id', '=', id)
      .orderBy('position')
      .execute(),
  ]);
  return { ...toModule(row), lessons: lessons.map(toLesson), questions: questions.map(toQuestion) };
}

/** Every module with its numbers of lessons, questions and assignments, by title. */
export async function listModules(
  ctx: TrainingContext,
  filter: { activeOnly?: boolean } = {},
): Promise<ModuleSummary[]> {
  let query = ctx.db.selectFrom('plugin_training_modules').selectAll().orderBy('title');
  if (filter.activeOnly) query = query.where('active', '=', 1);
  const rows = await query.execute();
  const count = async (
    table: 'plugin_training_lessons' | 'plugin_training_questions' | 'plugin_training_assignments',
  ) =>
    new Map(
      (
        await ctx.db
          .selectFrom(table)
          .select(['module_id', (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy('module_id')
          .execute()
      ).map((row) => [row.module_id, Number(row.n)]),
    );
  const [lessons, questions, assignments] = await Promise.all([
    count('plugin_training_lessons'),
    count('plugin_training_questions'),
    count('plugin_training_assignments'),
  ]);
  return rows.map((row) => ({
    ...toModule(row),
    lessonCount: lessons.get(row.id) ?? 0,
    questionCount: questions.get(row.id) ?? 0,
    assignmentCount: assignments.get(row.id) ?? 0,
  }));
}
