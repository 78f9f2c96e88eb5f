/** A module's quiz questions: checking, saving and deleting them. */
import type { PortalUser } from 'portico/plugin-api';
import { assertCanManage } from './access.ts';
import { assertNoFieldProblems, TrainingError } from './errors.ts';
import { renumber } from './lessons.ts';
import { bumpVersion } from './module-commands.ts';
import { limits, newId, requireText, text, toQuestion } from './module-model.ts';
import type { Question, QuestionKind } from './module-model.ts';
import { getModule, requireModule } from './module-queries.ts';
import type { TrainingContext } from './settings.ts';

export interface QuestionInput {
  prompt: string;
  kind: string;
  /** Option texts; empty ones are left out (and the correct indexes follow the kept ones). */
  options: string[];
  /** Indexes into `options` as given. */
  correct: number[];
}

/** Validates a question; returns it with empty options removed. */
export function validateQuestion(input: QuestionInput): {
  prompt: string;
  kind: QuestionKind;
  options: string[];
  correct: number[];
} {
  const fields: Record<string, string> = {};
  const prompt = text(input.prompt);
  requireText(fields, 'prompt', prompt, 'the question', limits.prompt);
  const kind = input.kind === 'single' || input.kind === 'multiple' ? input.kind : null;
  if (!kind) fields['kind'] = 'Choose single or multiple choice.';
  const options: string[] = [];
  const correct: number[] = [];
  for (const [index, raw] of input.options.entries()) {
    const option = text(raw);
    if (option === '') {
      if (input.correct.includes(index)) fields[`option${index}`] = 'An empty option cannot be correct.';
      continue;
    }
    if (option.length > limits.option) fields[`option${index}`] = `Keep options under ${limits.option} characters.`;
    if (options.some((other) => other.toLowerCase() === option.toLowerCase())) {
      fields[`option${index}`] = 'This option repeats another one.';
    }
    if (input.correct.includes(index)) correct.push(options.length);
    options.push(option);
  }
  if (options.length < 2) fields['options'] = 'Give at least two options.';
  else if (options.length > limits.maxOptions) fields['options'] = `Give at most ${limits.maxOptions} options.`;
  else if (kind === 'single' && correct.length !== 1) fields['options'] = 'Mark exactly one option as correct.';
  else if (kind === 'multiple' && correct.length === 0) fields['options'] = 'Mark at least one option as correct.';
  assertNoFieldProblems(fields, 'The question could not be saved.');
  return { prompt, kind: kind ?? 'single', options, correct };
}

/** Adds a quiz question at the end (questionId null) or changes one; the module's version goes up. */
export async function saveQuestion(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  questionId: string | null,
  input: QuestionInput,
  now = new Date(),
): Promise<Question> {
  await assertCanManage(ctx, actor);
  await requireModule(ctx, moduleId);
  const values = validateQuestion(input);
  const stamp = now.toISOString();
  const stored = {
    prompt: values.prompt,
    kind: values.kind,
    options: JSON.stringify(values.options),
    correct: JSON.stringify(values.correct),
    updated_at: stamp,
  };
  let id = questionId;
  if (id) {
    const result = await ctx.db
      .updateTable('plugin_training_questions')
      .set(stored)
      .where('id', '=', id)
      .where('module_id', '=', moduleId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new TrainingError('not_found', 'There is no such question.');
  } else {
    const last = await ctx.db
      .selectFrom('plugin_training_questions')
      .select((eb) => eb.fn.max<number>('position').as('position'))
      .where('module_id', '=', moduleId)
      .executeTakeFirst();
    id = newId();
    await ctx.db
      .insertInto('plugin_training_questions')
      .values({ id, module_id: moduleId, position: Number(last?.position ?? 0) + 1, created_at: stamp, ...stored })
      .execute();
  }
  await bumpVersion(ctx, moduleId, now);
  const row = await ctx.db
    .selectFrom('plugin_training_questions')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return toQuestion(row);
}

/** Deletes a quiz question. */
export async function deleteQuestion(
  ctx: TrainingContext,
  actor: PortalUser | null,
  moduleId: string,
  questionId: string,
  now = new Date(),
): Promise<void> {
  await assertCanManage(ctx, actor);
  const result = await ctx.db
    .deleteFrom('plugin_training_questions')
    .where('id', '=', questionId)
    .where('module_id', '=', moduleId)
    .executeTakeFirst();
  if (Number(result.numDeletedRows) === 0) throw new TrainingError('not_found', 'There is no such question.');
  const module = await getModule(ctx, moduleId);
  await renumber(ctx, 'plugin_training_questions', moduleId, module?.questions.map((question) => question.id) ?? []);
  await bumpVersion(ctx, moduleId, now);
}
