/** Taking a module: where a learner is, completing lessons and recording the completion. */
import type { PluginDatabase, PortalUser, Transaction } from 'portico/plugin-api';
import { toAssignment } from './assignment-status.ts';
import type { Assignment } from './assignment-status.ts';
import { dayOf } from './dates.ts';
import { TrainingError } from './errors.ts';
import type { ModuleDetail } from './module-model.ts';
import { getModule } from './module-queries.ts';
import type { TrainingContext } from './settings.ts';

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
