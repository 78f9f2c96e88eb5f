import { describe, expect, it } from 'vitest';
import {
  createModule,
  deleteLesson,
  deleteModule,
  getModule,
  listModules,
  moveLesson,
  saveLesson,
  saveQuestion,
  updateModule,
  validateQuestion,
} from '../modules.ts';
import { assignModule } from '../assignments.ts';
import { TrainingError } from '../errors.ts';
import { makeModule, useFixture } from './helpers.ts';

const f = useFixture();

async function problem(promise: Promise<unknown>): Promise<TrainingError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(TrainingError);
  return error as TrainingError;
}

describe('createModule', () => {
  it('creates an active module at version 1 with the default pass mark from the settings', async () => {
    const module = await createModule(f.ctx, f.admin, { title: ' Phishing ', summary: 'Spotting phishing.' });
    expect(module).toMatchObject({ title: 'Phishing', passMark: 80, active: true, version: 1 });
    expect(await listModules(f.ctx)).toHaveLength(1);
  });

  it('refuses a missing title and summary and a pass mark outside 0–100, naming each field', async () => {
    const error = await problem(createModule(f.ctx, f.admin, { title: '', summary: ' ', passMark: '101' }));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toBe('The module could not be saved.');
    expect(error.fields).toEqual({
      title: 'Enter a title.',
      summary: 'Enter a summary.',
      passMark: 'Enter a whole number from 0 to 100.',
    });
  });

  it('refuses an agent, who may not manage training', async () => {
    const agent = await f.t.user('agent');
    const error = await problem(createModule(f.ctx, agent, { title: 'X', summary: 'Y' }));
    expect(error.code).toBe('forbidden');
    expect(error.message).toBe('You may not manage training.');
  });
});

describe('updateModule', () => {
  it('saves the details and raises the version', async () => {
    const module = await makeModule(f, { lessons: 0 });
    const updated = await updateModule(f.ctx, f.admin, module.id, {
      title: 'Password hygiene 2',
      summary: 'New summary',
      passMark: 90,
      active: false,
    });
    expect(updated).toMatchObject({ title: 'Password hygiene 2', passMark: 90, active: false, version: 2 });
  });

  it('answers not_found for an unknown module', async () => {
    expect((await problem(updateModule(f.ctx, f.admin, 'nope', { title: 'a', summary: 'b' }))).code).toBe('not_found');
  });
});

describe('lessons', () => {
  it('appends lessons in order, edits, moves and deletes them, raising the version each time', async () => {
    const module = await makeModule(f, { lessons: 3 });
    let detail = await getModule(f.ctx, module.id);
    expect(detail?.lessons.map((lesson) => lesson.title)).toEqual(['Lesson 1', 'Lesson 2', 'Lesson 3']);
    const [first, second] = detail?.lessons ?? [];
    await saveLesson(f.ctx, f.admin, module.id, second?.id ?? '', { title: 'Renamed', body: 'New body' });
    await moveLesson(f.ctx, f.admin, module.id, second?.id ?? '', 'up');
    await deleteLesson(f.ctx, f.admin, module.id, first?.id ?? '');
    detail = await getModule(f.ctx, module.id);
    expect(detail?.lessons.map((lesson) => [lesson.position, lesson.title])).toEqual([
      [1, 'Renamed'],
      [2, 'Lesson 3'],
    ]);
    expect(detail?.version).toBe(1 + 3 + 3);
  });

  it('refuses a lesson without a title or text', async () => {
    const module = await makeModule(f, { lessons: 0 });
    const error = await problem(saveLesson(f.ctx, f.admin, module.id, null, { title: '', body: '  ' }));
    expect(error.fields).toEqual({ title: 'Enter a title.', body: 'Enter the lesson text.' });
  });
});

describe('validateQuestion', () => {
  it('drops empty options and keeps the correct indexes on the kept ones', () => {
    expect(validateQuestion({ prompt: 'Q?', kind: 'multiple', options: ['a', '', 'b', 'c'], correct: [2, 3] })).toEqual(
      { prompt: 'Q?', kind: 'multiple', options: ['a', 'b', 'c'], correct: [1, 2] },
    );
  });

  it('wants exactly one correct option for single choice', () => {
    expect(() => validateQuestion({ prompt: 'Q?', kind: 'single', options: ['a', 'b'], correct: [0, 1] })).toThrow(
      expect.objectContaining({ fields: { options: 'Mark exactly one option as correct.' } }),
    );
  });

  it('wants at least two options, no repeats and at least one correct for multiple choice', () => {
    expect(() => validateQuestion({ prompt: 'Q?', kind: 'multiple', options: ['a', 'b'], correct: [] })).toThrow(
      expect.objectContaining({ fields: { options: 'Mark at least one option as correct.' } }),
    );
    expect(() => validateQuestion({ prompt: 'Q?', kind: 'single', options: ['a'], correct: [0] })).toThrow(
      expect.objectContaining({ fields: { options: 'Give at least two options.' } }),
    );
    expect(() => validateQuestion({ prompt: '', kind: 'odd', options: ['a', 'A'], correct: [0] })).toThrow(
      expect.objectContaining({
        fields: {
          prompt: 'Enter the question.',
          kind: 'Choose single or multiple choice.',
          option1: 'This option repeats another one.',
        },
      }),
    );
  });
});

describe('saveQuestion', () => {
  it('stores questions in order with their options and answers', async () => {
    const module = await makeModule(f, { lessons: 1, quiz: true });
    const detail = await getModule(f.ctx, module.id);
    expect(detail?.questions.map((question) => [question.position, question.kind, question.correct])).toEqual([
      [1, 'single', [1]],
      [2, 'multiple', [0, 2]],
    ]);
  });

  it('refuses an agent', async () => {
    const module = await makeModule(f, { lessons: 1 });
    const agent = await f.t.user('agent');
    const error = await problem(
      saveQuestion(f.ctx, agent, module.id, null, { prompt: 'Q', kind: 'single', options: ['a', 'b'], correct: [0] }),
    );
    expect(error.code).toBe('forbidden');
  });
});

describe('deleteModule', () => {
  it('deletes a module nobody was assigned', async () => {
    const module = await makeModule(f, { quiz: true });
    await deleteModule(f.ctx, f.admin, module.id);
    expect(await getModule(f.ctx, module.id)).toBeUndefined();
  });

  it('refuses once the module has assignments', async () => {
    const module = await makeModule(f);
    const agent = await f.t.user('agent');
    await assignModule(f.ctx, f.admin, { moduleId: module.id, userIds: [agent.id], dueOn: '2999-01-01' });
    const error = await problem(deleteModule(f.ctx, f.admin, module.id));
    expect(error.code).toBe('conflict');
    expect(error.hint).toBe('Make it inactive instead: its history stays in the reports.');
  });
});
