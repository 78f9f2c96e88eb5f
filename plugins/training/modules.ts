import type { PortalUser, Selectable } from 'portico/plugin-api';
import { assertCanManage } from './access.ts';
import { assertNoFieldProblems, TrainingError } from './errors.ts';
import type { TrainingContext } from './settings.ts';
import type { LessonTable, ModuleTable, QuestionTable } from './tables.ts';

export interface TrainingModule {
  id: string;
  title: string;
  summary: string;
  passMark: number;
  active: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface Lesson {
  id: string;
  moduleId: string;
  position: number;
  title: string;
  body: string;
}

export type QuestionKind = 'single' | 'multiple';

export interface Question {
  id: string;
  moduleId: string;
  position: number;
  prompt: string;
  kind: QuestionKind;
  options: string[];
  /** Indexes into options. */
  correct: number[];
}

export interface ModuleDetail extends TrainingModule {
  lessons: Lesson[];
  questions: Question[];
}

export interface ModuleSummary extends TrainingModule {
  lessonCount: number;
  questionCount: number;
  assignmentCount: number;
}

export const limits = {
  title: 200,
  summary: 1000,
  body: 50_000,
  prompt: 1000,
  option: 300,
  maxOptions: 8,
} as const;

export function toModule(row: Selectable<ModuleTable>): TrainingModule {
  return {
    id: row.id,
    title: row.title,
    summary: row.summary,
    passMark: Number(row.pass_mark),
    active: Number(row.active) === 1,
    version: Number(row.version),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toLesson(row: Selectable<LessonTable>): Lesson {
  return { id: row.id, moduleId: row.module_id, position: Number(row.position), title: row.title, body: row.body };
}

export function toQuestion(row: Selectable<QuestionTable>): Question {
  return {
    id: row.id,
    moduleId: row.module_id,
    position: Number(row.position),
    prompt: row.prompt,
    kind: row.kind === 'multiple' ? 'multiple' : 'single',
    options: JSON.parse(row.options) as string[],
    correct: JSON.parse(row.correct) as number[],
  };
}

function newId(): string {
  return crypto.randomUUID();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

function requireText(fields: Record<string, string>, name: string, value: string, label: string, max: number): void {
  if (value === '') fields[name] = `Enter ${label}.`;
  else if (value.length > max) fields[name] = `Keep ${label} under ${max} characters.`;
}

export interface ModuleInput {
  title: string;
  summary: string;
  /** A whole number from 0 to 100; the setting's default when empty or missing. */
  passMark?: string | number | undefined;
  active?: boolean | undefined;
}

function validateModule(ctx: TrainingContext, input: ModuleInput) {
  const fields: Record<string, string> = {};
  const title = text(input.title);
  const summary = text(input.summary);
  requireText(fields, 'title', title, 'a title', limits.title);
  requireText(fields, 'summary', summary, 'a summary', limits.summary);
  const rawMark = typeof input.passMark === 'number' ? String(input.passMark) : text(input.passMark);
  let passMark = ctx.settings.defaultPassMark ?? 80;
  if (rawMark !== '') {
    if (!/^\d{1,3}$/.test(rawMark) || Number(rawMark) > 100) fields['passMark'] = 'Enter a whole number from 0 to 100.';
    else passMark = Number(rawMark);
  }
  assertNoFieldProblems(fields, 'The module could not be saved.');
  return { title, summary, passMark, active: input.active ?? true };
}

/** Creates a module (no lessons yet). */
export async function createModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  input: ModuleInput,
  now = new Date(),
): Promise<TrainingModule> {
  const manager = await assertCanManage(ctx, actor);
  const values = validateModule(ctx, input);
  const stamp = now.toISOString();
  const row = {
    id: newId(),
    title: values.title,
    summary: values.summary,
    pass_mark: values.passMark,
    active: values.active ? 1 : 0,
    version: 1,
    created_by: manager.id,
    created_at: stamp,
    updated_at: stamp,
  };
  await ctx.db.insertInto('plugin_training_modules').values(row).execute();
  return toModule(row);
}

/** Changes a module's details; its version goes up. */
export async function updateModule(
  ctx: TrainingContext,
  actor: PortalUser | null,
  id: string,
  input: ModuleInput,
  now = new Date(),
): Promise<TrainingModule> {
  await assertCanManage(ctx, actor);
  await requireModule(ctx, id);
  const values = validateModule(ctx, input);
  await ctx.db
    .updateTable('plugin_training_modules')
    .set((eb) => ({
      title: values.title,
      summary: values.summary,
      pass_mark: values.passMark,
      active: values.active ? 1 : 0,
      version: eb('version', '+', 1),
      updated_at: now.toISOString(),
    }))
    .where('id', '=', id)
    .execute();
  return requireModule(ctx, id);
}

/** Deletes a module nobody was ever assigned; otherwise deactivate it instead. */
export async function deleteModule(ctx: TrainingContext, actor: PortalUser | null, id: string): Promise<void> {
  await assertCanManage(ctx, actor);
  await requireModule(ctx, id);
  const assigned = await ctx.db
    .selectFrom('plugin_training_assignments')
    .select('id')
    .where('module_id', '=', id)
    .limit(1)
    .executeTakeFirst();
  if (assigned) {
    throw new TrainingError('conflict', 'This module has assignments, so it cannot be deleted.', {
      hint: 'Make it inactive instead: its history stays in the reports.',
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('plugin_training_questions').where('module_id', '=', id).execute();
    await trx.deleteFrom('plugin_training_lessons').where('module_id', '=', id).execute();
    await trx.deleteFrom('plugin_training_modules').where('id', '=', id).execute();
  });
}

async function bumpVersion(ctx: TrainingContext, moduleId: string, now: Date): Promise<void> {
  await ctx.db
    .updateTable('plugin_training_modules')
    .set((eb) => ({ version: eb('version', '+', 1), updated_at: now.toISOString() }))
    .where('id', '=', moduleId)
    .execute();
}

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

async function renumber(
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
