import type { PortalUser } from 'portico/plugin-api';
import { learningState, recordCompletion } from './assignments.ts';
import { TrainingError } from './errors.ts';
import type { Question } from './modules.ts';
import type { TrainingContext } from './settings.ts';

/** Chosen option indexes by question id. */
export type QuizAnswers = Record<string, number[]>;

export interface QuestionResult {
  questionId: string;
  chosen: number[];
  correct: boolean;
}

export interface Grade {
  /** Percentage of questions answered correctly, rounded down (so a shown score never overstates). */
  score: number;
  passed: boolean;
  correctCount: number;
  total: number;
  results: QuestionResult[];
}

function sameSet(a: readonly number[], b: readonly number[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/**
 * Grades answers: a question counts when exactly the correct options were chosen (all of them for
 * multiple choice, none extra). Passed when the percentage correct is at least the pass mark.
 */
export function gradeQuiz(questions: readonly Question[], answers: QuizAnswers, passMark: number): Grade {
  const results = questions.map((question) => {
    const chosen = [...new Set(answers[question.id] ?? [])].sort((a, b) => a - b);
    return { questionId: question.id, chosen, correct: chosen.length > 0 && sameSet(chosen, question.correct) };
  });
  const total = questions.length;
  const correctCount = results.filter((result) => result.correct).length;
  // Compare exactly (2 of 3 is below a pass mark of 67), then round down for display.
  const passed = total === 0 ? true : correctCount * 100 >= passMark * total;
  const score = total === 0 ? 100 : Math.floor((correctCount * 100) / total);
  return { score, passed, correctCount, total, results };
}

/**
 * Reads a quiz form: single choice as `q-<question id>` = option index, multiple choice as one
 * checkbox per option, `q-<question id>-<index>`.
 */
export function answersFromForm(questions: readonly Question[], form: Record<string, string>): QuizAnswers {
  const answers: QuizAnswers = {};
  for (const question of questions) {
    const chosen: number[] = [];
    if (question.kind === 'single') {
      const value = form[`q-${question.id}`];
      if (value !== undefined && /^\d+$/.test(value) && Number(value) < question.options.length)
        chosen.push(Number(value));
    } else {
      question.options.forEach((_, index) => {
        if (form[`q-${question.id}-${index}`] !== undefined) chosen.push(index);
      });
    }
    answers[question.id] = chosen;
  }
  return answers;
}

export interface Attempt {
  id: string;
  assignmentId: string;
  answers: QuizAnswers;
  wrong: string[];
  score: number;
  passed: boolean;
  createdAt: string;
}

/** The user's latest quiz attempt on an assignment, if any. */
export async function latestAttempt(ctx: TrainingContext, assignmentId: string): Promise<Attempt | undefined> {
  const row = await ctx.db
    .selectFrom('plugin_training_attempts')
    .selectAll()
    .where('assignment_id', '=', assignmentId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    assignmentId: row.assignment_id,
    answers: JSON.parse(row.answers) as QuizAnswers,
    wrong: JSON.parse(row.wrong) as string[],
    score: Number(row.score),
    passed: Number(row.passed) === 1,
    createdAt: row.created_at,
  };
}

/** How many times the quiz was taken on an assignment. */
export async function attemptCount(ctx: TrainingContext, assignmentId: string): Promise<number> {
  const row = await ctx.db
    .selectFrom('plugin_training_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('assignment_id', '=', assignmentId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Grades the user's answers on the server and records the attempt. Every question must be answered.
 * A pass completes the assignment and emits `training.completed` in the same transaction; a fail
 * may be retaken.
 */
export async function submitQuiz(
  ctx: TrainingContext,
  user: PortalUser,
  assignmentId: string,
  answers: QuizAnswers,
  now = new Date(),
): Promise<{ attempt: Attempt; grade: Grade; completed: boolean }> {
  const state = await learningState(ctx, user, assignmentId, now);
  if (state.assignment.completedAt) {
    throw new TrainingError('conflict', 'You have already completed this module.');
  }
  if (!state.hasQuiz) throw new TrainingError('not_found', 'This module has no quiz.');
  if (state.nextLesson !== null) {
    throw new TrainingError('conflict', 'Finish every lesson before taking the quiz.', {
      hint: `Continue with lesson ${state.nextLesson}.`,
    });
  }
  const questions = state.module.questions;
  const fields: Record<string, string> = {};
  for (const question of questions) {
    if ((answers[question.id] ?? []).length === 0) fields[`q-${question.id}`] = 'Choose an answer.';
  }
  if (Object.keys(fields).length > 0) {
    throw new TrainingError('invalid_input', 'Answer every question before submitting.', { fields });
  }
  const grade = gradeQuiz(questions, answers, state.module.passMark);
  const attempt: Attempt = {
    id: crypto.randomUUID(),
    assignmentId,
    answers,
    wrong: grade.results.filter((result) => !result.correct).map((result) => result.questionId),
    score: grade.score,
    passed: grade.passed,
    createdAt: now.toISOString(),
  };
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .insertInto('plugin_training_attempts')
      .values({
        id: attempt.id,
        assignment_id: assignmentId,
        answers: JSON.stringify(answers),
        wrong: JSON.stringify(attempt.wrong),
        score: attempt.score,
        passed: attempt.passed ? 1 : 0,
        created_at: attempt.createdAt,
      })
      .execute();
    if (!state.assignment.startedAt) {
      await trx
        .updateTable('plugin_training_assignments')
        .set({ started_at: attempt.createdAt })
        .where('id', '=', assignmentId)
        .execute();
    }
    if (grade.passed) await recordCompletion(ctx, trx, state, grade.score, now);
  });
  return { attempt, grade, completed: grade.passed };
}
