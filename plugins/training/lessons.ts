/** A module's lessons: saving, reordering and deleting them. */
import type { PortalUser } from 'portico/plugin-api';
import { assertCanManage } from './access.ts';
import { assertNoFieldProblems, TrainingError } from './errors.ts';
import { bumpVersion } from './module-commands.ts';
import { limits, newId, requireText, text, toLesson } from './module-model.ts';
import type { Lesson } from './module-model.ts';
import { getModule, requireModule } from './module-queries.ts';
import type { TrainingContext } from './settings.ts';

export interface LessonInput {
  title: string;
  body: string;
}

/** Adds a lesson at the end (lessonId null) or changes one; the module's version goes up. */
export async function saveLesson(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  lessonId: string | null,
  input: LessonInput,
  now = new Date(),
): Promise<Lesson> {
  await assertCanManage(ctx, actor);
  await requireModule(ctx, moduleId);
  const fields: Record<string, string> = {};
  const title = text(input.title);
  const body = typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n').trim() : '';
  requireText(fields, 'title', title, 'a title', limits.title);
  requireText(fields, 'body', body, 'the lesson text', limits.body);
  assertNoFieldProblems(fields, 'The lesson could not be saved.');
  const stamp = now.toISOString();
  let id = lessonId;
  await ctx.db.transaction().execute(async (trx) => {
    if (id) {
      const result = await trx
        .updateTable('plugin_training_lessons')
        .set({ title, body, updated_at: stamp })
        .where('id', '=', id)
        .where('module_id', '=', moduleId)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0) throw new TrainingError('not_found', 'There is no such lesson.');
    } else {
      const last = await trx
        .selectFrom('plugin_training_lessons')
        .select((eb) => eb.fn.max<number>('position').as('position'))
        .where('module_id', '=', moduleId)
        .executeTakeFirst();
      id = newId();
      await trx
        .insertInto('plugin_training_lessons')
        .values({
          id,
          module_id: moduleId,
          position: Number(last?.position ?? 0) + 1,
          title,
          body,
          created_at: stamp,
          updated_at: stamp,
        })
        .execute();
    }
  });
  await bumpVersion(ctx, moduleId, now);
  const row = await ctx.db
    .selectFrom('plugin_training_lessons')
    .selectAll()
    .where('id', '=', id ?? '')
    .executeTakeFirstOrThrow();
  return toLesson(row);
}

export async function renumber(
  ctx: TrainingContext,
  table: 'plugin_training_lessons' | 'plugin_training_questions',
  moduleId: string,
  ids: string[],
) {
  await ctx.db.transaction().execute(async (trx) => {
    for (const [index, id] of ids.entries()) {
      await trx
        .updateTable(table)
        .set({ position: index + 1 })
        .where('id', '=', id)
        .where('module_id', '=', moduleId)
        .execute();
    }
  });
}

/** Moves a lesson one place up or down. */
export async function moveLesson(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  lessonId: string,
  direction: 'up' | 'down',
  now = new Date(),
): Promise<void> {
  await assertCanManage(ctx, actor);
  const module = await getModule(ctx, moduleId);
  if (!module) throw new TrainingError('not_found', 'There is no such training module.');
  const ids = module.lessons.map((lesson) => lesson.id);
  const index = ids.indexOf(lessonId);
  if (index < 0) throw new TrainingError('not_found', 'There is no such lesson.');
  const target = direction === 'up' ? index - 1 : index + 1;
  if (target < 0 || target >= ids.length) return;
  [ids[index], ids[target]] = [ids[target] ?? '', ids[index] ?? ''];
  await renumber(ctx, 'plugin_training_lessons', moduleId, ids);
  await bumpVersion(ctx, moduleId, now);
}

/** Deletes a lesson (and everyone's progress on it). */
export async function deleteLesson(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  lessonId: string,
  now = new Date(),
): Promise<void> {
  await assertCanManage(ctx, actor);
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plugin_training_lesson_progress').where('lesson_id', '=', lessonId).execute();
    const result = await trx
      .deleteFrom('plugin_training_lessons')
      .where('id', '=', lessonId)
      .where('module_id', '=', moduleId)
      .executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) throw new TrainingError('not_found', 'There is no such lesson.');
  });
  const module = await getModule(ctx, moduleId);
  await renumber(ctx, 'plugin_training_lessons', moduleId, module?.lessons.map((lesson) => lesson.id) ?? []);
  await bumpVersion(ctx, moduleId, now);
}
